import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { byName } from '../helpers/inventory.js';
import { fixtureProject } from '../helpers/paths.js';

test('git and local folder dependencies get their source kind, a vcs_url, and no credentials', async () => {
  const inventory = await loadInventory(fixtureProject('non-registry-sources'));
  const leftPad = byName(inventory, 'left-pad');
  assert.equal(leftPad.source.kind, 'git');
  assert.equal(leftPad.source.url, 'git+ssh://git@github.com/stevemao/left-pad.git#5ef7cf32c3cbc4d3a1a8d48b2a0e4a0b5f4bce61');
  assert.match(leftPad.purl, /^pkg:npm\/left-pad@1\.3\.0\?vcs_url=git%2Bssh/);

  const privateLib = byName(inventory, 'private-lib');
  assert.equal(privateLib.source.kind, 'git');
  assert.equal(privateLib.source.url, 'git+https://github.com/acme/private-lib.git#0d1f6a9cbb7f1b1e2f0c3e0f4e0c8b6a2d7e9f11');
  assert.ok(!JSON.stringify(inventory).includes('s3cr3t'), 'the token in the lockfile never reaches the inventory');
  assert.equal(privateLib.hasInstallScript, true);

  const local = byName(inventory, 'local-lib');
  assert.equal(local.source.kind, 'link');
  assert.deepEqual(local.locations, ['vendor/local-lib']);
  assert.equal(local.direct, true);
  // ms@2.1.3 is reached from the root, from local-lib and from private-lib.
  assert.equal(inventory.paths.get(byName(inventory, 'ms').id)?.count, 3);
});
