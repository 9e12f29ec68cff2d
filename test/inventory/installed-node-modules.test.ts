import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { nameVersions } from '../helpers/inventory.js';
import { tempDir, writeTree } from '../helpers/temp-dir.js';

// Without a lockfile the tree is what is installed: arborist's loadActual
// reads every package.json under node_modules.

test('a project with node_modules and no lockfile: the installed tree, nested copies and dev flags included', async () => {
  const dir = writeTree(tempDir(), {
    'package.json': { name: 'installed', version: '1.0.0', dependencies: { debug: '^2.6.0', ms: '^2.1.0' }, devDependencies: { 'left-pad': '^1.3.0' } },
    'node_modules/debug/package.json': { name: 'debug', version: '2.6.9', license: 'MIT', dependencies: { ms: '2.0.0' } },
    'node_modules/debug/node_modules/ms/package.json': { name: 'ms', version: '2.0.0', license: 'MIT' },
    'node_modules/ms/package.json': { name: 'ms', version: '2.1.3', license: 'MIT' },
    'node_modules/left-pad/package.json': { name: 'left-pad', version: '1.3.0', license: 'WTFPL', scripts: { postinstall: 'node x.js' } },
  });
  const inventory = await loadInventory(dir);
  assert.equal(inventory.sourceFile, 'node_modules');
  assert.deepEqual(nameVersions(inventory), ['debug@2.6.9', 'left-pad@1.3.0', 'ms@2.0.0', 'ms@2.1.3']);
  const byLabel = new Map(inventory.components.map((c) => [`${c.name}@${c.version}`, c]));
  assert.deepEqual(
    ['debug@2.6.9', 'left-pad@1.3.0', 'ms@2.0.0', 'ms@2.1.3'].map((label) => {
      const c = byLabel.get(label);
      return `${label} ${c?.scope} ${c?.direct ? 'direct' : 'transitive'} ${c?.locations.join()} ${c?.hasInstallScript ? 'install-script' : ''}`.trim();
    }),
    [
      'debug@2.6.9 prod direct node_modules/debug',
      'left-pad@1.3.0 dev direct node_modules/left-pad install-script',
      'ms@2.0.0 prod transitive node_modules/debug/node_modules/ms',
      'ms@2.1.3 prod direct node_modules/ms',
    ],
  );
  assert.ok(inventory.edges.some((e) => e.name === 'ms' && e.to === byLabel.get('ms@2.0.0')?.id && e.from === byLabel.get('debug@2.6.9')?.id));
});
