import type { TyposquatIndex } from './typosquat.js';

/**
 * Whether a look-alike has the shape of a typo, not merely of another name.
 * Edit distance alone flags real, old packages: `items` is two edits from
 * `temp`, `bare-buffer` from `safe-buffer`, `mpromise` one letter before
 * `promise`. The shapes that typosquats take (the 2017 npm incident:
 * `crossenv`, `babelcli`, `mongose`; `lodahs`, `expresss`) are narrower:
 *
 * - the same letters with separators dropped or changed (`crossenv`,
 *   `babelcli` for `@babel/cli`, `node_sass`);
 * - one edit inside the name: a letter dropped, doubled, swapped with its
 *   neighbour or changed (`mongose`, `lodahs`, `expresss`);
 *
 * and not: two edits (too many real names are two edits apart), a letter put
 * in front (`mpromise`, `npmlog`: a prefix makes another word), or, for
 * five-letter names, anything but a swap or a doubled letter (short names are
 * one edit from too much).
 */
export function hasTypoShape(name: string, target: string, distance: number): boolean {
  if (name.startsWith('@') && target.startsWith('@')) return hasScopeTypoShape(name, target, distance);
  const bare = withoutScope(name);
  if (squash(bare) === squash(target)) return true;
  if (distance !== 1) return false;
  if (bare.length === target.length + 1 && bare.slice(1) === target) return false;
  if (bare.length < 6) return isSwap(bare, target) || isDoubledLetter(bare, target);
  return true;
}

/**
 * A scoped name imitates another scope's package (typosquat.ts): the same
 * letters (`@typescript_eslint/parser`), or the same package name under a
 * scope with a typo's shape by the rules above (`@tyeps/node`, `@typess/node`;
 * not `@npm/types` for `@pnpm/types`, a letter in front, nor `@lwc/types` for
 * `@swc/types`, a short scope changed).
 */
function hasScopeTypoShape(name: string, target: string, distance: number): boolean {
  if (squash(name) === squash(target)) return true;
  const [scope, bare] = splitScoped(name);
  const [targetScope, targetBare] = splitScoped(target);
  return bare === targetBare && hasTypoShape(scope, targetScope, distance);
}

/** `@scope/name` as [`scope`, `name`], without the `@`. */
function splitScoped(name: string): [string, string] {
  const slash = name.indexOf('/');
  return [name.slice(1, slash), name.slice(slash + 1)];
}

/** The popular package `name` imitates, when the likeness has a typo's shape. */
export function typosquatOf(index: TyposquatIndex, name: string): { target: string; distance: number } | undefined {
  const lookalike = index.lookalike(name);
  return lookalike && hasTypoShape(name, lookalike.target, lookalike.distance) ? lookalike : undefined;
}

function withoutScope(name: string): string {
  return name.startsWith('@') ? name.slice(name.indexOf('/') + 1) : name;
}

/** The name's letters and digits only: `@babel/cli` and `babel-cli` are both `babelcli`. */
function squash(name: string): string {
  return name.replace(/[-._@/]/g, '');
}

function isSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const differ = [...a].flatMap((char, i) => (char === b[i] ? [] : [i]));
  const [first, second] = differ;
  return differ.length === 2 && first !== undefined && second === first + 1 && a[first] === b[second] && a[second] === b[first];
}

function isDoubledLetter(a: string, b: string): boolean {
  const [longer, shorter] = a.length > b.length ? [a, b] : [b, a];
  if (longer.length !== shorter.length + 1) return false;
  for (let i = 1; i < longer.length; i++) {
    if (longer[i] === longer[i - 1] && longer.slice(0, i) + longer.slice(i + 1) === shorter) return true;
  }
  return false;
}
