import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { readGitContext } from '../../src/inventory/git-context.js';
import { commitAll, git, gitInit } from '../helpers/git.js';
import { tempDir, writeTree } from '../helpers/temp-dir.js';

test('git context: none outside a repository; the branch of a repository without a commit yet', async () => {
  const outside = tempDir();
  assert.deepEqual(await readGitContext(outside), { folder: '' });
  const fresh = tempDir();
  gitInit(fresh);
  mkdirSync(path.join(fresh, 'api'));
  assert.deepEqual(await readGitContext(path.join(fresh, 'api')), { folder: 'api', branch: 'main' });
});

test("git context: the folder in the repository (through a symlink too), commit, branch, origin's URL before other remotes'; a detached HEAD has no branch", async () => {
  const repo = tempDir();
  gitInit(repo);
  writeTree(repo, { 'services/api/package.json': '{"name":"api"}' });
  commitAll(repo, 'first');
  const commit = git(repo, 'rev-parse', 'HEAD').trim();
  git(repo, 'remote', 'add', 'backup', 'https://backup.example/acme/mono.git');
  assert.deepEqual(await readGitContext(path.join(repo, 'services', 'api')), { folder: 'services/api', remote: 'https://backup.example/acme/mono.git', branch: 'main', commit });
  git(repo, 'remote', 'add', 'origin', 'git@git.example:acme/mono.git');
  git(repo, 'checkout', '-q', '-b', 'feature/x');
  const link = path.join(tempDir(), 'api-link');
  symlinkSync(path.join(repo, 'services', 'api'), link);
  assert.deepEqual(await readGitContext(link), { folder: 'services/api', remote: 'git@git.example:acme/mono.git', branch: 'feature/x', commit });
  git(repo, 'checkout', '-q', '--detach');
  assert.deepEqual(await readGitContext(repo), { folder: '', remote: 'git@git.example:acme/mono.git', commit });
});
