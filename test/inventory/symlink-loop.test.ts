import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { writeSymlinkLoop } from '../../bench/generate-lockfile.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir, writeTree } from '../helpers/temp-dir.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { ProjectError } from '../../src/model/errors.js';

test('a symlink loop in node_modules (pa -> pb, pb -> pa) ends with exit 2 naming the loop, not a hang', async () => {
  const dir = path.join(tempDir(), 'loop-project');
  writeSymlinkLoop(dir);
  const result = await runCli(['sbom', dir]);
  assert.equal(result.code, 2, result.stderr);
  assert.equal(result.stderr.trim(), `deptrust: symlink loop in ${path.join(dir, 'node_modules')}: node_modules/pa -> node_modules/pb -> node_modules/pa`);
  assert.equal(result.stdout, '');
});

test('loops are found under scopes and below installed packages; a link to an ancestor folder is no loop', async () => {
  const scoped = writeTree(tempDir(), {
    'package.json': { name: 'app', version: '1.0.0' },
    'node_modules/real/package.json': { name: 'real', version: '1.0.0' },
    'node_modules/real/node_modules/@acme/.keep': '',
  });
  symlinkSync('b', path.join(scoped, 'node_modules/real/node_modules/@acme/a'));
  symlinkSync('c', path.join(scoped, 'node_modules/real/node_modules/@acme/b'));
  symlinkSync('a', path.join(scoped, 'node_modules/real/node_modules/@acme/c'));
  await assert.rejects(loadInventory(scoped), (error: unknown) => {
    assert.ok(error instanceof ProjectError);
    assert.equal(error.exitCode, 2);
    assert.match(error.message, /: node_modules\/real\/node_modules\/@acme\/a -> node_modules\/real\/node_modules\/@acme\/b -> node_modules\/real\/node_modules\/@acme\/c -> node_modules\/real\/node_modules\/@acme\/a$/);
    return true;
  });

  const ancestor = writeTree(tempDir(), { 'package.json': { name: 'app', version: '1.0.0', dependencies: { ms: '*' } }, 'node_modules/ms/package.json': { name: 'ms', version: '2.1.3' } });
  mkdirSync(path.join(ancestor, 'node_modules/ms/node_modules'));
  symlinkSync('../../..', path.join(ancestor, 'node_modules/ms/node_modules/app'));
  const inventory = await loadInventory(ancestor);
  assert.deepEqual(inventory.components.map((c) => `${c.name}@${c.version}`), ['ms@2.1.3']);
});
