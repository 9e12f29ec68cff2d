import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { buildInventory } from '../../src/inventory/build-inventory.js';
import type { RawEdge, RawNode, RawTree } from '../../src/inventory/raw-tree.js';
import { openDatabase } from '../../src/store/db.js';
import { InventoryCache } from '../../src/store/inventory-cache.js';
import { tempDir } from '../helpers/temp-dir.js';

function node(location: string, name: string): RawNode {
  return {
    location, installName: name, packageName: name, version: '1.0.0', resolved: location ? `https://registry.npmjs.org/${name}/-/${name}-1.0.0.tgz` : undefined,
    integrity: undefined, license: 'MIT', homepage: undefined, repository: undefined, bugs: undefined, description: undefined,
    dev: false, optional: false, devOptional: false, peer: false, bundled: false, isWorkspace: false, linked: false, hasInstallScript: false, extraneous: false,
  };
}

/** root -> c0 -> c1 -> ... -> c(n-1), every package hoisted, as arborist reports a lockfile of that chain. */
function chainTree(n: number): RawTree {
  const nodes = [node('', 'chain')];
  const edges: RawEdge[] = [{ from: '', to: 'node_modules/c0', name: 'c0', spec: '1.0.0', type: 'prod', valid: true, error: undefined }];
  for (let i = 0; i < n; i++) {
    nodes.push(node(`node_modules/c${i}`, `c${i}`));
    if (i + 1 < n) edges.push({ from: `node_modules/c${i}`, to: `node_modules/c${i + 1}`, name: `c${i + 1}`, spec: '1.0.0', type: 'prod', valid: true, error: undefined });
  }
  return { nodes, edges, workspaces: [] };
}

test('a dependency chain 10,000 deep: every path counted and sampled, in memory linear in its length', () => {
  const n = 10_000;
  const inventory = buildInventory(chainTree(n), { root: '/chain', sourceFile: 'package-lock.json', pathSampleCap: 10 });
  assert.equal(inventory.components.length, n);
  const last = inventory.components.find((component) => component.name === `c${n - 1}`);
  assert.ok(last);
  assert.equal(last.depth, n);
  const paths = inventory.paths.get(last.id);
  assert.equal(paths?.count, 1);
  const [only, ...others] = paths?.sample ?? [];
  assert.deepEqual(others, []);
  assert.equal(only?.length, n);
  assert.equal(only?.[0], 'pkg:npm/c0@1.0.0');
  assert.equal(only?.at(-1), last.id);

  // Stored in the inventory cache, the paths take a few runs per component, not a path each (10,000 × 5,000 ids on average).
  const db = openDatabase(path.join(tempDir(), 'cache.db'));
  const cache = new InventoryCache(db);
  cache.put('chain', inventory, new Date(0));
  const stored = db.prepare<[], { size: number; parts: number }>('SELECT sum(length(items)) AS size, count(*) AS parts FROM inventory_cache_parts').get();
  assert.ok(stored && stored.size < n * 1_000, `the cached inventory takes ${stored?.size} bytes`);
  // Stored a thousand items a part: a head, then 10 parts each of components, edges and paths.
  assert.equal(stored.parts, 31);
  const restored = cache.get('chain');
  assert.deepEqual(restored?.inventory.components, inventory.components);
  assert.deepEqual(restored?.inventory.edges, inventory.edges);
  assert.deepEqual(restored?.inventory.paths.get(last.id)?.sample, paths?.sample);
  assert.deepEqual(restored?.inventory.paths.get(inventory.components[0]?.id ?? '')?.sample, inventory.paths.get(inventory.components[0]?.id ?? '')?.sample);
  db.close();
});
