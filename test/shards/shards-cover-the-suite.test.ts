import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers/paths.js';
import { allTestFiles, balanceShards, SHARD_COUNT, shardFiles } from '../helpers/test-shard.js';

test('the shards npm test runs take every test file exactly once', () => {
  const files = allTestFiles();
  assert.ok(files.length > 50, `${files.length} test files found`);
  const sharded = Array.from({ length: SHARD_COUNT }, (_, index) => shardFiles(index)).flat().sort();
  assert.deepEqual(sharded, [...files].sort());
  assert.ok(files.includes('shards/shards-cover-the-suite.test.js'));
});

test('npm test runs every shard, as many at once as there are shards', () => {
  const script = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: { test: string } }).scripts.test;
  const shards = Array.from({ length: SHARD_COUNT }, (_, index) => `dist/test/shards/shard-${index}.js`);
  assert.equal(script, `node --test --test-concurrency=${SHARD_COUNT} ${shards.join(' ')}`);
  for (let index = 0; index < SHARD_COUNT; index++) assert.ok(existsSync(path.join(repoRoot, 'test', 'shards', `shard-${index}.ts`)), `test/shards/shard-${index}.ts`);
  assert.equal(existsSync(path.join(repoRoot, 'test', 'shards', `shard-${SHARD_COUNT}.ts`)), false);
});

test('shards are balanced by measured cost, costliest first; an unmeasured file counts as the median; the split is deterministic', () => {
  const costs = new Map([
    ['a.test.js', 10],
    ['b.test.js', 6],
    ['c.test.js', 5],
    ['d.test.js', 4],
    ['e.test.js', 1],
  ]);
  // Costliest first, each to the lighter shard: a → 0 (10), b → 1 (6), c → 1 (11), d → 0 (14), e → 1 (12).
  assert.deepEqual(balanceShards(['e.test.js', 'd.test.js', 'c.test.js', 'b.test.js', 'a.test.js'], costs, 2), [
    ['a.test.js', 'd.test.js'],
    ['b.test.js', 'c.test.js', 'e.test.js'],
  ]);
  // new.test.js is not measured: it costs the median of the files given that are (5, 6, 10: 6) and, tied with b, comes after it by name.
  assert.deepEqual(balanceShards(['new.test.js', 'a.test.js', 'b.test.js', 'c.test.js'], costs, 2), [['a.test.js', 'c.test.js'], ['b.test.js', 'new.test.js']]);
  assert.deepEqual(balanceShards([], costs, 3), [[], [], []]);
});
