import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allTestFiles, SHARD_COUNT, shardFiles } from '../helpers/test-shard.js';

test('the shards npm test runs take every test file exactly once', () => {
  const files = allTestFiles();
  assert.ok(files.length > 50, `${files.length} test files found`);
  const sharded = Array.from({ length: SHARD_COUNT }, (_, index) => shardFiles(index)).flat().sort();
  assert.deepEqual(sharded, [...files].sort());
  assert.ok(files.includes('shards/shards-cover-the-suite.test.js'));
});
