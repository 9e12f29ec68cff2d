/**
 * Groups records that share an id or alias (a GHSA, its CVE, an NSWG id…)
 * with a union-find over every id they name; returns groups of record
 * indexes in a stable order.
 */
export function groupByAlias(records: ReadonlyArray<{ id: string; aliases?: readonly string[] | undefined }>): number[][] {
  const parent = records.map((_, index) => index);
  const find = (index: number): number => {
    let root = index;
    while (parent[root] !== root) root = parent[root] ?? root;
    while (parent[index] !== root) {
      const next = parent[index] ?? root;
      parent[index] = root;
      index = next;
    }
    return root;
  };
  const owner = new Map<string, number>();
  records.forEach((record, index) => {
    for (const id of [record.id, ...(record.aliases ?? [])]) {
      const seen = owner.get(id);
      if (seen === undefined) owner.set(id, index);
      else parent[find(index)] = find(seen);
    }
  });
  const groups = new Map<number, number[]>();
  records.forEach((_, index) => {
    const root = find(index);
    const group = groups.get(root) ?? [];
    group.push(index);
    groups.set(root, group);
  });
  return [...groups.values()];
}
