import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadArboristTree } from '../../src/inventory/arborist.js';
import { readNpmLockfile } from '../../src/inventory/npm-lockfile.js';
import type { RawTree } from '../../src/inventory/raw-tree.js';
import { fixtureProject } from '../helpers/paths.js';
import { tempDir, writeTree } from '../helpers/temp-dir.js';

// deptrust reads npm lockfiles v2/v3 itself (npm-lockfile.ts) and leaves the rest to arborist: the tree
// must be arborist's, node for node and edge for edge, on every npm project the tests hold.

/** Nodes by location and edges by (from, name, type); the edge's `error` wording is arborist's own and not kept. */
function comparable(tree: RawTree): unknown {
  const edges = tree.edges.map((edge) => ({ ...edge, error: undefined })).sort((a, b) => (`${a.from}\0${a.name}\0${a.type}` < `${b.from}\0${b.name}\0${b.type}` ? -1 : 1));
  return JSON.parse(JSON.stringify({ nodes: [...tree.nodes].sort((a, b) => (a.location < b.location ? -1 : 1)), edges, workspaces: [...tree.workspaces].sort() }));
}

function lockfileOf(dir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(dir, 'package-lock.json'), 'utf8')) as Record<string, unknown>;
}

async function assertSameAsArborist(dir: string, what: string): Promise<void> {
  const own = await readNpmLockfile(dir, lockfileOf(dir));
  assert.ok(own, `${what}: read without arborist`);
  assert.deepEqual(comparable(own), comparable(await loadArboristTree(dir, 'virtual')), what);
}

test('npm lockfiles v2 and v3 read without arborist give arborist\'s tree: aliases, workspaces, links, sources, flags, nesting', async () => {
  for (const name of ['aliased-dependency', 'lockfile-versions/v2', 'lockfile-versions/v3', 'multi-manager/npm', 'nested-duplicate-versions', 'non-registry-sources', 'old-express-api', 'remote-tarball-dependency', 'workspaces-shared-dependency']) {
    await assertSameAsArborist(fixtureProject(name), name);
  }
});

test('a lockfile out of sync with package.json is left to arborist, which recomputes every flag', async () => {
  const dir = tempDir();
  cpSync(fixtureProject('multi-manager/npm'), dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
  manifest['dependencies'] = { ...manifest['dependencies'], lodash: '^4.17.21' };
  writeTree(dir, { 'package.json': manifest });
  assert.equal(await readNpmLockfile(dir, lockfileOf(dir)), undefined);
  // In sync again (the same declarations in another order and layout): read without arborist.
  writeTree(dir, { 'package.json': JSON.parse(readFileSync(path.join(fixtureProject('multi-manager/npm'), 'package.json'), 'utf8')) as object });
  await assertSameAsArborist(dir, 'in sync');
});

test('what only arborist reads exactly is left to it: lockfile v1, bundled packages, overrides, a link to a folder the lockfile lacks, no package.json', async () => {
  assert.equal(await readNpmLockfile(fixtureProject('lockfile-versions/v1'), lockfileOf(fixtureProject('lockfile-versions/v1'))), undefined);
  assert.equal(await readNpmLockfile(fixtureProject('dependency-flags'), lockfileOf(fixtureProject('dependency-flags'))), undefined, 'bundleDependencies');
  const base = fixtureProject('multi-manager/npm');
  const overridden = tempDir();
  cpSync(base, overridden, { recursive: true });
  writeTree(overridden, { 'package.json': { ...(JSON.parse(readFileSync(path.join(base, 'package.json'), 'utf8')) as object), overrides: { ms: '2.1.3' } } });
  assert.equal(await readNpmLockfile(overridden, lockfileOf(overridden)), undefined, 'overrides');
  const lockfile = lockfileOf(base);
  const packages = { ...(lockfile['packages'] as Record<string, unknown>) };
  delete packages['local/utils'];
  assert.equal(await readNpmLockfile(base, { ...lockfile, packages }), undefined, 'a link without its target');
  const bare = writeTree(tempDir(), { 'package-lock.json': lockfile });
  assert.equal(await readNpmLockfile(bare, lockfile), undefined, 'no package.json');
});
