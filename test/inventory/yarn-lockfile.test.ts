import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Inventory } from '../../src/model/component.js';
import { byName } from '../helpers/inventory.js';
import { fixtureProject } from '../helpers/paths.js';
import { loadYarnInventory, pinnedRegistryPackages } from '../helpers/yarn.js';

const classic = fixtureProject('multi-manager/yarn-classic');
const berry = fixtureProject('multi-manager/yarn-berry');

function registryPins(inventory: Inventory): string[] {
  return inventory.components.filter((c) => c.source.kind === 'registry').map((c) => `${c.name}@${c.version}`).sort();
}

for (const [generation, dir] of [['classic', classic], ['berry', berry]] as const) {
  test(`yarn ${generation}: the inventory holds exactly the registry packages the lockfile pins`, async () => {
    const inventory = await loadYarnInventory(dir);
    const pinned = pinnedRegistryPackages(readFileSync(path.join(dir, 'yarn.lock'), 'utf8'));
    assert.ok(pinned.length >= 20, `the independent reading found ${pinned.length} packages`);
    assert.deepEqual(registryPins(inventory), pinned);
    assert.ok(inventory.components.every((c) => c.depth >= 0), 'every component is reached from the root or a workspace');
  });

  test(`yarn ${generation}: dev, optional and prod scopes follow npm's flags from the manifests`, async () => {
    const inventory = await loadYarnInventory(dir);
    const scopes = Object.fromEntries(
      ['minimatch@3.0.4', 'brace-expansion@1.1.22', 'balanced-match@1.0.2', 'minimist@1.2.8', 'is-number@7.0.0', 'lodash@4.17.20', 'lodash@4.17.21', 'escape-string-regexp@4.0.0', 'ms@2.1.3'].map((id) => {
        const [name, version] = [id.slice(0, id.lastIndexOf('@')), id.slice(id.lastIndexOf('@') + 1)];
        return [id, byName(inventory, name, version).scope];
      }),
    );
    assert.deepEqual(scopes, {
      'minimatch@3.0.4': 'dev',
      'brace-expansion@1.1.22': 'dev',
      'balanced-match@1.0.2': 'dev',
      'minimist@1.2.8': 'dev',
      'is-number@7.0.0': 'optional',
      'lodash@4.17.20': 'prod',
      'lodash@4.17.21': 'prod',
      'escape-string-regexp@4.0.0': 'prod',
      'ms@2.1.3': 'prod',
    });
  });

  test(`yarn ${generation}: an npm: alias is the real package, installed under its alias`, async () => {
    const inventory = await loadYarnInventory(dir);
    const aliased = byName(inventory, 'minimist', '1.2.5');
    assert.deepEqual(aliased.aliases, ['legacy-minimist']);
    assert.equal(aliased.purl, 'pkg:npm/minimist@1.2.5');
    assert.equal(aliased.direct, true);
    const edge = inventory.edges.find((e) => e.from === '' && e.name === 'legacy-minimist');
    assert.equal(edge?.spec, 'npm:minimist@1.2.5');
    assert.equal(edge?.to, aliased.id);
  });

  test(`yarn ${generation}: workspaces are workspace components at depth 0, and reach their dependencies`, async () => {
    const inventory = await loadYarnInventory(dir);
    assert.deepEqual(inventory.workspaces, ['packages/api', 'packages/shared']);
    const shared = byName(inventory, '@mm/shared');
    assert.deepEqual([shared.source.kind, shared.isWorkspace, shared.depth, shared.direct], ['workspace', true, 0, true]);
    assert.equal(shared.id, 'pkg:npm/%40mm/shared@1.0.0#packages/shared');
    const lodash = byName(inventory, 'lodash', '4.17.21');
    assert.deepEqual(lodash.workspaces, ['packages/api', 'packages/shared']);
    // shared -> lodash, api -> shared -> lodash
    assert.equal(inventory.paths.get(lodash.id)?.count, 2);
    assert.deepEqual(byName(inventory, 'cookie').workspaces, ['packages/api']);
    assert.ok(inventory.edges.some((e) => e.from === '' && e.to === shared.id && e.type === 'workspace'));
  });

  test(`yarn ${generation}: sources: registry host, a tarball URL, a prerelease, a file: folder (copied: a directory)`, async () => {
    const inventory = await loadYarnInventory(dir);
    const lodash = byName(inventory, 'lodash', '4.17.20');
    assert.deepEqual(lodash.source, { kind: 'registry', url: 'https://registry.npmjs.org/lodash/-/lodash-4.17.20.tgz', host: 'registry.npmjs.org' });
    const tarball = byName(inventory, 'escape-html');
    assert.equal(tarball.source.kind, 'tarball');
    assert.equal(tarball.purl, 'pkg:npm/escape-html@1.0.3?download_url=https%3A%2F%2Fregistry.npmjs.org%2Fescape-html%2F-%2Fescape-html-1.0.3.tgz');
    const canary = byName(inventory, 'ms', '3.0.0-canary.1');
    assert.deepEqual([canary.source.kind, canary.direct], ['registry', true]);
    const local = byName(inventory, 'local-utils');
    assert.deepEqual([local.source, local.id, local.version, local.locations], [{ kind: 'directory', url: 'file:local/utils' }, 'pkg:npm/local-utils@0.1.0', '0.1.0', ['local/utils']]);
    assert.equal(byName(inventory, 'escape-string-regexp').depth, 2);
  });
}

test('yarn classic: integrity is the lockfile\'s; berry: yarn\'s cache checksum is never reported as one', async () => {
  const classicInventory = await loadYarnInventory(classic);
  assert.match(byName(classicInventory, 'lodash', '4.17.20').integrity ?? '', /^sha512-/);
  // A URL dependency has no integrity line; the SHA-1 yarn appends to `resolved` is the tarball's.
  assert.match(byName(classicInventory, 'escape-html').integrity ?? '', /^sha1-/);

  const berryInventory = await loadYarnInventory(berry);
  assert.deepEqual(berryInventory.components.filter((c) => c.integrity !== undefined).map((c) => c.id), []);
  const checksums = [...readFileSync(path.join(berry, 'yarn.lock'), 'utf8').matchAll(/checksum: (?:\w+\/)?([0-9a-f]+)/g)].map((m) => m[1] ?? '');
  assert.ok(checksums.length > 10);
  const serialized = JSON.stringify(berryInventory.components);
  for (const checksum of checksums) {
    assert.ok(!serialized.includes(checksum), 'a cache checksum leaked into the inventory');
    assert.ok(!serialized.includes(Buffer.from(checksum, 'hex').toString('base64')), 'a cache checksum leaked as base64');
  }
});

test('yarn berry: a peer dependency resolves to what the parent provides; classic records no peers', async () => {
  const berryInventory = await loadYarnInventory(berry);
  const keywords = byName(berryInventory, 'ajv-keywords');
  const ajv = byName(berryInventory, 'ajv');
  assert.ok(berryInventory.edges.some((e) => e.from === keywords.id && e.to === ajv.id && e.type === 'peer' && e.spec === '^8.8.2'));
  assert.equal(berryInventory.paths.get(ajv.id)?.count, 2, 'root -> ajv and root -> ajv-keywords -> ajv');

  const classicInventory = await loadYarnInventory(classic);
  assert.ok(!classicInventory.edges.some((e) => e.type === 'peer'));
});

test('yarn berry: patch: is the package it patches, portal: and link: are the folders, builtin patches add nothing', async () => {
  const inventory = await loadYarnInventory(fixtureProject('yarn-berry-protocols'));
  const leftPad = byName(inventory, 'left-pad');
  assert.deepEqual([leftPad.version, leftPad.source.kind, leftPad.purl, leftPad.direct], ['1.3.0', 'registry', 'pkg:npm/left-pad@1.3.0', true]);
  assert.equal(inventory.edges.find((e) => e.to === leftPad.id)?.spec, 'patch:left-pad@npm%3A1.3.0#./patches/left-pad.patch');
  const portal = byName(inventory, 'portal-lib');
  assert.deepEqual([portal.source.kind, portal.version, portal.locations, portal.license], ['link', '2.0.0', ['local/portal-lib'], 'MIT']);
  assert.equal(byName(inventory, 'ms', '2.1.3').depth, 2, 'a portal brings its dependencies');
  const linked = byName(inventory, 'linked-lib');
  assert.deepEqual([linked.source.kind, linked.version], ['link', '3.0.0']);
  assert.ok(!inventory.edges.some((e) => e.from === linked.id), 'yarn does not install the dependencies of a link:');
  assert.equal(inventory.components.filter((c) => c.name === 'resolve').length, 1);
  assert.deepEqual(registryPins(inventory), pinnedRegistryPackages(readFileSync(path.join(fixtureProject('yarn-berry-protocols'), 'yarn.lock'), 'utf8')));
});
