import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { assertGolden } from '../helpers/golden.js';
import { repoRoot } from '../helpers/paths.js';

test('a missing golden file fails the test instead of being written, unless UPDATE_GOLDEN=1', (t) => {
  const name = 'scan/no-such-golden-file.txt';
  const saved = process.env['UPDATE_GOLDEN'];
  delete process.env['UPDATE_GOLDEN'];
  t.after(() => {
    if (saved !== undefined) process.env['UPDATE_GOLDEN'] = saved;
  });
  assert.throws(() => assertGolden(name, 'output'), /golden file test\/golden\/scan\/no-such-golden-file\.txt is missing; run with UPDATE_GOLDEN=1/);
  assert.equal(existsSync(path.join(repoRoot, 'test', 'golden', name)), false, 'nothing was written');
});
