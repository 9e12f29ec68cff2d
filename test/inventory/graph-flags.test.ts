import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadArboristTree } from '../../src/inventory/arborist.js';
import { buildInventory } from '../../src/inventory/build-inventory.js';
import { assignGraphFlags } from '../../src/inventory/graph-flags.js';
import type { RawTree } from '../../src/inventory/raw-tree.js';
import { fixtureProject } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp-dir.js';

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

test("an npm lockfile out of sync with package.json: arborist recomputes every flag (calc-dep-flags), and the components built from the graph's flags are the same", async () => {
  // package.json no longer declares bufferutil: the lockfile's flags are suspect, and bufferutil is now reached only through ws's optional peer dependency.
  const dir = path.join(tempDir(), 'dependency-flags');
  cpSync(fixtureProject('dependency-flags'), dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { optionalDependencies: Record<string, string> };
  delete manifest.optionalDependencies['bufferutil'];
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest));

  const tree = await loadArboristTree(dir, 'virtual');
  const fromArborist = buildInventory(tree, { root: dir, sourceFile: 'package-lock.json', pathSampleCap: 10 });
  const bufferutil = tree.nodes.find((node) => node.location === 'node_modules/bufferutil');
  // Arborist keeps a package only an optional peer dependency reaches extraneous (graph-flags does not), and clears devOptional
  // on dev and optional nodes after its walk (graph-flags keeps it): raw flags no component is built from differently.
  assert.deepEqual([bufferutil?.optional, bufferutil?.peer, bufferutil?.extraneous], [true, true, true]);
  for (const node of tree.nodes) node.dev = node.optional = node.devOptional = node.peer = node.extraneous = false;
  assignGraphFlags(tree);
  const fromGraph = buildInventory(tree, { root: dir, sourceFile: 'package-lock.json', pathSampleCap: 10 });
  const described = (inventory: typeof fromGraph): string[] => inventory.components.map((c) => `${c.id} ${c.scope} ${JSON.stringify(c.flags)} depth ${c.depth}`);
  assert.deepEqual(described(fromGraph), described(fromArborist));
  assert.match(described(fromGraph).find((line) => line.startsWith('pkg:npm/bufferutil@')) ?? '', / optional .*"peer":true/);
});
