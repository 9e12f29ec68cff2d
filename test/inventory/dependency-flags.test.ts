import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { omitScopes } from '../../src/inventory/omit-scopes.js';
import { byName, nameVersions } from '../helpers/inventory.js';
import { fixtureProject } from '../helpers/paths.js';

test('dev, optional, devOptional, peer and bundled flags follow npm', async () => {
  const inventory = await loadInventory(fixtureProject('dependency-flags'));
  // [name, scope, peer, bundled]
  const expected: Array<[string, string, boolean, boolean]> = [
    ['chalk', 'dev', false, false],
    ['ansi-styles', 'dev', false, false],
    ['bufferutil', 'optional', false, false],
    ['node-gyp-build', 'optional', false, false],
    ['supports-color', 'devOptional', false, false],
    ['has-flag', 'devOptional', false, false],
    ['react', 'prod', true, false],
    ['react-dom', 'prod', false, false],
    ['ms', 'prod', false, true],
  ];
  for (const [name, scope, peer, bundled] of expected) {
    const component = byName(inventory, name);
    assert.deepEqual([component.scope, component.flags.peer, component.flags.bundled], [scope, peer, bundled], name);
  }
  assert.equal(byName(inventory, 'bufferutil').hasInstallScript, true);
});

test('--omit removes what npm would not install', async () => {
  const inventory = await loadInventory(fixtureProject('dependency-flags'));
  const withoutDev = omitScopes(inventory, new Set(['dev'] as const));
  assert.ok(!nameVersions(withoutDev).includes('chalk@4.1.2'));
  assert.ok(nameVersions(withoutDev).includes('supports-color@7.2.0'), 'devOptional stays unless optional is omitted too');
  const withoutBoth = omitScopes(inventory, new Set(['dev', 'optional'] as const));
  assert.ok(!nameVersions(withoutBoth).includes('supports-color@7.2.0'));
  assert.ok(!nameVersions(withoutBoth).includes('bufferutil@4.0.8'));
  const withoutPeer = omitScopes(inventory, new Set(['peer'] as const));
  assert.ok(!nameVersions(withoutPeer).includes('react@18.3.1'));
  assert.ok(withoutBoth.edges.every((edge) => edge.to === undefined || withoutBoth.components.some((c) => c.id === edge.to)));
});
