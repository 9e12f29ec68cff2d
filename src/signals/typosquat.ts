/**
 * Names one or two edits away from a popular package (Damerau–Levenshtein:
 * insert, delete, substitute, swap neighbours), the usual shape of a
 * typosquat (`lodahs`, `expres`, `crossenv`). Popular names themselves, and
 * names whose only difference is a scope, are not flagged.
 */
export class TyposquatIndex {
  /** Names established enough never to be flagged. */
  readonly #popular: Set<string>;
  readonly #byLength = new Map<number, string[]>();

  /**
   * `rankedNames`: most downloaded first. The first `targets` are what
   * typosquats imitate; every listed name is established and never flagged
   * (`nocache` is not a typo of `no-cache`: millions use it).
   */
  constructor(rankedNames: readonly string[], targets = 5_000) {
    this.#popular = new Set(rankedNames);
    for (const name of rankedNames.slice(0, targets)) {
      const list = this.#byLength.get(name.length) ?? [];
      list.push(name);
      this.#byLength.set(name.length, list);
    }
  }

  /** The popular name this one imitates, with its edit distance, or undefined. */
  lookalike(name: string): { target: string; distance: number } | undefined {
    if (this.#popular.has(name)) return undefined;
    const bare = name.startsWith('@') ? name.slice(name.indexOf('/') + 1) : name;
    if (this.#popular.has(bare)) return undefined; // `@acme/lodash` is a scope, not a typo
    // Very short names are all within two edits of each other.
    if (bare.length < 5) return undefined;
    let best: { target: string; distance: number } | undefined;
    for (let length = bare.length - 2; length <= bare.length + 2; length++) {
      for (const candidate of this.#byLength.get(length) ?? []) {
        const distance = editDistance(bare, candidate, 2);
        if (distance > 0 && distance <= 2 && (!best || distance < best.distance || (distance === best.distance && candidate < best.target))) {
          best = { target: candidate, distance };
        }
      }
    }
    return best;
  }
}

/** Optimal string alignment distance, giving up (returning max + 1) once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const previous2 = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, (previous2[j - 2] ?? 0) + 1);
      current[j] = value;
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    previous2.splice(0, previous2.length, ...previous);
    previous = current;
  }
  return previous[b.length] ?? max + 1;
}
