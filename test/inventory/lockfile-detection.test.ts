import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { findProjectSource } from '../../src/inventory/find-project-source.js';
import { lockfileKindOfText } from '../../src/inventory/lockfile-kind.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { runCli } from '../helpers/run-cli.js';
import { oneLineProjectError } from '../helpers/project-error.js';
import { tempDir, writeTree } from '../helpers/temp-dir.js';

const manifest = { name: 'app', version: '1.0.0', dependencies: { ms: '2.1.3' } };
const npmLock = {
  name: 'app',
  version: '1.0.0',
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': { name: 'app', version: '1.0.0', dependencies: { ms: '2.1.3' } },
    'node_modules/ms': { version: '2.1.3', resolved: 'https://registry.npmjs.org/ms/-/ms-2.1.3.tgz', license: 'MIT' },
  },
};
const pnpmLock = "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      ms:\n        specifier: 2.1.3\n        version: 2.1.3\n";
const bunLock = '{\n  "lockfileVersion": 1,\n  "workspaces": {\n    "": {\n      "name": "app",\n    },\n  },\n  "packages": {}\n}\n';

function project(files: Record<string, string | object>): string {
  return writeTree(tempDir(), files);
}

function throwsProjectError(run: () => unknown, pattern: RegExp): void {
  assert.throws(run, oneLineProjectError(pattern));
}

test('one manager\'s lockfile is read, whichever it is', () => {
  for (const [file, content, manager] of [
    ['package-lock.json', npmLock, 'npm'],
    ['pnpm-lock.yaml', pnpmLock, 'pnpm'],
    ['yarn.lock', '# yarn lockfile v1\n', 'yarn'],
    ['bun.lock', bunLock, 'bun'],
  ] as const) {
    const dir = project({ 'package.json': manifest, [file]: content });
    const source = findProjectSource(dir);
    assert.equal(source.sourceFile, file);
    assert.equal(source.manager, manager);
    assert.equal(source.lockfile, path.join(dir, file));
  }
});

test('npm-shrinkwrap.json wins over package-lock.json, bun.lock over bun.lockb (each manager\'s own order)', () => {
  const npm = project({ 'package.json': manifest, 'package-lock.json': npmLock, 'npm-shrinkwrap.json': npmLock });
  assert.equal(findProjectSource(npm).sourceFile, 'npm-shrinkwrap.json');
  const bun = project({ 'package.json': manifest, 'bun.lock': bunLock, 'bun.lockb': '#!/usr/bin/env bun\nbun-lockfile-format-v0\n' });
  assert.equal(findProjectSource(bun).sourceFile, 'bun.lock');
});

test('several managers\' lockfiles: packageManager decides, else exit 2 naming them, and --lockfile chooses', () => {
  const files = { 'package-lock.json': npmLock, 'pnpm-lock.yaml': pnpmLock, 'yarn.lock': '# yarn lockfile v1\n' };
  const undecided = project({ 'package.json': manifest, ...files });
  throwsProjectError(() => findProjectSource(undecided), /several lockfiles in .*: package-lock\.json, pnpm-lock\.yaml, yarn\.lock; package\.json names no "packageManager": choose one with --lockfile <file>/);
  const declared = project({ 'package.json': { ...manifest, packageManager: 'pnpm@9.15.9+sha512.abc' }, ...files });
  assert.equal(findProjectSource(declared).manager, 'pnpm');
  const elsewhere = project({ 'package.json': { ...manifest, packageManager: 'bun@1.2.0' }, ...files });
  throwsProjectError(() => findProjectSource(elsewhere), /"packageManager" \(bun@1\.2\.0\) matches none of them/);
  assert.equal(findProjectSource(undecided, { lockfile: path.join(undecided, 'yarn.lock') }).manager, 'yarn');
});

test('a packageManager naming a manager whose lockfile is absent is a warning, and the lockfile present is read', async () => {
  const dir = project({ 'package.json': { ...manifest, packageManager: 'pnpm@9.0.0' }, 'package-lock.json': npmLock });
  const inventory = await loadInventory(dir);
  assert.equal(inventory.sourceFile, 'package-lock.json');
  assert.deepEqual(
    inventory.warnings.filter((warning) => warning.code === 'package-manager-mismatch'),
    [{ code: 'package-manager-mismatch', declared: 'pnpm@9.0.0', lockfile: 'package-lock.json' }],
  );
});

test('a named lockfile must be a known kind of file inside the project folder', () => {
  const dir = project({ 'package.json': manifest, 'package-lock.json': npmLock, 'notes.txt': 'hello' });
  const other = project({ 'pnpm-lock.yaml': pnpmLock });
  throwsProjectError(() => findProjectSource(dir, { lockfile: path.join(other, 'pnpm-lock.yaml') }), /is not in the project directory/);
  throwsProjectError(() => findProjectSource(dir, { lockfile: path.join(dir, 'notes.txt') }), /is not a lockfile deptrust knows/);
  throwsProjectError(() => findProjectSource(dir, { lockfile: path.join(dir, 'missing.yaml') }), /cannot read lockfile .*missing\.yaml: no such file/);
});

test('bun.lockb alone exits 2 with one line saying how to write bun.lock', () => {
  const dir = project({ 'package.json': manifest, 'bun.lockb': '#!/usr/bin/env bun\nbun-lockfile-format-v0\n\u0000\u0001' });
  throwsProjectError(() => findProjectSource(dir), /bun\.lockb is bun's binary lockfile, which deptrust cannot read: run "bun install --save-text-lockfile"/);
});

test('no lockfile and no node_modules: the message names every lockfile looked for, and the declared manager\'s command', () => {
  throwsProjectError(() => findProjectSource(project({ 'package.json': manifest })), /^no lockfile \(package-lock\.json, npm-shrinkwrap\.json, pnpm-lock\.yaml, yarn\.lock, bun\.lock\) and no node_modules in .* \(run "npm install --package-lock-only" first\)$/);
  const pnpmProject = project({ 'package.json': JSON.stringify({ name: 'app', packageManager: 'pnpm@9.15.0' }) });
  throwsProjectError(() => findProjectSource(pnpmProject), /\(run "pnpm install --lockfile-only" first\)$/);
});

test('a pnpm node_modules is never read as folders: through node_modules/.pnpm/lock.yaml, or refused', () => {
  const withCopy = project({ 'package.json': manifest, 'node_modules/.pnpm/lock.yaml': pnpmLock, 'node_modules/.modules.yaml': 'layoutVersion: 5\n' });
  const source = findProjectSource(withCopy);
  assert.deepEqual([source.sourceFile, source.manager, source.lockfile], ['node_modules', 'pnpm', path.join(withCopy, 'node_modules', '.pnpm', 'lock.yaml')]);
  const without = project({ 'package.json': manifest, 'node_modules/.modules.yaml': 'layoutVersion: 5\n' });
  mkdirSync(path.join(without, 'node_modules', '.pnpm', 'ms@2.1.3', 'node_modules', 'ms'), { recursive: true });
  throwsProjectError(() => findProjectSource(without), /was installed by pnpm, and neither pnpm-lock\.yaml nor node_modules\/\.pnpm\/lock\.yaml is there/);
});

test('another manager\'s lockfile beside node_modules is read, never node_modules', () => {
  const dir = project({ 'package.json': manifest, 'pnpm-lock.yaml': pnpmLock, 'node_modules/ms/package.json': { name: 'ms', version: '2.1.3' } });
  assert.equal(findProjectSource(dir).sourceFile, 'pnpm-lock.yaml');
});

test('a node_modules folder without package.json is no component', async () => {
  const dir = project({
    'package.json': manifest,
    'node_modules/ms/package.json': { name: 'ms', version: '2.1.3' },
    'node_modules/once@1.4.0/placeholder.txt': 'not a package',
  });
  writeFileSync(path.join(dir, 'node_modules', '.package-lock.json'), '');
  const inventory = await loadInventory(dir);
  assert.deepEqual(inventory.components.map((c) => `${c.name}@${c.version}`), ['ms@2.1.3']);
});

test('a lockfile is recognised by its first bytes when it has another name (a diff base)', () => {
  assert.equal(lockfileKindOfText(pnpmLock), 'pnpm-lock.yaml');
  assert.equal(lockfileKindOfText("---\nlockfileVersion: 5.4\n"), 'pnpm-lock.yaml');
  assert.equal(lockfileKindOfText('# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n# yarn lockfile v1\n'), 'yarn.lock');
  assert.equal(lockfileKindOfText('# This file is generated by running "yarn install"\n\n__metadata:\n  version: 8\n'), 'yarn.lock');
  assert.equal(lockfileKindOfText(bunLock), 'bun.lock');
  assert.equal(lockfileKindOfText(JSON.stringify(npmLock, null, 2)), 'package-lock.json');
  assert.equal(lockfileKindOfText('hello'), undefined);
});

test('a lockfile as the project argument, and --lockfile, work for every command', async () => {
  const dir = project({ 'package.json': manifest, 'package-lock.json': npmLock, 'pnpm-lock.yaml': pnpmLock });
  const env = { DEPTRUST_DB: path.join(dir, 'db.sqlite') };
  const undecided = await runCli(['explain', 'ms', dir], { env });
  assert.equal(undecided.code, 2);
  assert.match(undecided.stderr, /^deptrust: several lockfiles in .*: package-lock\.json, pnpm-lock\.yaml; .* --lockfile <file>\n$/);
  const byArgument = await runCli(['explain', 'ms', path.join(dir, 'package-lock.json'), '--format', 'json'], { env });
  assert.equal(byArgument.code, 0, byArgument.stderr);
  assert.match(byArgument.stdout, /"purl": "pkg:npm\/ms@2\.1\.3"/);
  const byFlag = await runCli(['explain', 'ms', dir, '--lockfile', 'package-lock.json'], { env });
  assert.equal(byFlag.code, 0, byFlag.stderr);
  assert.match(byFlag.stdout, /^ms@2\.1\.3/);
  const disagree = await runCli(['scan', path.join(dir, 'package-lock.json'), '--lockfile', 'pnpm-lock.yaml', '--offline'], { env });
  assert.equal(disagree.code, 2);
  assert.match(disagree.stderr, /^deptrust: --lockfile pnpm-lock\.yaml and the lockfile argument .* name different files\n$/);
});
