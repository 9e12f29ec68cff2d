import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import type { Inventory } from '../../src/model/component.js';
import { byName } from '../helpers/inventory.js';
import { fixtureProject } from '../helpers/paths.js';
import { oneLineProjectError } from '../helpers/project-error.js';
import { tempDir, writeTree } from '../helpers/temp-dir.js';

const multi = (manager: string): string => fixtureProject(path.join('multi-manager', manager));

function facts(inventory: Inventory): string[] {
  return inventory.components
    .map((c) => {
      // npm links a file: folder (its node named after the folder); bun records it as a file: dependency.
      const local = c.source.kind === 'link' || c.source.kind === 'directory';
      // bun records no integrity for a remote tarball.
      const integrity = c.source.kind === 'tarball' ? '' : (c.integrity ?? '');
      return `${c.name}@${c.version} ${c.scope}${c.flags.peer ? ' peer' : ''} ${local ? 'local' : c.source.kind} ${c.source.kind === 'tarball' ? c.source.url : ''} depth=${c.depth}${c.direct ? ' direct' : ''} aliases=${local ? '' : c.aliases.join(',')} workspaces=${c.workspaces.join(',')} ${integrity}`;
    })
    .sort();
}

function edgesByName(inventory: Inventory): string[] {
  const label = new Map(inventory.components.map((c) => [c.id, `${c.name}@${c.version}`]));
  return inventory.edges.map((e) => `${label.get(e.from) ?? 'root'} -${e.type}-> ${e.to === undefined ? 'MISSING' : label.get(e.to)} as ${e.name} ${e.spec}`).sort();
}

test('bun.lock of the project reads the same as npm\'s lockfile of it: components, flags, declared ranges', async () => {
  const npm = await loadInventory(multi('npm'));
  const bun = await loadInventory(multi('bun'));
  assert.equal(bun.sourceFile, 'bun.lock');
  assert.equal(bun.packageManager, 'bun');
  assert.equal(bun.lockfileVersion, 1);
  assert.deepEqual(bun.warnings, []);
  assert.deepEqual(bun.workspaces, ['packages/api', 'packages/shared']);
  assert.deepEqual(facts(bun), facts(npm));
  // bun keeps each package's declared ranges, as npm does; only the workspace link differs (npm has no workspace: protocol).
  const edges = (inventory: Inventory) => edgesByName(inventory).map((e) => e.replace(/ (\*|workspace:\*|file:.*)$/, ''));
  assert.deepEqual(edges(bun), edges(npm));
  assert.deepEqual(byName(bun, 'minimist', '1.2.5').aliases, ['legacy-minimist']);
  assert.deepEqual(byName(bun, 'lodash', '4.17.21').locations, ['packages/shared/node_modules/lodash']);
  assert.deepEqual(byName(bun, 'ms', '2.1.3').locations, ['node_modules/debug/node_modules/ms']);
});

const manifest = { name: 'app', version: '1.0.0', dependencies: { ms: '^2.1.0' } };
const lock = (packages: string, extra = '') => `{
  "lockfileVersion": 1,
  "workspaces": {
    "": {
      "name": "app",
      "dependencies": {
        "ms": "^2.1.0",${extra}
      },
    },
  },
  "packages": {
${packages}
  }
}
`;
const ms = '    "ms": ["ms@2.1.3", "", {}, "sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA=="],';

test('bun: git and GitHub sources, another registry, and a dependency package.json has that bun.lock lacks', async () => {
  const dir = writeTree(tempDir(), {
    'package.json': { name: 'app', dependencies: { ms: '^2.1.0', hosted: 'github:acme/hosted', plain: 'git+https://example.com/acme/plain.git', left: '^1.0.0' } },
    'bun.lock': lock(
      `${ms.replace('""', '"https://npm.example.com/ms/-/ms-2.1.3.tgz"')}
    "hosted": ["hosted@github:acme/hosted#0123456", {}, "acme-hosted-0123456"],
    "plain": ["plain@git+https://example.com/acme/plain.git#89abcdef", {}, "89abcdef"],`,
      '\n        "hosted": "github:acme/hosted",\n        "plain": "git+https://example.com/acme/plain.git",',
    ),
  });
  const inventory = await loadInventory(dir);
  assert.deepEqual(byName(inventory, 'hosted').source, { kind: 'git', url: 'git+https://github.com/acme/hosted.git#0123456' });
  assert.deepEqual(byName(inventory, 'plain').source, { kind: 'git', url: 'git+https://example.com/acme/plain.git#89abcdef' });
  assert.deepEqual(byName(inventory, 'ms').source, { kind: 'registry', url: 'https://npm.example.com/ms/-/ms-2.1.3.tgz', host: 'npm.example.com' });
});

async function rejectsWith(files: Record<string, string | object>, pattern: RegExp): Promise<void> {
  const dir = writeTree(tempDir(), { 'package.json': manifest, ...files });
  await assert.rejects(loadInventory(dir), oneLineProjectError(pattern));
}

test('bad and truncated bun.lock files exit 2 with one line', async () => {
  const real = readFileSync(path.join(multi('bun'), 'bun.lock'), 'utf8');
  await rejectsWith({ 'bun.lock': real.slice(0, Math.floor(real.length / 2)) }, /^malformed JSON in bun\.lock at line \d+, column \d+: /);
  await rejectsWith({ 'bun.lock': real.slice(0, real.length - 3) }, /^malformed JSON in bun\.lock at line \d+, column \d+: CloseBraceExpected/);
  await rejectsWith({ 'bun.lock': '' }, /^malformed JSON in bun\.lock/);
  await rejectsWith({ 'bun.lock': lock(ms).replace('"lockfileVersion": 1', '"lockfileVersion": 7') }, /unsupported lockfileVersion 7 in bun\.lock \(deptrust reads bun\.lock versions 0 and 1\)/);
  await rejectsWith({ 'bun.lock': '[]' }, /bun\.lock is not a JSON object/);
  await rejectsWith({ 'bun.lock': lock('    "ms": "ms@2.1.3",') }, /packages\["ms"\] must be an array starting with "name@version"/);
  await rejectsWith({ 'bun.lock': lock('    "ms": ["ms"],') }, /packages\["ms"\] names no version/);
  await rejectsWith({ 'bun.lock': lock(`${ms}\n    "__proto__": ["x@1.0.0", "", {}, "sha512-x"],`) }, /bun\.lock: refusing hostile key "__proto__"/);
  await rejectsWith({ 'bun.lock': lock('    "evil": ["evil@workspace:../outside"],') }, /packages\["evil"\] lies outside the project directory/);
  await rejectsWith({ 'bun.lockb': '#!/usr/bin/env bun\nbun-lockfile-format-v0\n' }, /run "bun install --save-text-lockfile"/);
});

test('a bun.lock without its workspaces, its root workspace or its packages exits 2 instead of reading as an empty tree', async () => {
  const parsed = lock(ms);
  const packagesAt = parsed.indexOf(',\n  "packages": {');
  assert.ok(packagesAt > 0);
  await rejectsWith({ 'bun.lock': '{ "lockfileVersion": 1, "packages": {\n' + ms + '\n  } }' }, /^bun\.lock has no "workspaces" \(bun writes the root workspace "" in every bun\.lock: a truncated or hand-edited lockfile\)$/);
  await rejectsWith({ 'bun.lock': parsed.replace('    "": {', '    "packages/app": {') }, /^bun\.lock: "workspaces" has no root workspace ""/);
  // Every declaration unresolved: `packages` deleted or emptied.
  await rejectsWith({ 'bun.lock': `${parsed.slice(0, packagesAt)}\n}\n` }, /^bun\.lock records none of the dependencies the project declares \(ms\): a truncated lockfile/);
  await rejectsWith({ 'bun.lock': lock('') }, /^bun\.lock records none of the dependencies the project declares \(ms\)/);
  // A project without dependencies records none and has no packages: nothing is missing.
  const empty = writeTree(tempDir(), { 'package.json': { name: 'app' }, 'bun.lock': '{ "lockfileVersion": 1, "workspaces": { "": { "name": "app" } } }' });
  const nothing = await loadInventory(empty);
  assert.deepEqual([nothing.components.length, nothing.warnings], [0, []]);
  // One dependency bun.lock lacks, beside one it has, is only out of sync.
  const partial = await loadInventory(writeTree(tempDir(), { 'package.json': { ...manifest, dependencies: { ...manifest.dependencies, debug: '^4' } }, 'bun.lock': lock(ms, '\n        "debug": "^4",') }));
  assert.deepEqual(partial.warnings.map((warning) => warning.code), ['lockfile-out-of-sync']);
});

test('bun binds the project\'s peer dependency to the package of that name it installs, and installs it in production', async () => {
  // The project declares `ws@^8.17.0` a peer; bun 1.2 kept the `ws` its dev dependency brings (7.5.14) for it,
  // and `bun install --production --frozen-lockfile` installs ms and that ws: unlike yarn, it is prod and direct here.
  const dir = writeTree(tempDir(), {
    'package.json': { name: 'peer-root', dependencies: { ms: '2.1.3' }, peerDependencies: { ws: '^8.17.0' }, devDependencies: { 'react-devtools-core': '4.28.5' } },
    'bun.lock': `{
  "lockfileVersion": 1,
  "workspaces": {
    "": {
      "name": "peer-root",
      "dependencies": { "ms": "2.1.3" },
      "devDependencies": { "react-devtools-core": "4.28.5" },
      "peerDependencies": { "ws": "^8.17.0" },
    },
  },
  "packages": {
${ms}
    "react-devtools-core": ["react-devtools-core@4.28.5", "", { "dependencies": { "ws": "^7" } }, "sha512-cq/o30z9W2Wb4rzBefjv5fBalHU0rJGZCHAkf/RHSBWSSYwh8PlQTqqOJmgIIbBtpj27T6FIPXeomIjZtCNVqA=="],
    "ws": ["ws@7.5.14", "", {}, "sha512-u9Oi2nQ8SZnTUAf6spLLKF5TyqoG3Nbbrd4ai6Sjo4P24bycDewhQqtNMIg4bFpnpH/TD4qk4IuAVhT0HIIqug=="],
  }
}
`,
  });
  const inventory = await loadInventory(dir);
  const ws = byName(inventory, 'ws');
  assert.deepEqual([ws.version, ws.scope, ws.direct, ws.depth], ['7.5.14', 'prod', true, 1]);
  assert.deepEqual(
    inventory.warnings.map((warning) => [warning.code, 'name' in warning ? warning.name : undefined]),
    [['lockfile-out-of-sync', 'ws']],
    'the version bun kept misses the declared range',
  );
});

test('a dependency package.json declares and bun.lock\'s workspace entry lacks is out of sync, never silently absent', async () => {
  const lodash = '    "lodash": ["lodash@4.17.20", "", {}, "sha512-PlhdFcillOINfeV7Ni6oF1TAEayyZBoZ8bcshTHqOYJYlrqzRK5hagpagky5o4HfCzzd1TRkXPMFq6cKk9rGmA=="],';
  const declared = { ...manifest, dependencies: { ...manifest.dependencies, lodash: '4.17.20' } };
  // The line `"lodash": "4.17.20",` deleted from workspaces[""]: the package entry stays, nothing refers to it.
  const inventory = await loadInventory(writeTree(tempDir(), { 'package.json': declared, 'bun.lock': lock(`${ms}\n${lodash}`) }));
  assert.deepEqual(
    inventory.warnings.map((warning) => [warning.code, 'name' in warning ? warning.name : undefined, 'problem' in warning ? warning.problem : undefined]),
    [['lockfile-out-of-sync', 'lodash', 'missing']],
  );
  // The only dependency deleted from the entry: the lockfile records none of what the project declares.
  const alone = writeTree(tempDir(), {
    'package.json': { name: 'app', version: '1.0.0', dependencies: { lodash: '4.17.20' } },
    'bun.lock': `{ "lockfileVersion": 1, "workspaces": { "": { "name": "app" } }, "packages": {\n${lodash}\n  } }`,
  });
  await assert.rejects(loadInventory(alone), oneLineProjectError(/^bun\.lock records none of the dependencies the project declares \(lodash\)/));
});
