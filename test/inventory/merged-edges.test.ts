import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildInventory } from '../../src/inventory/build-inventory.js';
import type { RawEdge, RawNode, RawTree } from '../../src/inventory/raw-tree.js';

function node(location: string, name: string, version = '1.0.0'): RawNode {
  return {
    location, installName: name, packageName: name, version, resolved: location ? `https://registry.npmjs.org/${name}/-/${name}-${version}.tgz` : undefined,
    integrity: undefined, license: undefined, homepage: undefined, repository: undefined, bugs: undefined, description: undefined,
    dev: false, optional: false, devOptional: false, peer: false, bundled: false, isWorkspace: false, linked: false, hasInstallScript: false, extraneous: false,
  };
}

const edge = (from: string, to: string | undefined, name: string, spec: string, valid = true): RawEdge => ({ from, to, name, spec, type: 'prod', valid, error: valid ? undefined : 'INVALID' });

test('edges of nodes merged into one component: each (from, name, type, spec, to) once, invalid when any copy is, sorted with ties in the order given', () => {
  // b@1.0.0 is installed twice (hoisted and nested under a): one component whose edges to c come twice, once invalid.
  const tree: RawTree = {
    nodes: [node('', 'root'), node('node_modules/a', 'a'), node('node_modules/b', 'b'), node('node_modules/a/node_modules/b', 'b'), node('node_modules/c', 'c')],
    edges: [
      edge('', 'node_modules/b', 'b', '^1.0.0'),
      edge('', 'node_modules/a', 'a', '^1.0.0'),
      edge('node_modules/b', 'node_modules/c', 'c', '^1.0.0'),
      edge('node_modules/b', undefined, 'gone', '^2.0.0'),
      edge('node_modules/a/node_modules/b', 'node_modules/c', 'c', '~1.0.0'),
      edge('node_modules/a/node_modules/b', 'node_modules/c', 'c', '^1.0.0', false),
      edge('node_modules/a/node_modules/b', undefined, 'gone', '^2.0.0'),
      edge('node_modules/a', 'node_modules/a/node_modules/b', 'b', '^1.0.0'),
    ],
    workspaces: [],
  };
  const inventory = buildInventory(tree, { root: '/project', sourceFile: 'package-lock.json', pathSampleCap: 10 });
  assert.deepEqual(
    inventory.edges.map((e) => `${e.from || 'root'} -> ${e.to ?? 'missing'} ${e.name} ${e.spec}${e.valid ? '' : ' invalid'}`),
    [
      'root -> pkg:npm/a@1.0.0 a ^1.0.0',
      'root -> pkg:npm/b@1.0.0 b ^1.0.0',
      'pkg:npm/a@1.0.0 -> pkg:npm/b@1.0.0 b ^1.0.0',
      'pkg:npm/b@1.0.0 -> pkg:npm/c@1.0.0 c ^1.0.0 invalid',
      'pkg:npm/b@1.0.0 -> pkg:npm/c@1.0.0 c ~1.0.0',
      'pkg:npm/b@1.0.0 -> missing gone ^2.0.0',
    ],
  );
});
