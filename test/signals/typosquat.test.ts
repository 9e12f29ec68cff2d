import assert from 'node:assert/strict';
import { test } from 'node:test';
import { editDistance, TyposquatIndex } from '../../src/signals/typosquat.js';

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
