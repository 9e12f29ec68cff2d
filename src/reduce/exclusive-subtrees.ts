import type { Inventory } from '../model/component.js';
import { ROOT_ID } from '../model/component.js';

/**
 * For each direct dependency, what leaves the tree when the project's own
 * declarations of it (root and workspaces, every scope) are removed: the
 * components reachable from the root now but not without those edges. It
 * includes the dependency itself unless something else still needs it.
 */
export function leavingWith(inventory: Inventory, directIds: readonly string[]): Map<string, string[]> {
  const ids = [ROOT_ID, ...inventory.components.map((component) => component.id)];
  const index = new Map(ids.map((id, i) => [id, i]));
  const projectNodes = new Set([0, ...inventory.components.filter((c) => c.isWorkspace).map((c) => index.get(c.id) ?? -1)]);
  const outgoing: number[][] = ids.map(() => []);
  for (const edge of inventory.edges) {
    if (edge.to === undefined) continue;
    const from = index.get(edge.from);
    const to = index.get(edge.to);
    if (from !== undefined && to !== undefined) outgoing[from]?.push(to);
  }
  const everything = reach(outgoing, projectNodes, -1);
  const result = new Map<string, string[]>();
  for (const id of directIds) {
    const removed = index.get(id);
    if (removed === undefined) continue;
    const without = reach(outgoing, projectNodes, removed);
    const leaving: string[] = [];
    for (let i = 1; i < ids.length; i++) if (everything[i] === 1 && without[i] === 0) leaving.push(ids[i] ?? '');
    result.set(id, leaving.sort());
  }
  return result;
}

/** Breadth first from the root; edges from the project's own nodes to `cut` are skipped. */
function reach(outgoing: readonly number[][], projectNodes: ReadonlySet<number>, cut: number): Uint8Array {
  const seen = new Uint8Array(outgoing.length);
  seen[0] = 1;
  const queue = [0];
  for (let head = 0; head < queue.length; head++) {
    const from = queue[head] ?? 0;
    const fromProject = projectNodes.has(from);
    for (const to of outgoing[from] ?? []) {
      if (seen[to] === 1 || (fromProject && to === cut)) continue;
      seen[to] = 1;
      queue.push(to);
    }
  }
  return seen;
}
