import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { byName, nameVersions } from '../helpers/inventory.js';
import { fixtureProject } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp-dir.js';

test('two versions of one package, one nested, are two components with their own paths and depths', async () => {
  const inventory = await loadInventory(fixtureProject('nested-duplicate-versions'));
  assert.deepEqual(nameVersions(inventory), ['debug@2.6.9', 'ms@2.0.0', 'ms@2.1.3']);
  const nested = byName(inventory, 'ms', '2.0.0');
  assert.deepEqual(nested.locations, ['node_modules/debug/node_modules/ms']);
  assert.equal(nested.direct, false);
  assert.equal(nested.depth, 2);
  assert.deepEqual(inventory.paths.get(nested.id)?.sample, [[byName(inventory, 'debug').id, nested.id]]);
  const top = byName(inventory, 'ms', '2.1.3');
  assert.equal(top.direct, true);
  assert.equal(top.depth, 1);
});

test('two packages whose names differ only in case (JSONStream, jsonstream) are two components, each under its own name', async () => {
  // Found by matching generated advisories through db import and scan: the purl (the component id) lowercases npm
  // names, so both were one component named JSONStream, and an advisory for jsonstream@1.0.0 was never matched.
  const dir = tempDir();
  const dependencies = { JSONStream: '1.0.0', jsonstream: '1.0.0' };
  const entry = (name: string) => ({ version: '1.0.0', resolved: `https://registry.npmjs.org/${name}/-/${name}-1.0.0.tgz`, integrity: 'sha512-AAAA' });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'p', version: '1.0.0', dependencies }));
  writeFileSync(
    path.join(dir, 'package-lock.json'),
    JSON.stringify({ name: 'p', version: '1.0.0', lockfileVersion: 3, packages: { '': { name: 'p', version: '1.0.0', dependencies }, 'node_modules/JSONStream': entry('JSONStream'), 'node_modules/jsonstream': entry('jsonstream') } }),
  );
  const inventory = await loadInventory(dir);
  assert.deepEqual(nameVersions(inventory), ['JSONStream@1.0.0', 'jsonstream@1.0.0']);
  assert.notEqual(byName(inventory, 'JSONStream').id, byName(inventory, 'jsonstream').id);
  assert.ok(inventory.components.every((c) => c.aliases.length === 0 && c.direct));
});
