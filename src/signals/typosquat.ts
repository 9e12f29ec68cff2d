/**
 * Names one or two edits away from a popular package (Damerau–Levenshtein:
 * insert, delete, substitute, swap neighbours), the usual shape of a
 * typosquat (`lodahs`, `expres`, `crossenv`). Popular names themselves, and
 * names whose only difference is a scope, are not flagged.
 *
 * A scoped name is compared whole, and only with scoped names of other
 * scopes. Only a scope's owner can publish under it (npm docs, "scope"), so
 * what a scoped package can imitate is another scope (`@tyeps/node`,
 * `@typescript_eslint/parser`): its bare name next to an unscoped one is a
 * naming choice of that owner (`@koa/bodyparser` is Koa's own, not a typo of
 * `body-parser`), and a name in the target's own scope is the target's owner's.
 */
export class TyposquatIndex {
  /** Names established enough never to be flagged. */
  readonly #popular: Set<string>;
  /** The imitated names by length, each with the set of characters it holds (see characterMask). */
  readonly #byLength = new Map<number, Array<{ name: string; mask: number }>>();

  /**
   * `rankedNames`: most downloaded first. The first `targets` are what
   * typosquats imitate; every listed name is established and never flagged
   * (`nocache` is not a typo of `no-cache`: millions use it).
   */
  constructor(rankedNames: readonly string[], targets = 5_000) {
    this.#popular = new Set(rankedNames);
    for (const name of rankedNames.slice(0, targets)) {
      const list = this.#byLength.get(name.length) ?? [];
      list.push({ name, mask: characterMask(name) });
      this.#byLength.set(name.length, list);
    }
  }

  /** The popular name this one imitates, with its edit distance, or undefined. */
  lookalike(name: string): { target: string; distance: number } | undefined {
    if (this.#popular.has(name)) return undefined;
    // `@acme/lodash` is a scope, not a typo: a scoped name is only compared with other scopes' names.
    const scope = scopeOf(name);
    // Very short names are all within two edits of each other.
    if (name.length < 5) return undefined;
    const mask = characterMask(name);
    let best: { target: string; distance: number } | undefined;
    // Two edits change the length by two at most: only those buckets can hold a match.
    for (let length = name.length - 2; length <= name.length + 2; length++) {
      for (const candidate of this.#byLength.get(length) ?? []) {
        if (scope !== undefined && !isOtherScope(candidate.name, scope)) continue;
        // Each edit brings in at most one character the other name lacks, so
        // names with three or more such characters (on either side) are more
        // than two edits apart: a lower bound, never a wrong rejection.
        if (bitCount(mask & ~candidate.mask) > 2 || bitCount(candidate.mask & ~mask) > 2) continue;
        const distance = editDistance(name, candidate.name, 2);
        if (distance > 0 && distance <= 2 && (!best || distance < best.distance || (distance === best.distance && candidate.name < best.target))) {
          best = { target: candidate.name, distance };
        }
      }
    }
    return best;
  }
}

/** `@scope` of a scoped name (with its `@`), undefined for an unscoped one. */
export function scopeOf(name: string): string | undefined {
  const slash = name.indexOf('/');
  return name.startsWith('@') && slash > 0 ? name.slice(0, slash) : undefined;
}

/** Whether `candidate` is scoped, in a scope other than `scope`: all a scoped name may imitate. */
function isOtherScope(candidate: string, scope: string): boolean {
  const other = scopeOf(candidate);
  return other !== undefined && other !== scope;
}

/**
 * The characters a name holds, as 32 bits (character code modulo 32: letters,
 * digits and `-._` spread over them). Distinct characters may share a bit,
 * which only makes the count of missing characters smaller: the filter
 * above stays a lower bound.
 */
function characterMask(name: string): number {
  let mask = 0;
  for (let i = 0; i < name.length; i++) mask |= 1 << (name.charCodeAt(i) & 31);
  return mask;
}

/** Set bits of a 32-bit integer. */
function bitCount(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

// Rows of the distance table, reused across calls (names are short; they grow when needed).
let rowBefore = new Int32Array(64);
let rowPrevious = new Int32Array(64);
let rowCurrent = new Int32Array(64);

/** Optimal string alignment distance, giving up (returning max + 1) once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (rowCurrent.length <= b.length) {
    rowBefore = new Int32Array(b.length + 1);
    rowPrevious = new Int32Array(b.length + 1);
    rowCurrent = new Int32Array(b.length + 1);
  }
  let before = rowBefore;
  let previous = rowPrevious;
  let current = rowCurrent;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const bj = b.charCodeAt(j - 1);
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) value = Math.min(value, (before[j - 2] ?? 0) + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length] ?? max + 1;
}
