import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { POPULAR_PACKAGES_FILE } from '../../src/pipeline/data-files.js';
import { editDistance, TyposquatIndex } from '../../src/signals/typosquat.js';
import { hasTypoShape, typosquatOf } from '../../src/signals/typosquat-shape.js';
import { fixtureProject, repoRoot } from '../helpers/paths.js';

const index = new TyposquatIndex(['lodash', 'express', 'cross-env', 'react', 'chalk', 'nocache', 'no-cache-x'], 5);

test('names one or two edits from a popular package are flagged with the package they imitate', () => {
  // [name, imitates]
  const cases: Array<[string, string | undefined]> = [
    ['lodahs', 'lodash'], // swapped letters
    ['lodash_', 'lodash'], // one added
    ['expres', 'express'], // one removed
    ['crossenv', 'cross-env'], // the classic: the hyphen dropped
    ['lodash', undefined], // itself
    ['nocache', undefined], // established: in the list, even though not a target
    ['@acme/lodash', undefined], // a scope is not a typo
    ['left-pad', undefined], // far from everything
  ];
  for (const [name, imitates] of cases) assert.equal(index.lookalike(name)?.target, imitates, name);
  assert.equal(index.lookalike('rea')?.target, undefined, 'names under five characters are never flagged');
});

test('edit distance (optimal string alignment)', () => {
  assert.deepEqual(
    [editDistance('lodash', 'lodash', 2), editDistance('lodahs', 'lodash', 2), editDistance('expres', 'express', 2), editDistance('abcdef', 'uvwxyz', 2)],
    [0, 1, 1, 3],
  );
});

/** The definition, written plainly: the full optimal-string-alignment table (one flat array), no cut-off, compared with every target. */
function referenceDistance(a: string, b: string): number {
  const width = b.length + 1;
  const d = new Uint16Array((a.length + 1) * width);
  const cell = (i: number, j: number): number => d[i * width + j] ?? 0;
  for (let i = 0; i <= a.length; i++) d[i * width] = i;
  for (let j = 0; j <= b.length; j++) d[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      let best = Math.min(cell(i - 1, j) + 1, cell(i, j - 1) + 1, cell(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, cell(i - 2, j - 2) + 1);
      d[i * width + j] = best;
    }
  }
  return cell(a.length, b.length);
}

test('the indexed lookup finds exactly what comparing with every target finds', () => {
  let seed = 7;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789-._';
  const targets = Array.from({ length: 150 }, (_, i) => Array.from({ length: 5 + (i % 9) }, () => alphabet[random(26)]).join(''));
  const ranked = [...targets, 'established-name'];
  const typos = new TyposquatIndex(ranked, targets.length);
  // Names one, two and three random edits (insert, delete, substitute, swap) from a target, and unrelated ones.
  const edit = (name: string): string => {
    const at = random(name.length);
    const letter = alphabet[random(alphabet.length)] ?? 'x';
    switch (random(4)) {
      case 0:
        return name.slice(0, at) + letter + name.slice(at);
      case 1:
        return name.slice(0, at) + name.slice(at + 1);
      case 2:
        return name.slice(0, at) + letter + name.slice(at + 1);
      default:
        return at + 1 < name.length ? name.slice(0, at) + (name[at + 1] ?? '') + (name[at] ?? '') + name.slice(at + 2) : name;
    }
  };
  const names: string[] = [];
  for (const target of targets) {
    let name = target;
    for (let edits = 1; edits <= 3; edits++) names.push((name = edit(name)));
    names.push(Array.from({ length: target.length }, () => alphabet[random(alphabet.length)]).join(''));
  }
  let flagged = 0;
  for (const name of names) {
    let expected: { target: string; distance: number } | undefined;
    if (name.length >= 5 && !ranked.includes(name)) {
      for (const target of targets) {
        const distance = referenceDistance(name, target);
        if (distance > 0 && distance <= 2 && (!expected || distance < expected.distance || (distance === expected.distance && target < expected.target))) expected = { target, distance };
      }
    }
    assert.deepEqual(typos.lookalike(name), expected, name);
    if (expected) flagged++;
  }
  assert.ok(flagged > targets.length, `${flagged} of ${names.length} names are lookalikes: the comparison covers both outcomes`);
});

test('the character filter never hides a look-alike: same answers as comparing with every popular name', () => {
  const popular = readFileSync(POPULAR_PACKAGES_FILE, 'utf8').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#')).slice(0, 400);
  const filtered = new TyposquatIndex(popular, 400);
  // Every one- and two-edit variant kind of the first names: swaps, drops, doubles, substitutions, and unrelated names.
  const names = popular.slice(0, 60).flatMap((name) => [
    `${name.slice(1, 2)}${name.slice(0, 1)}${name.slice(2)}`,
    name.slice(0, -1),
    `${name}${name.at(-1) ?? ''}`,
    `x${name.slice(1)}`,
    `${name.slice(0, 2)}zq${name.slice(4)}`,
    name.split('').reverse().join(''),
  ]);
  let flagged = 0;
  for (const name of names) {
    // A scoped name is compared whole with the names of other scopes only.
    const scope = name.startsWith('@') ? name.slice(0, name.indexOf('/')) : undefined;
    let expected: { target: string; distance: number } | undefined;
    if (!popular.includes(name) && name.length >= 5) {
      for (const candidate of popular) {
        if (scope !== undefined && (!candidate.startsWith('@') || candidate.startsWith(`${scope}/`))) continue;
        const distance = editDistance(name, candidate, 2);
        if (distance > 0 && distance <= 2 && (!expected || distance < expected.distance || (distance === expected.distance && candidate < expected.target))) expected = { target: candidate, distance };
      }
    }
    assert.deepEqual(filtered.lookalike(name), expected, name);
    if (expected) flagged++;
  }
  assert.ok(flagged > 150, `only ${flagged} of ${names.length} variants are look-alikes`);
});

const popular = readFileSync(POPULAR_PACKAGES_FILE, 'utf8').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
const realIndex = new TyposquatIndex(popular);

test('the historical npm typosquats (2017) and typing slips are flagged with the package they imitate', () => {
  // [name, imitates]
  const cases: Array<[string, string]> = [
    ['crossenv', 'cross-env'],
    ['mongose', 'mongoose'],
    ['babelcli', '@babel/cli'], // babel-cli itself ranks below the targets; its successor is the one imitated
    ['lodahs', 'lodash'],
    ['loadsh', 'lodash'],
    ['expresss', 'express'],
    ['axois', 'axios'],
  ];
  for (const [name, imitates] of cases) assert.equal(typosquatOf(realIndex, name)?.target, imitates, name);
});

test('names a few edits from a popular one but not shaped like a typo are not flagged', () => {
  // [name, why it is not a typo]
  const cases: Array<[string, string]> = [
    ['items', 'two edits from temp'],
    ['mpromise', 'a letter in front of promise makes another word'],
    ['bare-buffer', 'two substitutions from safe-buffer'],
    ['tryer', 'two edits from terser'],
  ];
  for (const [name, why] of cases) {
    assert.ok(realIndex.lookalike(name), `${name} is within two edits of something (the case is meaningful)`);
    assert.equal(typosquatOf(realIndex, name), undefined, `${name}: ${why}`);
  }
});

test('no package of two real projects (1,850 and 518 names) is flagged as a typosquat', () => {
  for (const project of [path.join(repoRoot, 'bench', 'fixtures', 'large-project'), fixtureProject('old-express-api')]) {
    const lock = JSON.parse(readFileSync(path.join(project, 'package-lock.json'), 'utf8')) as { packages: Record<string, { name?: string }> };
    const names = new Set(Object.entries(lock.packages).filter(([location]) => location !== '').map(([location, entry]) => entry.name ?? location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length)));
    assert.ok(names.size > 500);
    assert.deepEqual([...names].filter((name) => typosquatOf(realIndex, name)), [], project);
  }
});

test('a scoped name imitates only another scope: its owner names its own packages as it likes', () => {
  // [name, imitates]: real scoped packages next to unscoped popular names, and typos of popular scopes.
  const cases: Array<[string, string | undefined]> = [
    ['@koa/bodyparser', undefined], // Koa's own body parser, not a typo of body-parser
    ['@feathersjs/errors', undefined], // not of error
    ['@aws-lambda-powertools/parser', undefined], // not of parse5
    ['@googleapis/oauth2', undefined], // not of oauth
    ['@babel/croe', undefined], // only Babel publishes under @babel
    ['@npm/types', undefined], // a letter in front of pnpm
    ['@lwc/types', undefined], // a short scope changed (swc)
    ['@tyeps/node', '@types/node'], // a swapped scope
    ['@typess/node', '@types/node'], // a doubled letter
    ['@typescript_eslint/parser', '@typescript-eslint/parser'], // a separator changed (was: parse5)
  ];
  for (const [name, imitates] of cases) assert.equal(typosquatOf(realIndex, name)?.target, imitates, name);
});

test('hasTypoShape: separators, one inner edit; not two edits, a prefix letter, or a short name changed', () => {
  // [name, target, distance, typo-shaped]
  const cases: Array<[string, string, number, boolean]> = [
    ['crossenv', 'cross-env', 1, true],
    ['node_sass', 'node-sass', 1, true],
    ['babelcli', '@babel/cli', 2, true],
    ['mongose', 'mongoose', 1, true],
    ['lodahs', 'lodash', 1, true],
    ['mpromise', 'promise', 1, false],
    ['items', 'temp', 2, false],
    ['chalc', 'chalk', 1, false], // five letters, a substitution
    ['chlak', 'chalk', 1, true], // five letters, a swap
    ['challk', 'chalk', 1, true], // a doubled letter
  ];
  for (const [name, target, distance, expected] of cases) assert.equal(hasTypoShape(name, target, distance), expected, `${name} ~ ${target}`);
});
