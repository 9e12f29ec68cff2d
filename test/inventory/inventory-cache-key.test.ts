import assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { inventoryCacheKey } from '../../src/inventory/inventory-cache-key.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { digestOfCode, readCodeDigest, writeCodeDigest } from '../../src/pipeline/code-digest.js';
import { cacheKeySalt, inventoryProject } from '../../src/pipeline/inventory-project.js';
import { openDatabase } from '../../src/store/db.js';
import { InventoryCache } from '../../src/store/inventory-cache.js';
import { fixtureProject, repoRoot } from '../helpers/paths.js';
import { writeNpmProject } from '../helpers/npm-project.js';
import { tempDir, writeTree } from '../helpers/temp-dir.js';

test('the inventory cache key covers every input that can change the inventory', async () => {
  const dir = writeNpmProject(
    tempDir(),
    { name: 'app', dependencies: { ms: '2.1.3', shared: 'file:../shared-lib' }, workspaces: ['packages/*'] },
    [{ name: 'ms', version: '2.1.3' }],
    { 'packages/api': { name: 'api', dependencies: { helper: 'file:../../helpers/helper' } } },
  );
  writeTree(path.dirname(dir), { 'shared-lib/package.json': { name: 'shared', version: '1.0.0' } });
  writeTree(dir, { 'helpers/helper/package.json': { name: 'helper', version: '1.0.0' } });
  // Chosen explicitly: with other managers' lockfiles beside it, detection alone would ask which to read.
  const key = (options: { lockfile?: string } = { lockfile: path.join(dir, 'package-lock.json') }): Promise<string | undefined> => inventoryCacheKey(dir, 'salt', options);
  const first = await key();
  assert.ok(first);
  assert.equal(await key(), first, 'the same files give the same key');

  const seen = new Set([first]);
  const changes: Array<[string, () => void]> = [
    ['a yarn.lock appears beside the lockfile', () => writeFileSync(path.join(dir, 'yarn.lock'), '# yarn lockfile v1\n')],
    ['the yarn.lock changes', () => writeFileSync(path.join(dir, 'yarn.lock'), '# yarn lockfile v1\n\nms@2.1.3:\n  version "2.1.3"\n')],
    ['a pnpm-lock.yaml appears', () => writeFileSync(path.join(dir, 'pnpm-lock.yaml'), "lockfileVersion: '9.0'\n")],
    ['a bun.lock appears', () => writeFileSync(path.join(dir, 'bun.lock'), '{ "lockfileVersion": 1 }\n')],
    ['.yarnrc.yml names another registry', () => writeFileSync(path.join(dir, '.yarnrc.yml'), 'npmRegistryServer: "https://npm.corp.example"\n')],
    ['a workspace manifest changes', () => writeTree(dir, { 'packages/api/package.json': { name: 'api', version: '1.0.1', dependencies: { helper: 'file:../../helpers/helper' } } })],
    ['a new workspace folder appears', () => writeTree(dir, { 'packages/worker/package.json': { name: 'worker', version: '1.0.0' } })],
    ['a file: folder of the root changes', () => writeTree(path.dirname(dir), { 'shared-lib/package.json': { name: 'shared', version: '1.0.1' } })],
    ['a file: folder of a workspace changes', () => writeTree(dir, { 'helpers/helper/package.json': { name: 'helper', version: '1.0.1' } })],
    ['the yarn.lock goes', () => rmSync(path.join(dir, 'yarn.lock'))],
  ];
  for (const [what, change] of changes) {
    change();
    const next = await key();
    assert.ok(next && !seen.has(next), what);
    seen.add(next);
  }
  const current = await key();
  const chosenOther = await key({ lockfile: path.join(dir, 'bun.lock') });
  assert.ok(chosenOther && chosenOther !== current, 'the chosen lockfile is part of the key');
});

test('no key where the inputs cannot all be named: node_modules, several lockfiles and none chosen', async () => {
  const installed = writeTree(tempDir(), { 'package.json': { name: 'app', version: '1.0.0' }, 'node_modules/ms/package.json': { name: 'ms', version: '2.1.3' } });
  assert.equal(await inventoryCacheKey(installed, 'salt'), undefined);
  const undecided = writeTree(tempDir(), { 'package.json': { name: 'app', version: '1.0.0' }, 'package-lock.json': { lockfileVersion: 3, packages: {} }, 'yarn.lock': '# yarn lockfile v1\n' });
  assert.equal(await inventoryCacheKey(undecided, 'salt'), undefined);
});

test('a folder only the lockfile names (no package.json declares it) is checked when a cached inventory is reused, and the lockfile is never parsed for the key', async () => {
  // The lockfile links node_modules/extra to ./extra, which package.json does not declare (the lockfile is out of sync).
  const dir = writeTree(tempDir(), {
    'package.json': { name: 'app', version: '1.0.0' },
    'package-lock.json': { name: 'app', version: '1.0.0', lockfileVersion: 3, packages: { '': { name: 'app', version: '1.0.0' }, 'node_modules/extra': { resolved: 'extra', link: true }, extra: { name: 'extra', version: '1.0.0' } } },
    'extra/package.json': { name: 'extra', version: '1.0.0' },
  });
  const db = openDatabase(path.join(tempDir(), 'cache.db'));
  const cache = { db, salt: 'salt', now: () => new Date(0) };
  const first = await inventoryProject(dir, { cache });
  assert.equal(first.components.find((c) => c.name === 'extra')?.version, '1.0.0');
  writeTree(dir, { 'extra/package.json': { name: 'extra', version: '1.0.1' } });
  const second = await inventoryProject(dir, { cache });
  assert.equal(second.components.find((c) => c.name === 'extra')?.version, '1.0.1', 'the changed folder is read again, not taken from the cache');
  // The key is made of bytes: a lockfile that is no JSON still has one (the inventory is what says it is malformed).
  writeFileSync(path.join(dir, 'package-lock.json'), '{ not json');
  assert.ok(await inventoryCacheKey(dir, 'salt'));
  db.close();
});

test('a pnpm project is cached too: its importers are checked on reuse and .npmrc (where pnpm finds its registry) is in the key', async () => {
  const dir = path.join(tempDir(), 'pnpm');
  cpSync(path.join(fixtureProject('multi-manager'), 'pnpm'), dir, { recursive: true });
  const db = openDatabase(path.join(tempDir(), 'cache.db'));
  const cache = { db, salt: 'salt', now: () => new Date(0) };
  const fresh = await loadInventory(dir, { pathSampleCap: 10 });
  const first = await inventoryProject(dir, { cache });
  const key = await inventoryCacheKey(dir, cacheKeySalt('salt', 10));
  assert.ok(key && new InventoryCache(db).get(key), 'the inventory read from pnpm-lock.yaml is cached');
  const reused = await inventoryProject(dir, { cache });
  assert.deepEqual(reused.components, first.components);
  assert.deepEqual(reused.components, fresh.components, 'the cached inventory is the one read from the lockfile');

  // An importer's manifest is read by the pnpm reader (its name and version), and checked before reuse.
  const api = path.join(dir, 'packages', 'api', 'package.json');
  writeFileSync(api, readFileSync(api, 'utf8').replace('"version": "1.0.0"', '"version": "1.0.1"'));
  const afterImporterChange = await inventoryProject(dir, { cache });
  assert.equal(afterImporterChange.components.find((c) => c.name === '@mm/api')?.version, '1.0.1');

  writeFileSync(path.join(dir, '.npmrc'), 'registry=https://npm.corp.example/\n');
  assert.notEqual(await inventoryCacheKey(dir, cacheKeySalt('salt', 10)), key);
  const lodash = (await inventoryProject(dir, { cache })).components.find((c) => c.name === 'lodash');
  assert.equal(lodash?.source.host, 'npm.corp.example');
  db.close();
});

test('the inventory cache is keyed by the code that made it: the build writes the digest of every compiled module', () => {
  const compiled = path.join(repoRoot, 'dist', 'src');
  assert.match(readCodeDigest(compiled), /^[0-9a-f]{64}$/);
  assert.equal(readCodeDigest(compiled), digestOfCode(compiled), 'the digest the build wrote is that of the code as built');

  const dir = tempDir();
  writeTree(dir, { 'a.js': 'export const a = 1;\n', 'nested/b.cjs': 'module.exports = 2;\n', 'a.js.map': '{}', 'notes.txt': 'x' });
  assert.equal(readCodeDigest(dir), '', 'no digest written: the key falls back to the version alone');
  const first = writeCodeDigest(dir);
  assert.equal(readCodeDigest(dir), first);
  writeFileSync(path.join(dir, 'a.js.map'), '{"changed":true}');
  writeFileSync(path.join(dir, 'notes.txt'), 'y');
  assert.equal(digestOfCode(dir), first, 'source maps and other files are not code');
  writeFileSync(path.join(dir, 'nested', 'b.cjs'), 'module.exports = 3;\n');
  assert.notEqual(digestOfCode(dir), first, 'a changed module changes the digest');
});
