import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { byName } from '../helpers/inventory.js';
import { fixtureProject } from '../helpers/paths.js';

test('a dependency declared as a tarball URL is a tarball source with a download_url, even on the registry host', async () => {
  const inventory = await loadInventory(fixtureProject('remote-tarball-dependency'));
  const tarball = byName(inventory, 'ms', '2.1.3');
  assert.equal(tarball.source.kind, 'tarball');
  assert.equal(tarball.source.host, 'registry.npmjs.org');
  assert.equal(tarball.purl, 'pkg:npm/ms@2.1.3?download_url=https%3A%2F%2Fregistry.npmjs.org%2Fms%2F-%2Fms-2.1.3.tgz');
  const viaRegistry = byName(inventory, 'ms', '2.1.2');
  assert.equal(viaRegistry.source.kind, 'registry');
  assert.equal(viaRegistry.purl, 'pkg:npm/ms@2.1.2');
});
