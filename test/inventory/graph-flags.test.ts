import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadArboristTree } from '../../src/inventory/arborist.js';
import { assignGraphFlags } from '../../src/inventory/graph-flags.js';
import type { RawTree } from '../../src/inventory/raw-tree.js';
import { fixtureProject } from '../helpers/paths.js';

function flagsByLocation(tree: RawTree): Record<string, string> {
  const flags: Record<string, string> = {};
  for (const node of tree.nodes) {
    if (node.location === '') continue;
    flags[node.location] = `dev=${node.dev} optional=${node.optional} devOptional=${node.devOptional} peer=${node.peer} extraneous=${node.extraneous}`;
  }
  return flags;
}

for (const project of ['dependency-flags', 'workspaces-shared-dependency', 'nested-duplicate-versions', 'aliased-dependency', 'non-registry-sources', 'old-express-api']) {
  test(`flags computed from the graph alone equal arborist's on ${project}`, async () => {
    const tree = await loadArboristTree(fixtureProject(project), 'virtual');
    const expected = flagsByLocation(tree);
    for (const node of tree.nodes) {
      node.dev = node.optional = node.devOptional = node.peer = node.extraneous = false;
    }
    assignGraphFlags(tree);
    assert.deepEqual(flagsByLocation(tree), expected);
  });
}

function node(location: string): RawTree['nodes'][number] {
  return {
    location, installName: location, packageName: location, version: '1.0.0', resolved: undefined, integrity: undefined,
    license: undefined, homepage: undefined, repository: undefined, bugs: undefined, description: undefined,
    dev: false, optional: false, devOptional: false, peer: false, bundled: false, isWorkspace: false, linked: false,
    hasInstallScript: false, extraneous: false,
  };
}

function edge(from: string, to: string | undefined, type: RawTree['edges'][number]['type']): RawTree['edges'][number] {
  return { from, to, name: to ?? 'missing', spec: '*', type, valid: true, error: undefined };
}

test('a flag stays only when every path crosses an edge of its kind; workspaces are starting points; unreached nodes are extraneous', () => {
  const tree: RawTree = {
    nodes: ['', 'ws', 'devonly', 'optonly', 'both', 'peerdep', 'viaws', 'orphan', 'cycle-a', 'cycle-b'].map(node),
    edges: [
      edge('', 'devonly', 'dev'),
      edge('', 'optonly', 'optional'),
      edge('devonly', 'both', 'prod'),
      edge('optonly', 'both', 'prod'),
      edge('', 'peerdep', 'peerOptional'),
      edge('ws', 'viaws', 'prod'),
      edge('', undefined, 'prod'),
      edge('devonly', 'cycle-a', 'prod'),
      edge('cycle-a', 'cycle-b', 'prod'),
      edge('cycle-b', 'cycle-a', 'prod'),
    ],
    workspaces: ['ws'],
  };
  assignGraphFlags(tree);
  const got = Object.fromEntries(tree.nodes.map((n) => [n.location, [n.dev, n.optional, n.devOptional, n.peer, n.extraneous].map(Number).join('')]));
  // dev optional devOptional peer extraneous
  assert.deepEqual(got, {
    '': '00000',
    ws: '00000',
    devonly: '10100',
    optonly: '01100',
    both: '00100',
    peerdep: '01110',
    viaws: '00000',
    orphan: '11111',
    'cycle-a': '10100',
    'cycle-b': '10100',
  });
});
