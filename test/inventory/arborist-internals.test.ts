import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers/paths.js';

// src/inventory/arborist-speedups.ts replaces or wraps files inside
// @npmcli/arborist, so package.json pins the exact version they were written
// for. These are the files the speed-ups replace, wrap or rely on, with the
// sha256 of that version's copy: when arborist is upgraded and one of them
// changes, this test names it, and the speed-up that touches it must be
// reviewed against the new code before the hash is updated here.
const PINNED = '9.9.3';
const INTERNALS: ReadonlyArray<{ file: string; sha256: string; why: string }> = [
  { file: 'lib/case-insensitive-map.js', sha256: '6c469ea2425323f467183e2b1d9581ec45f6d2889f06400fd212c72a60ee33d0', why: 'replaced by a memoised map (preloadMemoisedCaseInsensitiveMap)' },
  { file: 'lib/relpath.js', sha256: '905b4f9ffb96ebd085045b11e1cc36b083ffa3f3b5ecbe7735792931ccfd9e4d', why: 'replaced by a string slice for paths below the root (preloadFastRelpath)' },
  { file: 'lib/arborist/build-ideal-tree.js', sha256: '2d81bb9ec47696cbaaff154fa128f3639ac885b743f08b367bdf5cc9ee11f401', why: 'replaced by a mixin that only creates the realpath and stat caches its constructor creates (preloadUnusedArboristParts)' },
  { file: 'lib/arborist/reify.js', sha256: 'bcd9de86dc8bdb70797bf9ee2e5a73f1eab653dd7446e0c3ca09eab5e3d29dcd', why: 'replaced by an empty mixin (preloadUnusedArboristParts)' },
  { file: 'lib/arborist/rebuild.js', sha256: '31cff57da873a9b2ce1fd16fbb6ce7d68108ce2bae628ca43b5772ab5ee5336c', why: 'replaced by an empty mixin (preloadUnusedArboristParts)' },
  { file: 'lib/arborist/isolated-reifier.js', sha256: '344da86453edadc6074c09aa5a67bfe9815136db7c422b43ce1471be0113be15', why: 'replaced by an empty mixin (preloadUnusedArboristParts)' },
  { file: 'lib/audit-report.js', sha256: 'e8d7d864eb6bd85849c103733bba5930229cdb36277e5a7451f3443e4104b85c', why: 'replaced by a stub that throws (preloadUnusedArboristParts)' },
  { file: 'lib/query-selector-all.js', sha256: '81a0a2617decca1e2a8692fb0c2b035ead4e8dffddae734a4866653d8677dbac', why: 'replaced by a stub that throws (preloadUnusedArboristParts)' },
  { file: 'lib/calc-dep-flags.js', sha256: 'ee52204dfdf97fdb510e041fab275e29b459ec47beb625eb52637691d50e06b8', why: 'wrapped to resolve deferred edges first (patchEdgeReloads)' },
  { file: 'lib/node.js', sha256: '2df02801c449ad50bbf1196b82c0fd7ae61039bfc612ba7269b960a252c33269', why: 'its _reloadNamedEdges is deferred while a lockfile loads (patchEdgeReloads)' },
  { file: 'lib/edge.js', sha256: 'a547398f1ac1dc19a57bc6bc3f4477baf7b2af34337518e15223aa7f35e34e81', why: 'reload(true) resolves each deferred edge against the final tree (reloadAllEdges)' },
  { file: 'lib/arborist/index.js', sha256: 'eab368e9ba8b9c3990b5ab02e084bd3ccef724d8cc1c9ceadad92b5cc7a97001', why: 'builds the class from the mixins that are replaced' },
  { file: 'lib/arborist/load-virtual.js', sha256: '0dfa413c5f4b8d77ed13431150a903dce83dd4ae0a7c43037baf0602ac6513d3', why: 'calls calc-dep-flags through its module export, places nodes with _reloadNamedEdges' },
  { file: 'lib/arborist/load-actual.js', sha256: 'add7c5c2ec70b19e874b0a3c86ec82e6b7ac93b2eb0c3f2d9a2ef3dbf63c327e', why: 'reads the realpath and stat caches build-ideal-tree would have created' },
];

const require = createRequire(import.meta.url);
const arboristRoot = path.dirname(require.resolve('@npmcli/arborist/package.json'));

test(`@npmcli/arborist is pinned to ${PINNED}, the version whose internals the speed-ups patch`, () => {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  assert.equal(manifest.dependencies['@npmcli/arborist'], PINNED, 'package.json must pin @npmcli/arborist exactly (no ^ or ~): src/inventory/arborist-speedups.ts patches its internals');
  const installed = (JSON.parse(readFileSync(path.join(arboristRoot, 'package.json'), 'utf8')) as { version: string }).version;
  assert.equal(installed, PINNED, `@npmcli/arborist ${installed} is installed, the speed-ups were written for ${PINNED}: run npm ci`);
});

test('the arborist files the speed-ups replace, wrap or rely on are the ones they were written for', () => {
  const changed = INTERNALS.filter(({ file, sha256 }) => createHash('sha256').update(readFileSync(path.join(arboristRoot, file))).digest('hex') !== sha256);
  assert.deepEqual(
    changed.map(({ file, why }) => `@npmcli/arborist/${file} changed (${why}): review src/inventory/arborist-speedups.ts against it, then update its sha256 in this test`),
    [],
  );
});

test('the arborist internals the speed-ups reach by name are there', () => {
  const NodeClass = require('@npmcli/arborist/lib/node.js') as { prototype: object };
  const symbols = Object.getOwnPropertySymbols(NodeClass.prototype).map((symbol) => symbol.description);
  assert.ok(symbols.includes('_reloadNamedEdges'), 'Node.prototype[Symbol(_reloadNamedEdges)] is gone: patchEdgeReloads would silently do nothing');
  const index = readFileSync(path.join(arboristRoot, 'lib', 'arborist', 'index.js'), 'utf8');
  for (const mixin of ['./build-ideal-tree.js', './load-actual.js', './load-virtual.js', './rebuild.js', './reify.js', './isolated-reifier.js']) {
    assert.ok(index.includes(`require('${mixin}')`), `lib/arborist/index.js no longer mixes in ${mixin}`);
  }
});
