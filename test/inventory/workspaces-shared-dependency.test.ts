import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { byName } from '../helpers/inventory.js';
import { fixtureProject } from '../helpers/paths.js';

test('workspaces are components of kind workspace, and a shared dependency is one component', async () => {
  const inventory = await loadInventory(fixtureProject('workspaces-shared-dependency'));
  assert.deepEqual(inventory.workspaces, ['packages/api', 'packages/worker']);
  const api = byName(inventory, '@acme/api');
  assert.equal(api.source.kind, 'workspace');
  assert.equal(api.isWorkspace, true);
  assert.equal(api.depth, 0);
  assert.equal(api.purl, 'pkg:npm/%40acme/api@1.0.0');

  const debug = byName(inventory, 'debug', '4.3.4');
  assert.equal(debug.direct, true, 'declared by a workspace, so direct');
  assert.equal(debug.depth, 1);
  assert.deepEqual(debug.workspaces, ['packages/api', 'packages/worker']);
  // api -> debug, worker -> debug, api -> worker -> debug
  assert.equal(inventory.paths.get(debug.id)?.count, 3);

  const nested = byName(inventory, 'ms', '2.1.2');
  assert.deepEqual(nested.locations, ['node_modules/debug/node_modules/ms']);
  assert.equal(nested.depth, 2);
  assert.equal(byName(inventory, 'ms', '2.1.3').scope, 'dev');
});
