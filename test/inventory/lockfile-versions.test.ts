import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Inventory } from '../../src/model/component.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { fixtureProject } from '../helpers/paths.js';

/** What every lockfile version records. v1 has no `license` and no `hasInstallScript` (npm docs, package-lock.json). */
function comparable(inventory: Inventory): unknown {
  return {
    components: inventory.components.map(({ license: _license, hasInstallScript: _scripts, ...rest }) => rest),
    edges: inventory.edges,
    paths: [...inventory.paths],
  };
}

test('one project saved as lockfile v1, v2 and v3 gives the same inventory', async () => {
  const [v1, v2, v3] = await Promise.all(['v1', 'v2', 'v3'].map((v) => loadInventory(fixtureProject(`lockfile-versions/${v}`))));
  assert.ok(v1 && v2 && v3);
  assert.deepEqual([v1.lockfileVersion, v2.lockfileVersion, v3.lockfileVersion], [1, 2, 3]);
  assert.equal(v3.components.length, 27);
  assert.deepEqual(comparable(v1), comparable(v3));
  assert.deepEqual(v2.components, v3.components);
  assert.deepEqual(v2.edges, v3.edges);
});
