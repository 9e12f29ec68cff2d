import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { eslintCacheFolder, repoRoot } from '../helpers/paths.js';

// `npm run lint` as a test, so that a lint error is a failing test in the
// summary CI reads: same configuration (eslint.config.js, with the import
// rules of docs/architecture.md), same cache. eslint runs in a process of
// its own, started as soon as this file loads: it lints while the shard's
// other tests run, and its heap is not the shard's (in the shard's process
// a cold lint cost about twice its CPU).
const eslint = path.join(repoRoot, 'node_modules', 'eslint', 'bin', 'eslint.js');
const linting = new Promise<{ code: number; output: string }>((resolve) => {
  const args = [eslint, '.', '--max-warnings', '0', '--cache', '--cache-strategy', 'content', '--cache-location', `${eslintCacheFolder}/`];
  execFile(process.execPath, args, { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
    const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
    resolve({ code, output: `${stdout}${stderr}${error && code === -1 ? error.message : ''}` });
  });
});

test('eslint: no error or warning in the repository (eslint.config.js)', async () => {
  const { code, output } = await linting;
  assert.equal(code, 0, output);
});
