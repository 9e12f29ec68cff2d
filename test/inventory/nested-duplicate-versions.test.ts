import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { byName, nameVersions } from '../helpers/inventory.js';
import { fixtureProject } from '../helpers/paths.js';

test('two versions of one package, one nested, are two components with their own paths and depths', async () => {
  const inventory = await loadInventory(fixtureProject('nested-duplicate-versions'));
  assert.deepEqual(nameVersions(inventory), ['debug@2.6.9', 'ms@2.0.0', 'ms@2.1.3']);
  const nested = byName(inventory, 'ms', '2.0.0');
  assert.deepEqual(nested.locations, ['node_modules/debug/node_modules/ms']);
  assert.equal(nested.direct, false);
  assert.equal(nested.depth, 2);
  assert.deepEqual(inventory.paths.get(nested.id)?.sample, [[byName(inventory, 'debug').id, nested.id]]);
  const top = byName(inventory, 'ms', '2.1.3');
  assert.equal(top.direct, true);
  assert.equal(top.depth, 1);
});
