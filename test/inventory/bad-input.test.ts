import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { oneLineProjectError } from '../helpers/project-error.js';
import { tempDir, writeTree } from '../helpers/temp-dir.js';

const manifest = { name: 'app', version: '1.0.0', dependencies: { ms: '2.1.3' } };
const goodLock = {
  name: 'app',
  version: '1.0.0',
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': { name: 'app', version: '1.0.0', dependencies: { ms: '2.1.3' } },
    'node_modules/ms': { version: '2.1.3', resolved: 'https://registry.npmjs.org/ms/-/ms-2.1.3.tgz', license: 'MIT' },
  },
};

function project(files: Record<string, string | object>): string {
  return writeTree(tempDir(), files);
}

async function rejectsWith(dir: string, pattern: RegExp): Promise<void> {
  await assert.rejects(loadInventory(dir), oneLineProjectError(pattern));
}

// [what, files, expected message]
const cases: Array<[string, Record<string, string | object>, RegExp]> = [
  ['no lockfile and no node_modules', { 'package.json': manifest }, /no lockfile \(package-lock\.json, npm-shrinkwrap\.json, pnpm-lock\.yaml, yarn\.lock, bun\.lock\) and no node_modules in /],
  ['malformed lockfile JSON', { 'package.json': manifest, 'package-lock.json': '{\n  "name": "app",\n  "lockfileVersion": 3,,\n}' }, /malformed JSON in .*package-lock\.json at line 3, column 24/],
  ['truncated lockfile', { 'package.json': manifest, 'package-lock.json': '{"name": "app", "lockfileVersion": 3, "packages": {' }, /malformed JSON in .*package-lock\.json at line 1/],
  ['malformed package.json', { 'package.json': '{ "name": "app", }', 'package-lock.json': goodLock }, /malformed JSON in .*package\.json at line 1, column 18/],
  ['unsupported lockfile version', { 'package.json': manifest, 'package-lock.json': { ...goodLock, lockfileVersion: 4 } }, /unsupported lockfileVersion 4 in .*package-lock\.json/],
  ['missing lockfile version', { 'package.json': manifest, 'package-lock.json': { name: 'app' } }, /unsupported lockfileVersion null/],
  ['lockfile that is not an object', { 'package.json': manifest, 'package-lock.json': '[1, 2]' }, /package-lock\.json is not a JSON object/],
  [
    'package outside the project',
    { 'package.json': manifest, 'package-lock.json': { ...goodLock, packages: { ...goodLock.packages, '../outside/node_modules/evil': { version: '1.0.0' } } } },
    /package "\.\.\/outside\/node_modules\/evil" lies outside the project directory/,
  ],
  [
    'absolute package location',
    { 'package.json': manifest, 'package-lock.json': { ...goodLock, packages: { ...goodLock.packages, '/etc/passwd': { version: '1.0.0' } } } },
    /lies outside the project directory/,
  ],
  [
    '__proto__ as a package key',
    { 'package.json': manifest, 'package-lock.json': JSON.stringify(goodLock).replace('"node_modules/ms"', '"node_modules/__proto__"') },
    /refusing hostile package key "node_modules\/__proto__"/,
  ],
  [
    '__proto__ as a dependency name',
    { 'package.json': manifest, 'package-lock.json': JSON.stringify(goodLock).replace('"dependencies":{"ms"', '"dependencies":{"__proto__"') },
    /refusing hostile dependency name "__proto__"/,
  ],
  [
    'v1 lockfile with constructor key',
    { 'package.json': manifest, 'package-lock.json': { name: 'app', lockfileVersion: 1, dependencies: { constructor: { version: '1.0.0' } } } },
    /refusing hostile package key "constructor"/,
  ],
];

for (const [what, files, expected] of cases) {
  test(`bad input: ${what} is one clear line with exit code 2`, async () => {
    await rejectsWith(project(files), expected);
  });
}

test('bad input: a missing directory', async () => {
  await rejectsWith(path.join(tempDir(), 'does-not-exist'), /cannot read project directory .*does-not-exist: no such file/);
});

test('bad input: a file instead of a directory', async () => {
  const dir = project({ 'package.json': manifest });
  await rejectsWith(path.join(dir, 'package.json'), /is not a directory/);
});

test('bad input: an unreadable lockfile (a directory by that name)', async () => {
  const dir = project({ 'package.json': manifest });
  mkdirSync(path.join(dir, 'package-lock.json'));
  await rejectsWith(dir, /cannot read .*package-lock\.json: is a directory/);
});

test('npm-shrinkwrap.json wins over package-lock.json', async () => {
  const shrinkwrap = structuredClone(goodLock);
  shrinkwrap.packages['node_modules/ms'].version = '2.1.2';
  shrinkwrap.packages['node_modules/ms'].resolved = 'https://registry.npmjs.org/ms/-/ms-2.1.2.tgz';
  const dir = project({ 'package.json': { ...manifest, dependencies: { ms: '^2.1.0' } }, 'package-lock.json': goodLock, 'npm-shrinkwrap.json': shrinkwrap });
  const inventory = await loadInventory(dir);
  assert.equal(inventory.sourceFile, 'npm-shrinkwrap.json');
  assert.deepEqual(inventory.components.map((c) => c.version), ['2.1.2']);
});

test('a lockfile out of sync with package.json is a warning, not a failure', async () => {
  const dir = project({
    'package.json': { ...manifest, dependencies: { ms: '^3.0.0', debug: '^4.0.0' } },
    'package-lock.json': goodLock,
  });
  const inventory = await loadInventory(dir);
  assert.equal(inventory.components.length, 1);
  assert.deepEqual(inventory.warnings, [
    { code: 'lockfile-out-of-sync', sourceFile: 'package-lock.json', manifest: 'package.json', name: 'debug', spec: '^4.0.0', problem: 'missing' },
    { code: 'lockfile-out-of-sync', sourceFile: 'package-lock.json', manifest: 'package.json', name: 'ms', spec: '^3.0.0', problem: 'unsatisfied' },
  ]);
});

test('without a lockfile, the installed node_modules is read', async () => {
  const dir = project({
    'package.json': manifest,
    'node_modules/ms/package.json': { name: 'ms', version: '2.1.3', license: 'MIT', repository: 'vercel/ms', homepage: 'https://github.com/vercel/ms#readme' },
    'node_modules/left-over/package.json': { name: 'left-over', version: '1.0.0', scripts: { postinstall: 'node x.js' } },
  });
  const inventory = await loadInventory(dir);
  assert.equal(inventory.sourceFile, 'node_modules');
  const ms = inventory.components.find((c) => c.name === 'ms');
  assert.equal(ms?.homepage, 'https://github.com/vercel/ms#readme');
  assert.equal(ms?.direct, true);
  const extraneous = inventory.components.find((c) => c.name === 'left-over');
  assert.equal(extraneous?.hasInstallScript, true);
});
