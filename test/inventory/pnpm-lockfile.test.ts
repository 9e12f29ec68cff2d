import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import yaml from 'js-yaml';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import type { Inventory } from '../../src/model/component.js';
import { byName } from '../helpers/inventory.js';
import { fixtureProject } from '../helpers/paths.js';
import { oneLineProjectError } from '../helpers/project-error.js';
import { tempDir, writeTree } from '../helpers/temp-dir.js';

const multi = (manager: string): string => fixtureProject(path.join('multi-manager', manager));

/** What a component is, without where it sits: the facts every manager's reading must agree on. */
function facts(inventory: Inventory, options: { localKind?: boolean } = {}): string[] {
  return inventory.components
    .map((c) => {
      // npm links a file: folder (its node named after the folder), pnpm copies it into its store.
      const local = c.source.kind === 'link' || c.source.kind === 'directory';
      const kind = !options.localKind && local ? 'local' : c.source.kind;
      return `${c.name}@${c.version} ${c.scope}${c.flags.peer ? ' peer' : ''} ${kind} depth=${c.depth}${c.direct ? ' direct' : ''} aliases=${local ? '' : c.aliases.join(',')} workspaces=${c.workspaces.join(',')} ${c.integrity ?? ''}`;
    })
    .sort();
}

function edgesByName(inventory: Inventory): string[] {
  const label = new Map(inventory.components.map((c) => [c.id, `${c.name}@${c.version}`]));
  return inventory.edges.map((e) => `${label.get(e.from) ?? 'root'} -${e.type}-> ${e.to === undefined ? 'MISSING' : label.get(e.to)} as ${e.name}`).sort();
}

test('pnpm lockfiles 5.4, 6.0 and 9.0 of the same project read the same as npm\'s lockfile of it', async () => {
  const npm = await loadInventory(multi('npm'));
  for (const manager of ['pnpm', 'pnpm-v6', 'pnpm-v5.4']) {
    const pnpm = await loadInventory(multi(manager));
    assert.equal(pnpm.sourceFile, 'pnpm-lock.yaml');
    assert.equal(pnpm.packageManager, 'pnpm');
    assert.deepEqual(pnpm.warnings, []);
    assert.deepEqual(pnpm.workspaces, ['packages/api', 'packages/shared']);
    assert.deepEqual(facts(pnpm), facts(npm), manager);
    assert.deepEqual(edgesByName(pnpm), edgesByName(npm), manager);
  }
});

test('pnpm: versions as written, sources, aliases, prerelease, peers and workspaces', async () => {
  const inventory = await loadInventory(multi('pnpm'));
  assert.equal(inventory.lockfileVersion, '9.0');
  assert.equal((await loadInventory(multi('pnpm-v5.4'))).lockfileVersion, '5.4');
  // An npm: alias is the real package, installed under the alias.
  assert.deepEqual(byName(inventory, 'minimist', '1.2.5').aliases, ['legacy-minimist']);
  assert.equal(byName(inventory, 'ms', '3.0.0-canary.1').direct, true);
  // The registry's own tarball URL, declared as such, is a tarball source (pnpm locks it by integrity alone).
  assert.deepEqual(byName(inventory, 'escape-html').source, { kind: 'tarball', url: 'https://registry.npmjs.org/escape-html/-/escape-html-1.0.3.tgz', host: 'registry.npmjs.org' });
  // pnpm copies a file: folder into its store (npm links it).
  assert.deepEqual(byName(inventory, 'local-utils').source, { kind: 'directory', url: 'file:local/utils' });
  assert.equal(byName(inventory, '@mm/shared').source.kind, 'workspace');
  // The peer a package resolved is a peer edge; its snapshot `ajv-keywords@5.1.0(ajv@8.20.0)` is one component.
  const keywords = byName(inventory, 'ajv-keywords');
  assert.ok(inventory.edges.some((e) => e.from === keywords.id && e.name === 'ajv' && e.type === 'peer'));
  assert.deepEqual(keywords.locations, ['node_modules/.pnpm/ajv-keywords@5.1.0_ajv@8.20.0/node_modules/ajv-keywords']);
  // Each workspace's dev dependency is dev; a package both a workspace needs and the root's dev tree has stays prod.
  assert.equal(byName(inventory, 'minimist', '1.2.8').scope, 'dev');
  assert.equal(byName(inventory, 'is-number').scope, 'optional');
  assert.equal(byName(inventory, 'balanced-match').scope, 'dev');
});

test('the dev and optional flags pnpm 7 and 8 recorded agree with the flags computed from the graph', async () => {
  for (const manager of ['pnpm-v6', 'pnpm-v5.4']) {
    const dir = multi(manager);
    const lockfile = yaml.load(readFileSync(path.join(dir, 'pnpm-lock.yaml'), 'utf8')) as { packages: Record<string, { dev?: boolean; optional?: boolean; name?: string }> };
    const inventory = await loadInventory(dir);
    for (const [key, entry] of Object.entries(lockfile.packages)) {
      if (entry.dev === undefined) continue;
      // `/name@1.0.0(peer@1)` in 6.0, `/name/1.0.0_peer@1` in 5.4, scoped names too; non-registry keys name the package.
      const body = key.replace(/^\//, '').split(/[_(]/)[0] ?? '';
      const at = body.indexOf('@', 1);
      const [name, version] = entry.name ? [entry.name, undefined] : at > 0 ? [body.slice(0, at), body.slice(at + 1)] : [body.slice(0, body.lastIndexOf('/')), body.slice(body.lastIndexOf('/') + 1)];
      const component = inventory.components.find((c) => c.name === name && (version === undefined || c.version === version));
      assert.ok(component, `${manager} ${key}`);
      assert.equal(component.flags.dev, entry.dev, `${manager} ${key} dev`);
      assert.equal(component.flags.optional, entry.optional === true, `${manager} ${key} optional`);
    }
  }
});

const manifest = { name: 'app', version: '1.0.0', dependencies: { ms: '2.1.3' } };
const v9 = `lockfileVersion: '9.0'

importers:

  .:
    dependencies:
      ms:
        specifier: 2.1.3
        version: 2.1.3

packages:

  ms@2.1.3:
    resolution: {integrity: sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==}

snapshots:

  ms@2.1.3: {}
`;

test('pnpm: git sources, a tarball from elsewhere, and a single-project 5.4 lockfile without importers', async () => {
  const lock = `lockfileVersion: '9.0'

importers:

  .:
    dependencies:
      gitdep:
        specifier: github:acme/gitdep#v1
        version: https://codeload.github.com/acme/gitdep/tar.gz/0123456789abcdef0123456789abcdef01234567
      sshdep:
        specifier: git+ssh://git@example.com/acme/sshdep.git
        version: git+ssh://git@example.com/acme/sshdep.git#89abcdef0123456789abcdef0123456789abcdef
      remote:
        specifier: https://example.com/remote-1.0.0.tgz
        version: https://example.com/remote-1.0.0.tgz

packages:

  gitdep@https://codeload.github.com/acme/gitdep/tar.gz/0123456789abcdef0123456789abcdef01234567:
    resolution: {tarball: https://codeload.github.com/acme/gitdep/tar.gz/0123456789abcdef0123456789abcdef01234567}
    version: 1.0.0

  sshdep@git+ssh://git@example.com/acme/sshdep.git#89abcdef0123456789abcdef0123456789abcdef:
    resolution: {commit: 89abcdef0123456789abcdef0123456789abcdef, repo: git@example.com:acme/sshdep.git, type: git}
    version: 2.0.0

  remote@https://example.com/remote-1.0.0.tgz:
    resolution: {integrity: sha512-AAAA, tarball: https://example.com/remote-1.0.0.tgz}
    version: 1.0.0

snapshots:

  gitdep@https://codeload.github.com/acme/gitdep/tar.gz/0123456789abcdef0123456789abcdef01234567: {}

  sshdep@git+ssh://git@example.com/acme/sshdep.git#89abcdef0123456789abcdef0123456789abcdef: {}

  remote@https://example.com/remote-1.0.0.tgz: {}
`;
  const dir = writeTree(tempDir(), { 'package.json': { name: 'app', dependencies: { gitdep: 'github:acme/gitdep#v1', sshdep: 'git+ssh://git@example.com/acme/sshdep.git', remote: 'https://example.com/remote-1.0.0.tgz' } }, 'pnpm-lock.yaml': lock });
  const inventory = await loadInventory(dir);
  assert.deepEqual(byName(inventory, 'gitdep').source, { kind: 'git', url: 'git+https://github.com/acme/gitdep.git#0123456789abcdef0123456789abcdef01234567' });
  assert.equal(byName(inventory, 'gitdep').version, '1.0.0');
  assert.deepEqual(byName(inventory, 'sshdep').source, { kind: 'git', url: 'git+ssh://git@example.com/acme/sshdep.git#89abcdef0123456789abcdef0123456789abcdef' });
  assert.deepEqual(byName(inventory, 'remote').source, { kind: 'tarball', url: 'https://example.com/remote-1.0.0.tgz', host: 'example.com' });

  const single = writeTree(tempDir(), {
    'package.json': { name: 'app', version: '1.0.0', devDependencies: { ms: '^2.1.0' } },
    'pnpm-lock.yaml': 'lockfileVersion: 5.4\n\nspecifiers:\n  ms: ^2.1.0\n\ndevDependencies:\n  ms: 2.1.3\n\npackages:\n\n  /ms/2.1.3:\n    resolution: {integrity: sha512-x}\n    dev: true\n',
  });
  const old = await loadInventory(single);
  assert.equal(byName(old, 'ms').scope, 'dev');
  assert.deepEqual(old.workspaces, []);
});

test('pnpm: a registry package comes from the tarball URL pnpm would fetch, like npm\'s resolved, from the project\'s .npmrc registries', async () => {
  // npm records this URL as `resolved` (this project's npm fixture was written without them); the purl needs no repository_url.
  const pnpm = await loadInventory(multi('pnpm'));
  const registry = pnpm.components.filter((c) => c.source.kind === 'registry');
  assert.equal(registry.length, 20);
  for (const c of registry) {
    const file = `${c.name.replace(/^@[^/]+\//, '')}-${c.version}.tgz`;
    assert.deepEqual(c.source, { kind: 'registry', url: `https://registry.npmjs.org/${c.name}/-/${file}`, host: 'registry.npmjs.org' });
    assert.equal(c.purl, `pkg:npm/${c.name}@${c.version}`);
  }

  const lock = v9
    .replace('        version: 2.1.3\n', '        version: 2.1.3\n      \'@acme/lib\':\n        specifier: 1.0.0\n        version: 1.0.0\n      left-pad:\n        specifier: 1.3.0\n        version: 1.3.0\n')
    .replace('\nsnapshots:\n', "\n  '@acme/lib@1.0.0':\n    resolution: {integrity: sha512-AAAA}\n\n  left-pad@1.3.0:\n    resolution: {integrity: sha512-BBBB, tarball: https://cdn.example.com/files/left-pad-1.3.0.tgz}\n\nsnapshots:\n")
    .concat("\n  '@acme/lib@1.0.0': {}\n\n  left-pad@1.3.0: {}\n");
  const files = { 'package.json': { name: 'app', dependencies: { ms: '2.1.3', '@acme/lib': '1.0.0', 'left-pad': '1.3.0' } }, 'pnpm-lock.yaml': lock };
  const mirrored = await loadInventory(writeTree(tempDir(), { ...files, '.npmrc': 'registry=https://mirror.example.com/npm\n@acme:registry=https://npm.acme.example/\n' }));
  assert.deepEqual(byName(mirrored, 'ms').source, { kind: 'registry', url: 'https://mirror.example.com/npm/ms/-/ms-2.1.3.tgz', host: 'mirror.example.com' });
  assert.equal(byName(mirrored, 'ms').purl, 'pkg:npm/ms@2.1.3?repository_url=https%3A%2F%2Fmirror.example.com%2Fnpm');
  assert.deepEqual(byName(mirrored, '@acme/lib').source, { kind: 'registry', url: 'https://npm.acme.example/@acme/lib/-/lib-1.0.0.tgz', host: 'npm.acme.example' });
  // A tarball URL the lockfile writes is the one fetched.
  assert.deepEqual(byName(mirrored, 'left-pad').source, { kind: 'registry', url: 'https://cdn.example.com/files/left-pad-1.3.0.tgz', host: 'cdn.example.com' });
  // A registry that depends on the reader's environment is not the project's to say: the URL stays unknown, never guessed.
  const fromEnvironment = await loadInventory(writeTree(tempDir(), { ...files, '.npmrc': 'registry=${NPM_MIRROR}\n' }));
  assert.deepEqual(byName(fromEnvironment, 'ms').source, { kind: 'registry' });
  assert.equal(byName(fromEnvironment, '@acme/lib').source.kind, 'registry');
});

test('pnpm: a package.json declaration the lockfile lacks, or locks outside its range, is a warning', async () => {
  const dir = writeTree(tempDir(), { 'package.json': { ...manifest, dependencies: { ms: '^3.0.0', debug: '^4' } }, 'pnpm-lock.yaml': v9 });
  const inventory = await loadInventory(dir);
  assert.deepEqual(inventory.warnings, [
    { code: 'lockfile-out-of-sync', sourceFile: 'pnpm-lock.yaml', manifest: 'package.json', name: 'debug', spec: '^4', problem: 'missing' },
    { code: 'lockfile-out-of-sync', sourceFile: 'pnpm-lock.yaml', manifest: 'package.json', name: 'ms', spec: '^3.0.0', problem: 'unsatisfied' },
  ]);
});

async function rejectsWith(files: Record<string, string | object>, pattern: RegExp): Promise<void> {
  const dir = writeTree(tempDir(), { 'package.json': manifest, ...files });
  await assert.rejects(loadInventory(dir), oneLineProjectError(pattern));
}

test('bad and truncated pnpm lockfiles exit 2 with one line', async () => {
  const real = readFileSync(path.join(multi('pnpm'), 'pnpm-lock.yaml'), 'utf8');
  await rejectsWith({ 'pnpm-lock.yaml': 'lockfileVersion: [9.0\nimporters: {' }, /^malformed YAML in pnpm-lock\.yaml at line 2, column \d+: /);
  await rejectsWith({ 'pnpm-lock.yaml': v9.replace('  ms@2.1.3: {}\n', '') }, /pnpm-lock\.yaml refers to ms@2\.1\.3, which it does not list \(a truncated or hand-edited lockfile\)/);
  // Cut in the middle of an entry (a partial download or a bad merge).
  await rejectsWith({ 'pnpm-lock.yaml': real.slice(0, real.indexOf('fast-uri: 3.1.9') + 'fast-uri: 3.1'.length) }, /malformed YAML|refers to .*which it does not list/);
  await rejectsWith({ 'pnpm-lock.yaml': real.slice(0, Math.floor(real.length / 2)) }, /malformed YAML|refers to .*which it does not list/);
  await rejectsWith({ 'pnpm-lock.yaml': "lockfileVersion: '10.0'\n" }, /unsupported lockfileVersion "10\.0" in pnpm-lock\.yaml \(deptrust reads pnpm lockfiles 5\.4, 6\.0 and 9\.0\)/);
  await rejectsWith({ 'pnpm-lock.yaml': 'just text\n' }, /pnpm-lock\.yaml is not a pnpm lockfile/);
  await rejectsWith({ 'pnpm-lock.yaml': "lockfileVersion: '9.0'\nimporters: [1]\n" }, /"importers" must be a mapping/);
  await rejectsWith({ 'pnpm-lock.yaml': v9.replace('version: 2.1.3', 'version: link:../../outside') }, /link:\.\.\/\.\.\/outside lies outside the project directory/);
  await rejectsWith({ 'pnpm-lock.yaml': v9.replace('  .:\n', '  ../elsewhere:\n') }, /importers\["\.\.\/elsewhere"\] lies outside the project directory/);
  await rejectsWith({ 'pnpm-lock.yaml': v9.replace("lockfileVersion: '9.0'", "lockfileVersion: '9.0'\nlockfileVersion: '9.0'") }, /malformed YAML in pnpm-lock\.yaml at line 2, column \d+: duplicated mapping key/);
});

/**
 * Cuts of a lockfile at line boundaries that drop a line with content: what a
 * partial download or a full disk leaves. Every one, or (`structural`) those
 * before and just after each section, importer and package key (the lines
 * indented by at most two spaces), where a cut changes what the rest means.
 */
function cutsAtLineBoundaries(text: string, options: { structural?: boolean } = {}): string[] {
  const lines = text.split('\n');
  const keyLine = (index: number): boolean => /^ {0,2}\S/.test(lines[index] ?? '');
  const cuts: string[] = [];
  for (let kept = 1; kept < lines.length; kept++) {
    if (options.structural && !keyLine(kept) && !keyLine(kept - 1)) continue;
    if (lines.slice(kept).some((line) => line.trim() !== '')) cuts.push(`${lines.slice(0, kept).join('\n')}\n`);
  }
  return cuts;
}

test('a pnpm lockfile cut at any line boundary exits 2, never reads as a smaller tree', async () => {
  const real = readFileSync(path.join(multi('pnpm'), 'pnpm-lock.yaml'), 'utf8');
  const single54 = 'lockfileVersion: 5.4\n\nspecifiers:\n  ms: 2.1.3\n\ndependencies:\n  ms: 2.1.3\n\npackages:\n\n  /ms/2.1.3:\n    resolution: {integrity: sha512-x}\n';
  // Every cut of the two small lockfiles; the real one's 200 lines at its keys (every cut of it: 1.8 s).
  const dir = writeTree(tempDir(), { 'package.json': manifest });
  for (const cut of [...cutsAtLineBoundaries(v9), ...cutsAtLineBoundaries(single54), ...cutsAtLineBoundaries(real, { structural: true })]) {
    writeFileSync(path.join(dir, 'pnpm-lock.yaml'), cut);
    await assert.rejects(loadInventory(dir), oneLineProjectError(/pnpm-lock\.yaml/), `cut after line ${cut.split('\n').length - 1}:\n${cut.split('\n').slice(-4).join('\n')}`);
  }
});

test('a pnpm lockfile without importers, or with an importer or dependency map left empty, exits 2 naming what is missing', async () => {
  // pnpm writes `{}` for an importer without dependencies and leaves an empty map out: an empty value is a cut.
  await rejectsWith({ 'pnpm-lock.yaml': v9.slice(0, v9.indexOf('      ms:')) }, /^pnpm-lock\.yaml: importers\["\."\]\.dependencies is empty \(pnpm never writes an empty map: a truncated lockfile\)$/);
  await rejectsWith({ 'pnpm-lock.yaml': v9.replace(/ {4}dependencies:\n(?: {6}.*\n)+/, '') }, /^pnpm-lock\.yaml: importers\["\."\] is empty \(pnpm writes \{\} for an importer without dependencies: a truncated lockfile\)$/);
  const withoutImporters = v9.replace(/importers:\n\n(?: {2}.*\n)+\n/, '');
  assert.ok(!withoutImporters.includes('importers'));
  await rejectsWith({ 'pnpm-lock.yaml': withoutImporters }, /^pnpm-lock\.yaml has no "importers" and no dependencies of the project at the top level, yet lists packages \(a truncated or hand-edited lockfile\)$/);
  await rejectsWith({ 'pnpm-lock.yaml': withoutImporters.replace('packages:', 'unrelated:') }, /^pnpm-lock\.yaml records none of the dependencies the project declares \(ms\): a truncated lockfile, or one written before them/);
  await rejectsWith({ 'pnpm-lock.yaml': v9.replace(/ {4}dependencies:\n(?: {6}.*\n)+/, '    {}\n').replace('  .:\n    {}', '  .: {}') }, /^pnpm-lock\.yaml records none of the dependencies the project declares \(ms\)/);
  // pnpm 8 wrote a single project's importer at the top level (6.0): read as pnpm reads it.
  const topLevel = v9.replace(/importers:\n\n {2}\.:\n((?: {4}.*\n)+)/, (_, fields: string) => fields.replace(/^ {4}/gm, ''));
  assert.match(topLevel, /^dependencies:\n {2}ms:/m);
  assert.deepEqual((await loadInventory(writeTree(tempDir(), { 'package.json': manifest, 'pnpm-lock.yaml': topLevel }))).components.map((c) => `${c.name}@${c.version}`), ['ms@2.1.3']);
});

test('a pnpm registry package whose dependency path has no semver version exits 2 naming it', async () => {
  // Consistently edited (importer, packages and snapshots): it read as ms with an empty version, matching no advisory.
  await rejectsWith({ 'pnpm-lock.yaml': v9.replaceAll('2.1.3', 'not-a-version') }, /^pnpm-lock\.yaml: ms@not-a-version is a registry package without a valid semver version$/);
  await rejectsWith({ 'pnpm-lock.yaml': v9.replace('    resolution: {integrity', '    version: not-a-version\n    resolution: {integrity') }, /^pnpm-lock\.yaml: ms@2\.1\.3 is a registry package without a valid semver version \("not-a-version"\)$/);
});
