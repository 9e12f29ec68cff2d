import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { byName } from '../helpers/inventory.js';
import { fixtureProject } from '../helpers/paths.js';

test('an npm: alias is inventoried under its real name, with the alias kept', async () => {
  const inventory = await loadInventory(fixtureProject('aliased-dependency'));
  const aliased = byName(inventory, 'ms', '0.7.1');
  assert.deepEqual(aliased.aliases, ['ms-old']);
  assert.equal(aliased.purl, 'pkg:npm/ms@0.7.1');
  assert.equal(aliased.direct, true);
  assert.equal(aliased.source.kind, 'registry');
  const edge = inventory.edges.find((e) => e.to === aliased.id);
  assert.deepEqual(edge && { name: edge.name, spec: edge.spec, type: edge.type }, { name: 'ms-old', spec: 'npm:ms@0.7.1', type: 'prod' });
  assert.deepEqual(byName(inventory, 'ms', '2.1.3').aliases, []);
});
