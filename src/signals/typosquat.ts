/**
 * Names one or two edits away from a popular package (Damerau–Levenshtein:
 * insert, delete, substitute, swap neighbours), the usual shape of a
 * typosquat (`lodahs`, `expres`, `crossenv`). Popular names themselves, and
 * names whose only difference is a scope, are not flagged.
 */
export class TyposquatIndex {
  /** Names established enough never to be flagged. */
  readonly #popular: Set<string>;
  readonly #byLength = new Map<number, { names: string[]; masks: number[] }>();

  /**
   * `rankedNames`: most downloaded first. The first `targets` are what
   * typosquats imitate; every listed name is established and never flagged
   * (`nocache` is not a typo of `no-cache`: millions use it).
   */
  constructor(rankedNames: readonly string[], targets = 5_000) {
    this.#popular = new Set(rankedNames);
    for (const name of rankedNames.slice(0, targets)) {
      const bucket = this.#byLength.get(name.length) ?? { names: [], masks: [] };
      bucket.names.push(name);
      bucket.masks.push(characterMask(name));
      this.#byLength.set(name.length, bucket);
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
    const mask = characterMask(bare);
    for (let length = bare.length - 2; length <= bare.length + 2; length++) {
      const bucket = this.#byLength.get(length);
      if (!bucket) continue;
      for (let index = 0; index < bucket.names.length; index++) {
        const candidate = bucket.names[index];
        if (candidate === undefined || bitCount(mask ^ (bucket.masks[index] ?? 0)) > 4) continue;
        const distance = editDistance(bare, candidate, 2);
        if (distance > 0 && distance <= 2 && (!best || distance < best.distance || (distance === best.distance && candidate < best.target))) {
          best = { target: candidate, distance };
        }
      }
    }
    return best;
  }
}

/**
 * Which characters a name holds, folded onto 32 bits. One edit changes at
 * most two bits (a substitution drops one character and adds another; a swap
 * changes none), so names two edits apart differ in at most four: a cheap
 * test that skips the edit distance for almost every pair of names.
 */
function characterMask(name: string): number {
  let mask = 0;
  for (let i = 0; i < name.length; i++) mask |= 1 << (name.charCodeAt(i) & 31);
  return mask;
}

function bitCount(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
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
