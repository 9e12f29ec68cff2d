import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { inventoryCacheKey } from '../../src/inventory/inventory-cache-key.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { osvRecord } from '../helpers/osv-records.js';
import { oneLineProjectError } from '../helpers/project-error.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir, writeTree } from '../helpers/temp-dir.js';

const manifest = { name: 'app', version: '1.0.0', dependencies: { lodash: '4.17.20' } };
const lockfile = {
  name: 'app',
  version: '1.0.0',
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': { name: 'app', version: '1.0.0', dependencies: { lodash: '4.17.20' } },
    'node_modules/lodash': { version: '4.17.20', resolved: 'https://registry.npmjs.org/lodash/-/lodash-4.17.20.tgz', license: 'MIT' },
  },
};

async function rejectsWith(dir: string, pattern: RegExp): Promise<void> {
  await assert.rejects(loadInventory(dir), oneLineProjectError(pattern));
}

test('a lockfile that is a FIFO or a device is refused before anything reads it (a read would block for ever, or never end)', async () => {
  const fifo = writeTree(tempDir(), { 'package.json': manifest });
  execFileSync('mkfifo', [path.join(fifo, 'package-lock.json')]);
  await rejectsWith(fifo, /package-lock\.json is not a regular file$/);
  assert.equal(await inventoryCacheKey(fifo, 'salt'), undefined, 'nor read for the cache key');

  for (const name of ['pnpm-lock.yaml', 'yarn.lock', 'bun.lock']) {
    const device = writeTree(tempDir(), { 'package.json': manifest });
    symlinkSync('/dev/zero', path.join(device, name));
    await rejectsWith(device, new RegExp(`${name.replace('.', '\\.')} is not a regular file$`));
  }
  // A FIFO among the files the cache key reads beside the lockfile: no key, no wait.
  const settings = writeTree(tempDir(), { 'package.json': manifest, 'package-lock.json': lockfile });
  execFileSync('mkfifo', [path.join(settings, '.npmrc')]);
  assert.equal(await inventoryCacheKey(settings, 'salt'), undefined);
});

test('a lockfile that is a broken symbolic link is named, not taken for no lockfile', async () => {
  const dir = writeTree(tempDir(), { 'package.json': manifest });
  symlinkSync(path.join(dir, 'gone.yaml'), path.join(dir, 'pnpm-lock.yaml'));
  await rejectsWith(dir, /cannot read .*pnpm-lock\.yaml: no such file$/);
});

test('a lockfile or package.json that is not UTF-8 is refused with the line of the first bad byte: a package renamed by U+FFFD would match no advisory', async () => {
  const text = JSON.stringify(lockfile, null, 2);
  const bad = Buffer.concat([Buffer.from(text.slice(0, text.indexOf('node_modules/lodash') + 'node_modules/lod'.length)), Buffer.from([0xff]), Buffer.from(text.slice(text.indexOf('node_modules/lodash') + 'node_modules/lod'.length))]);
  const dir = writeTree(tempDir(), { 'package.json': manifest });
  writeFileSync(path.join(dir, 'package-lock.json'), bad);
  await rejectsWith(dir, /package-lock\.json is not valid UTF-8 \(line 14\)$/);

  // A genuine U+FFFD before the bad byte is text, not the error.
  const withReplacementCharacter = Buffer.concat([Buffer.from('{\n  "description": "\uFFFD",\n  "name": "'), Buffer.from([0xc3, 0x28]), Buffer.from('"\n}\n')]);
  writeFileSync(path.join(dir, 'package.json'), withReplacementCharacter);
  writeFileSync(path.join(dir, 'package-lock.json'), text);
  await rejectsWith(dir, /package\.json is not valid UTF-8 \(line 3\)$/);
});

test('package.json whose dependency maps are not maps is refused (yarn and bun lockfiles do not record them: the tree would silently lose them)', async () => {
  const yarnLock = '# yarn lockfile v1\n\n\nlodash@4.17.20:\n  version "4.17.20"\n  resolved "https://registry.npmjs.org/lodash/-/lodash-4.17.20.tgz"\n';
  for (const [files, pattern] of [
    [{ 'package.json': { name: 'app', dependencies: ['lodash'] }, 'yarn.lock': yarnLock }, /package\.json: "dependencies" must be an object of package names and version specs$/],
    [{ 'package.json': { name: 'app', devDependencies: 'lodash' }, 'package-lock.json': lockfile }, /package\.json: "devDependencies" must be an object/],
    [{ 'package.json': { name: 'app', dependencies: { lodash: 4 } }, 'yarn.lock': yarnLock }, /package\.json: dependencies\.lodash must be a string \(a version spec\)$/],
    [
      { 'package.json': { name: 'app', workspaces: ['packages/*'], dependencies: { lodash: '4.17.20' } }, 'packages/api/package.json': { name: 'api', dependencies: ['lodash'] }, 'yarn.lock': yarnLock },
      /packages\/api\/package\.json: "dependencies" must be an object/,
    ],
  ] as const) {
    await rejectsWith(writeTree(tempDir(), files), pattern);
  }
  // An empty list declares nothing, as npm reads it.
  const empty = writeTree(tempDir(), { 'package.json': { ...manifest, devDependencies: [] }, 'package-lock.json': lockfile });
  assert.deepEqual((await loadInventory(empty)).components.map((c) => c.id), ['pkg:npm/lodash@4.17.20']);
});

test('an input that exists but cannot be read has no cache key: a directory named package.json is not an absent one', async () => {
  const dir = writeTree(tempDir(), { 'package-lock.json': lockfile });
  const absent = await inventoryCacheKey(dir, 'salt');
  assert.ok(absent, 'a lockfile without package.json is keyed (and warned about)');
  mkdirSync(path.join(dir, 'package.json'));
  assert.equal(await inventoryCacheKey(dir, 'salt'), undefined);
  await rejectsWith(dir, /cannot read .*package\.json: is a directory$/);
  rmSync(path.join(dir, 'package.json'), { recursive: true });
  assert.equal(await inventoryCacheKey(dir, 'salt'), absent);
});

test('a scan reads only regular files beside the lockfile: a FIFO .npmrc or installed package.json is passed over, not waited on for ever', async () => {
  const dir = writeTree(tempDir(), { 'package.json': manifest, 'package-lock.json': lockfile });
  execFileSync('mkfifo', [path.join(dir, '.npmrc')]);
  mkdirSync(path.join(dir, 'node_modules', 'lodash'), { recursive: true });
  execFileSync('mkfifo', [path.join(dir, 'node_modules', 'lodash', 'package.json')]);
  const env = { DEPTRUST_DB: path.join(tempDir(), 'deptrust.db') };
  const advisories = writeTree(tempDir(), { 'GHSA-lodash.json': osvRecord('GHSA-lodash', 'lodash', [{ introduced: '0' }, { fixed: '4.17.21' }]) });
  assert.equal((await runCli(['db', 'import', advisories], { env })).code, 0);
  const result = await runCli(['scan', dir, '--offline', '--no-registry', '--format', 'json', '--fail-on', 'none'], { env });
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual((JSON.parse(result.stdout) as { findings: Array<{ id: string }> }).findings.map((f) => f.id), ['GHSA-lodash']);
});
