import assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { classifySource } from '../../src/inventory/classify-source.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { isOmitted, omitScopes } from '../../src/inventory/omit-scopes.js';
import { byName, nameVersions } from '../helpers/inventory.js';
import { writeNpmProject } from '../helpers/npm-project.js';
import { fixtureProject } from '../helpers/paths.js';
import { oneLineProjectError } from '../helpers/project-error.js';
import { tempDir, writeTree } from '../helpers/temp-dir.js';

test('a lockfile saying lockfileVersion 2 with only v1 "dependencies" is read as npm reads it', async () => {
  const dir = path.join(tempDir(), 'v2-dependencies-only');
  cpSync(fixtureProject('lockfile-versions/v1'), dir, { recursive: true });
  const lockfile = path.join(dir, 'package-lock.json');
  const parsed = JSON.parse(readFileSync(lockfile, 'utf8')) as Record<string, unknown>;
  assert.equal(parsed['packages'], undefined);
  writeFileSync(lockfile, JSON.stringify({ ...parsed, lockfileVersion: 2 }, null, 2));
  const [v1, v2] = await Promise.all([loadInventory(fixtureProject('lockfile-versions/v1')), loadInventory(dir)]);
  assert.equal(v2.lockfileVersion, 2);
  assert.equal(v2.components.length, 27);
  assert.deepEqual(nameVersions(v2), nameVersions(v1));
  assert.deepEqual(v2.components.map((c) => [c.id, c.scope, c.source]), v1.components.map((c) => [c.id, c.scope, c.source]));
});

test('resolved values are classified in npm-package-arg order: a scheme-less registry host is the registry', () => {
  const kind = (resolved: string, incomingSpecs: string[] = []): unknown => classifySource({ resolved, linked: false, isWorkspace: false, incomingSpecs });
  assert.deepEqual(kind('registry.npmjs.org'), { kind: 'registry' });
  assert.deepEqual(kind('https://registry.npmjs.org/ms/-/ms-2.1.3.tgz'), { kind: 'registry', url: 'https://registry.npmjs.org/ms/-/ms-2.1.3.tgz', host: 'registry.npmjs.org' });
  assert.deepEqual(kind('https://example.com/ms.tgz', ['https://example.com/ms.tgz']), { kind: 'tarball', url: 'https://example.com/ms.tgz', host: 'example.com' });
  assert.equal((classifySource({ resolved: 'git+ssh://git@github.com/a/b.git#0123456789abcdef0123456789abcdef01234567', linked: false, isWorkspace: false, incomingSpecs: [] })).kind, 'git');
  assert.deepEqual(kind('file:vendor/ms-2.1.3.tgz'), { kind: 'file', url: 'file:vendor/ms-2.1.3.tgz' });
  assert.deepEqual(kind('file:../shared'), { kind: 'directory', url: 'file:../shared' });
  assert.deepEqual(kind('./local-dir'), { kind: 'directory', url: './local-dir' });
  assert.deepEqual(kind('vendor/ms'), { kind: 'directory', url: 'vendor/ms' });
  assert.deepEqual(kind('ms-2.1.3.tgz'), { kind: 'file', url: 'ms-2.1.3.tgz' });
});

test('a lockfile entry resolved to "registry.npmjs.org" is a registry component, matched like any other', async () => {
  const dir = writeNpmProject(tempDir(), { name: 'app', dependencies: { ms: '2.1.3' } }, [{ name: 'ms', version: '2.1.3', resolved: 'registry.npmjs.org' }]);
  const ms = byName(await loadInventory(dir), 'ms');
  assert.deepEqual(ms.source, { kind: 'registry' });
  assert.equal(ms.purl, 'pkg:npm/ms@2.1.3');
});

test('a package both dev and optional keeps both flags: its scope says so and --omit dev and --omit optional each drop it', async () => {
  const dir = writeNpmProject(tempDir(), { name: 'app', devDependencies: { watcher: '1.0.0' } }, [
    { name: 'watcher', version: '1.0.0', dev: true, dependencies: {} },
    { name: 'fsevents', version: '2.3.3', dev: true },
  ]);
  // fsevents is an optional dependency of a dev dependency: npm writes "dev": true and "optional": true.
  const lockfile = path.join(dir, 'package-lock.json');
  const parsed = JSON.parse(readFileSync(lockfile, 'utf8')) as { packages: Record<string, Record<string, unknown>> };
  const watcher = parsed.packages['node_modules/watcher'];
  const fsevents = parsed.packages['node_modules/fsevents'];
  assert.ok(watcher && fsevents);
  watcher['optionalDependencies'] = { fsevents: '^2.3.0' };
  fsevents['optional'] = true;
  writeFileSync(lockfile, JSON.stringify(parsed, null, 2));

  const inventory = await loadInventory(dir);
  const component = byName(inventory, 'fsevents');
  assert.equal(component.scope, 'devAndOptional');
  assert.deepEqual([component.flags.dev, component.flags.optional], [true, true]);
  assert.equal(byName(inventory, 'watcher').scope, 'dev');
  assert.equal(isOmitted(component, new Set(['optional'])), true);
  assert.equal(isOmitted(component, new Set(['dev'])), true);
  assert.deepEqual(nameVersions(omitScopes(inventory, new Set(['optional']))), ['watcher@1.0.0']);
});

test('a lockfile without a package.json beside it is read with a warning', async () => {
  const dir = writeNpmProject(tempDir(), { name: 'app', dependencies: { ms: '2.1.3' } }, [{ name: 'ms', version: '2.1.3' }]);
  assert.deepEqual((await loadInventory(dir)).warnings, []);
  rmSync(path.join(dir, 'package.json'));
  const inventory = await loadInventory(dir);
  assert.deepEqual(nameVersions(inventory), ['ms@2.1.3']);
  assert.deepEqual(inventory.warnings, [{ code: 'lockfile-without-manifest', lockfile: 'package-lock.json' }]);
});

/** A lockfile v1 as npm 6 wrote it; `dependencies` left out when it locks nothing. */
function v1Lockfile(locked: Record<string, { version: string }>): object {
  const dependencies = Object.fromEntries(Object.entries(locked).map(([name, { version }]) => [name, { version, resolved: `https://registry.npmjs.org/${name}/-/${name}-${version}.tgz`, integrity: 'sha512-AAAA' }]));
  return { name: 'app', version: '1.0.0', lockfileVersion: 1, requires: true, ...(Object.keys(dependencies).length > 0 ? { dependencies } : {}) };
}

test('an npm lockfile that records none of the declared dependencies exits 2; one dependency added since the install is a warning', async () => {
  const manifest = { name: 'app', version: '1.0.0', dependencies: { ms: '2.1.3' }, devDependencies: { debug: '^4.0.0' } };
  const rejects = (lockfile: object, pattern: RegExp) => assert.rejects(loadInventory(writeTree(tempDir(), { 'package.json': manifest, 'package-lock.json': lockfile })), oneLineProjectError(pattern));
  // v1 without `dependencies` (arborist reads it): the tree would be empty.
  await rejects(v1Lockfile({}), /^package-lock\.json records none of the dependencies the project declares \(debug, ms\): a truncated lockfile, or one written before them/);
  // v3 whose `packages` holds only the root entry (read without arborist).
  const rootOnly = { name: 'app', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name: 'app', version: '1.0.0', dependencies: manifest.dependencies, devDependencies: manifest.devDependencies } } };
  await rejects(rootOnly, /^package-lock\.json records none of the dependencies the project declares \(debug, ms\)/);
  // npm-shrinkwrap.json is the file npm reads first, and the one named.
  const shrinkwrapped = writeTree(tempDir(), { 'package.json': manifest, 'npm-shrinkwrap.json': rootOnly });
  await assert.rejects(loadInventory(shrinkwrapped), oneLineProjectError(/^npm-shrinkwrap\.json records none/));

  // One dependency added to package.json after the install: npm would install it and relock; only a warning.
  const added = writeTree(tempDir(), { 'package.json': { ...manifest, devDependencies: {} }, 'package-lock.json': v1Lockfile({ ms: { version: '2.1.3' } }) });
  assert.deepEqual((await loadInventory(added)).warnings, []);
  writeTree(added, { 'package.json': manifest });
  const inventory = await loadInventory(added);
  assert.deepEqual(nameVersions(inventory), ['ms@2.1.3']);
  assert.deepEqual(inventory.warnings, [{ code: 'lockfile-out-of-sync', sourceFile: 'package-lock.json', manifest: 'package.json', name: 'debug', spec: '^4.0.0', problem: 'missing' }]);
  // A project declaring nothing has nothing to record.
  const bare = writeTree(tempDir(), { 'package.json': { name: 'app', version: '1.0.0' }, 'package-lock.json': v1Lockfile({}) });
  assert.deepEqual((await loadInventory(bare)).components, []);
});

test('a lockfile field of the wrong type (resolved 42, a flag "yes", a range {}) exits 2 naming the field, in every lockfile version', async () => {
  const manifest = { name: 'app', version: '1.0.0', dependencies: { ms: '2.1.3' } };
  const msEntry = { version: '2.1.3', resolved: 'https://registry.npmjs.org/ms/-/ms-2.1.3.tgz', integrity: 'sha512-AAAA' };
  const v3 = (entry: object) => ({ name: 'app', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': manifest, 'node_modules/ms': { ...msEntry, ...entry } } });
  const v1 = (entry: object) => ({ ...v1Lockfile({}), dependencies: { ms: { ...msEntry, ...entry } } });
  const rejects = async (lockfile: object, pattern: RegExp, files: Record<string, object> = {}) => {
    const dir = writeTree(tempDir(), { 'package.json': manifest, 'package-lock.json': lockfile, ...files });
    await assert.rejects(loadInventory(dir), oneLineProjectError(pattern), JSON.stringify(lockfile));
  };
  for (const value of [42, {}, [], true, null]) {
    await rejects(v3({ resolved: value }), /package-lock\.json: packages\["node_modules\/ms"\]\.resolved must be a string$/);
    await rejects(v1({ resolved: value }), /package-lock\.json: dependencies\["ms"\]\.resolved must be a string$/);
    await rejects(v3({ integrity: value }), /packages\["node_modules\/ms"\]\.integrity must be a string$/);
  }
  // The same lockfile read by arborist (package.json has overrides), where a non-string `resolved` reached the source classifier (exit 4).
  await rejects(v3({ resolved: 42 }), /packages\["node_modules\/ms"\]\.resolved must be a string$/, { 'package.json': { ...manifest, overrides: { ms: '2.1.3' } } });
  await rejects(v3({ version: 2 }), /packages\["node_modules\/ms"\]\.version must be a string$/);
  await rejects(v3({ name: ['ms'] }), /packages\["node_modules\/ms"\]\.name must be a string$/);
  await rejects(v3({ dev: 'yes' }), /packages\["node_modules\/ms"\]\.dev must be true or false$/);
  await rejects(v3({ link: 1 }), /packages\["node_modules\/ms"\]\.link must be true or false$/);
  await rejects(v1({ optional: 'false' }), /dependencies\["ms"\]\.optional must be true or false$/);
  await rejects(v3({ dependencies: { debug: 4 } }), /packages\["node_modules\/ms"\]\.dependencies\["debug"\] must be a string$/);
  await rejects(v1({ requires: { debug: {} } }), /dependencies\["ms"\]\.requires\["debug"\] must be a string$/);
  await rejects(v1({ dependencies: { debug: '4.0.0' } }), /dependencies\["ms"\]\.dependencies\["debug"\] must be an object$/);
});

test('a registry package locked at something other than a semver version exits 2 naming the entry; git, file, link and tarball entries keep their package.json version', async () => {
  const manifest = { name: 'app', version: '1.0.0', dependencies: { lodash: '4.17.20' } };
  const lodash = { version: '4.17.20', resolved: 'https://registry.npmjs.org/lodash/-/lodash-4.17.20.tgz', integrity: 'sha512-AAAA' };
  const v3 = (entry: object) => ({ name: 'app', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': manifest, 'node_modules/lodash': { ...lodash, ...entry } } });
  const rejects = async (lockfile: object, pattern: RegExp) => {
    const dir = writeTree(tempDir(), { 'package.json': manifest, 'package-lock.json': lockfile });
    await assert.rejects(loadInventory(dir), oneLineProjectError(pattern), JSON.stringify(lockfile));
  };
  // Such a version matches no advisory: lodash@4.17.20 would pass unchecked.
  for (const version of ['not-a-version', '^4.17.20', '']) {
    await rejects(v3({ version }), new RegExp(`package-lock\\.json: packages\\["node_modules/lodash"\\] is a registry package without a valid semver version \\(${JSON.stringify(version).replace('^', '\\^')}\\)$`));
  }
  await rejects(v3({ version: undefined }), /package-lock\.json: packages\["node_modules\/lodash"\] is a registry package without a valid semver version$/);
  // A package bundled in its parent's tarball is matched by the version npm records for it as well.
  await rejects(
    { name: 'app', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': manifest, 'node_modules/lodash': lodash, 'node_modules/lodash/node_modules/inner': { version: 'not-a-version', inBundle: true } } },
    /packages\["node_modules\/lodash\/node_modules\/inner"\] is a registry package without a valid semver version \("not-a-version"\)$/,
  );
  // A registry served under a path (Artifactory, Nexus, Verdaccio behind a prefix) has the same layout after it.
  await rejects(v3({ version: 'not-a-version', resolved: 'https://repo.corp.example/artifactory/api/npm/npm-remote/lodash/-/lodash-4.17.20.tgz' }), /packages\["node_modules\/lodash"\] is a registry package without a valid semver version \("not-a-version"\)$/);
  await rejects(v3({ resolved: undefined, integrity: undefined, version: 'latest' }), /packages\["node_modules\/lodash"\] is a registry package without a valid semver version \("latest"\)$/);
  await rejects({ ...v1Lockfile({}), dependencies: { lodash: { ...lodash, version: 'not-a-version' } } }, /package-lock\.json: dependencies\["lodash"\] is a registry package without a valid semver version \("not-a-version"\)$/);

  // Versions a non-registry entry carries from its package.json are not judged.
  const gitCommit = 'git+ssh://git@github.com/acme/lodash.git#0123456789abcdef0123456789abcdef01234567';
  const others = writeTree(tempDir(), {
    'package.json': { name: 'app', version: '1.0.0', dependencies: { lodash: 'github:acme/lodash', remote: 'https://example.com/remote.tgz', local: 'file:local' } },
    'local/package.json': { name: 'local', version: 'dev' },
    'package-lock.json': {
      name: 'app', version: '1.0.0', lockfileVersion: 3, requires: true,
      packages: {
        '': { name: 'app', version: '1.0.0', dependencies: { lodash: 'github:acme/lodash', remote: 'https://example.com/remote.tgz', local: 'file:local' } },
        'local': { name: 'local', version: 'dev' },
        'node_modules/lodash': { version: '4.17.20-acme', resolved: gitCommit },
        'node_modules/local': { resolved: 'local', link: true },
        'node_modules/remote': { version: 'snapshot', resolved: 'https://example.com/remote.tgz', integrity: 'sha512-BBBB' },
      },
    },
  });
  const inventory = await loadInventory(others);
  assert.deepEqual(nameVersions(inventory), ['local@dev', 'lodash@4.17.20-acme', 'remote@snapshot']);
});

test('workspaces in the lockfile\'s root entry that are not an array of globs exit 2 naming the lockfile, as in package.json', async () => {
  const manifest = { name: 'app', version: '1.0.0', workspaces: ['packages/*'] };
  const project = (rootWorkspaces: unknown, packageJsonWorkspaces: unknown = manifest.workspaces) => writeTree(tempDir(), {
    'package.json': { ...manifest, workspaces: packageJsonWorkspaces },
    'packages/api/package.json': { name: 'api', version: '1.0.0' },
    'package-lock.json': {
      name: 'app', version: '1.0.0', lockfileVersion: 3, requires: true,
      packages: { '': { ...manifest, workspaces: rootWorkspaces }, 'node_modules/api': { resolved: 'packages/api', link: true }, 'packages/api': { name: 'api', version: '1.0.0' } },
    },
  });
  assert.deepEqual((await loadInventory(project(['packages/*']))).workspaces, ['packages/api']);
  for (const bad of [{ a: { b: 1 } }, 'packages/*', 42]) {
    await assert.rejects(loadInventory(project(bad)), oneLineProjectError(/^cannot read the workspaces of .*package-lock\.json \(packages\[""\]\.workspaces\): workspaces config expects an Array$/), JSON.stringify(bad));
  }
  // package.json's own were already refused this way.
  await assert.rejects(loadInventory(project(['packages/*'], { a: { b: 1 } })), oneLineProjectError(/^cannot read the workspaces of .*package\.json: workspaces config expects an Array$/));
});
