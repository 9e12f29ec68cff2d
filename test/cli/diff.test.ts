import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { describeSchemaErrors } from '../../src/schema/schema-issues.js';
import { commitAll, git, gitInit } from '../helpers/git.js';
import { writeNpmProject, type LockedPackage, type ProjectManifest } from '../helpers/npm-project.js';
import { osvRecord } from '../helpers/osv-records.js';
import { fixtureProject } from '../helpers/paths.js';
import { diffResultValidator } from '../helpers/result-schemas.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir, writeTree } from '../helpers/temp-dir.js';

// Scenario: an API on main depends on web-kit (which pulls in tiny-parse,
// low advisory) and old-helper (high advisory, already failing on main).
// Each branch changes one thing; `diff --base main` must report exactly it.

const HIGH = [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' }];
const LOW = [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N' }];
const RECORDS = [
  osvRecord('GHSA-0ld0-0000-0001', 'old-helper', [{ introduced: '0' }, { fixed: '1.0.5' }], { severity: HIGH }),
  osvRecord('GHSA-ev1l-0000-0002', 'evil-json', [{ introduced: '0' }, { fixed: '3.1.2' }], { severity: HIGH }),
  osvRecord('GHSA-t1ny-0000-0003', 'tiny-parse', [{ introduced: '0' }, { fixed: '2.1.0' }], { severity: LOW }),
];

const BASE_MANIFEST: ProjectManifest = { name: 'orders-api', dependencies: { 'web-kit': '^1.0.0', 'old-helper': '1.0.0' } };
const BASE_PACKAGES: LockedPackage[] = [
  { name: 'web-kit', version: '1.0.0', dependencies: { 'tiny-parse': '~2.0.0' } },
  { name: 'tiny-parse', version: '2.0.0' },
  { name: 'old-helper', version: '1.0.0' },
];

const work = tempDir();
const db = path.join(work, 'deptrust.db');
const env = (): Record<string, string> => ({ DEPTRUST_DB: db });
const diff = (dir: string, ...args: string[]) => runCli(['diff', dir, '--offline', ...args], { env: env(), cwd: dir });

before(async () => {
  const advisories = writeTree(path.join(work, 'advisories'), Object.fromEntries(RECORDS.map((r) => [`${r.id}.json`, r])));
  const imported = await runCli(['db', 'import', advisories], { env: env() });
  assert.equal(imported.code, 0, imported.stderr);
});

/** A repository whose main branch holds the base project, with `branch` checked out and changed by `change`. */
function repository(name: string, branch: string, change: (dir: string) => void): string {
  const dir = path.join(work, name);
  mkdirSync(dir, { recursive: true });
  writeNpmProject(dir, BASE_MANIFEST, BASE_PACKAGES);
  writeTree(dir, { 'src/server.js': "const kit = require('web-kit');\nconst helper = require('old-helper');\n" });
  gitInit(dir);
  commitAll(dir, 'base');
  git(dir, 'checkout', '-q', '-b', branch);
  change(dir);
  commitAll(dir, branch);
  return dir;
}

interface DiffJson {
  base: { label: string; hadLockfile: boolean; counts: { components: number } };
  head: { counts: { components: number } };
  verdict: { passed: boolean; introduced: Array<{ primaryId: string; rule: string }>; existing: Array<{ primaryId: string }> };
  changes: Array<{ name: string; kind: string; before: { version: string } | null; after: { version: string } | null; sourceChanged: boolean }>;
  newDirect: Array<{ name: string }>;
  newInstallScripts: Array<{ name: string }>;
  findings: Record<'introduced' | 'resolved' | 'existing', Array<{ id: string; component: { name: string } }>>;
  signals: Record<'introduced' | 'resolved', Array<{ name: string; code: string }>>;
  remediations: Array<{ name: string; target: string | null }>;
}

const changesOf = (report: DiffJson) => report.changes.map((c) => `${c.kind} ${c.name} ${c.before?.version ?? '-'} -> ${c.after?.version ?? '-'}`);
const ids = (findings: DiffJson['findings']['introduced']) => findings.map((f) => `${f.component.name} ${f.id}`);

test('a branch that bumps one dependency and adds a vulnerable one: exactly those changes, exit 1 for the new finding only', async () => {
  const dir = repository('bump-and-add', 'bump-and-add', (d) =>
    writeNpmProject(d, { ...BASE_MANIFEST, dependencies: { ...BASE_MANIFEST.dependencies, 'web-kit': '^1.1.0', 'evil-json': '3.1.0' } }, [
      { name: 'web-kit', version: '1.1.0', dependencies: { 'tiny-parse': '^2.1.0' } },
      { name: 'tiny-parse', version: '2.1.0' },
      { name: 'old-helper', version: '1.0.0' },
      { name: 'evil-json', version: '3.1.0' },
    ]),
  );
  const result = await diff(dir, '--base', 'main', '--format', 'json', '--reproducible');
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /this change introduces 1 violation\(s\) \(fail-on high\)/);
  const report = JSON.parse(result.stdout) as DiffJson;
  const validate = diffResultValidator();
  assert.equal(validate(report), true, JSON.stringify(describeSchemaErrors(validate.errors)));
  const again = await diff(dir, '--base', 'main', '--format', 'json', '--reproducible');
  assert.equal(again.stdout, result.stdout, 'same input, same bytes');
  // Written in pieces (a change, a finding at a time), the text is JSON.stringify's, indented by two.
  assert.equal(result.stdout, `${JSON.stringify(report, null, 2)}\n`);
  assert.match(report.base.label, /^main \([0-9a-f]{7}\)$/);
  assert.deepEqual(changesOf(report), ['added evil-json - -> 3.1.0', 'upgraded tiny-parse 2.0.0 -> 2.1.0', 'upgraded web-kit 1.0.0 -> 1.1.0']);
  assert.deepEqual(report.newDirect.map((c) => c.name), ['evil-json']);
  assert.deepEqual(ids(report.findings.introduced), ['evil-json GHSA-ev1l-0000-0002']);
  assert.deepEqual(ids(report.findings.resolved), ['tiny-parse GHSA-t1ny-0000-0003']);
  assert.deepEqual(ids(report.findings.existing), ['old-helper GHSA-0ld0-0000-0001']);
  assert.deepEqual(report.verdict.introduced.map((v) => `${v.primaryId} ${v.rule}`), ['GHSA-ev1l-0000-0002 fail-on high']);
  assert.deepEqual(report.verdict.existing.map((v) => v.primaryId), ['GHSA-0ld0-0000-0001']);
  assert.equal(report.verdict.passed, false);
  assert.deepEqual([report.base.counts.components, report.head.counts.components], [3, 4]);
  // The remediation for what the change introduces comes with it.
  assert.deepEqual(report.remediations.map((r) => `${r.name} ${r.target}`), ['evil-json 3.1.2']);

  const table = await diff(dir, '--base', 'main');
  assert.equal(table.code, 1);
  // Not a terminal: prose wrapped at 80 columns.
  const unwrapped = table.stdout.replace(/\n {4}/g, ' ');
  assert.match(unwrapped, /3 → 4 components \(1 added, 0 removed, 2 upgraded, 0 downgraded/);
  assert.match(table.stdout, /Findings this change introduces \(1\):/);
  assert.match(unwrapped, /Findings this change resolves \(1\): GHSA-t1ny-0000-0003 in tiny-parse@2\.0\.0/);
  assert.match(unwrapped, /Findings already on the base \(1, not failing this change\): GHSA-0ld0-0000-0001 in old-helper@1\.0\.0/);
  assert.match(unwrapped, /Policy: FAILED on 1 violation\(s\) this change introduces \(fail-on high\); 1 already on the base are not counted\./);

  // SARIF carries the new finding only; Markdown leads with the verdict on the change.
  const sarifFile = path.join(work, 'bump-and-add.sarif');
  const markdownFile = path.join(work, 'bump-and-add.md');
  const outputs = await diff(dir, '--base', 'main', '-o', `sarif=${sarifFile}`, '-o', `markdown=${markdownFile}`);
  assert.equal(outputs.code, 1);
  const sarif = JSON.parse(readFileSync(sarifFile, 'utf8')) as { runs: Array<{ results: Array<{ ruleId: string }> }> };
  assert.deepEqual(sarif.runs[0]?.results.map((r) => r.ruleId), ['GHSA-ev1l-0000-0002']);
  const markdown = readFileSync(markdownFile, 'utf8');
  assert.match(markdown, /^## deptrust diff: ❌ this change introduces 1 policy violation\(s\)/);
  assert.match(markdown, /\| `evil-json@3\.1\.0` \| GHSA-ev1l-0000-0002 \| high 7\.5 \| 3\.1\.2: upgrade evil-json@3\.1\.2 \|/);
  assert.match(markdown, /Upgrade evil-json 3\.1\.0 → 3\.1\.2 .*npm install evil-json@\^3\.1\.2/);
  assert.match(markdown, /<summary>Already on the base: 1 finding\(s\), not failing this change<\/summary>/);
});

test('a branch that upgrades the vulnerable dependency away passes and lists the finding as resolved', async () => {
  const dir = repository('upgrade-away', 'upgrade-away', (d) =>
    writeNpmProject(d, { ...BASE_MANIFEST, dependencies: { ...BASE_MANIFEST.dependencies, 'old-helper': '1.0.5' } }, [...BASE_PACKAGES.slice(0, 2), { name: 'old-helper', version: '1.0.5' }]),
  );
  const result = await diff(dir, '--base', 'main', '--format', 'json');
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout) as DiffJson;
  assert.deepEqual(changesOf(report), ['upgraded old-helper 1.0.0 -> 1.0.5']);
  assert.deepEqual(ids(report.findings.resolved), ['old-helper GHSA-0ld0-0000-0001']);
  assert.deepEqual(report.findings.introduced, []);
  assert.equal(report.verdict.passed, true);
});

test('a branch that adds a package with an install script: reported, and failing only when the policy says so', async () => {
  const dir = repository('install-script', 'install-script', (d) =>
    writeNpmProject(d, { ...BASE_MANIFEST, dependencies: { ...BASE_MANIFEST.dependencies, 'native-thing': '1.0.0' } }, [...BASE_PACKAGES, { name: 'native-thing', version: '1.0.0', hasInstallScript: true }]),
  );
  const plain = await diff(dir, '--base', 'main', '--format', 'json');
  assert.equal(plain.code, 0, plain.stderr);
  const report = JSON.parse(plain.stdout) as DiffJson;
  assert.deepEqual(report.newInstallScripts.map((c) => c.name), ['native-thing']);
  assert.ok(report.signals.introduced.some((s) => s.name === 'native-thing' && s.code === 'install-script'));

  const policy = path.join(work, 'no-install-scripts.json');
  writeFileSync(policy, JSON.stringify({ version: 1, failOn: { severity: 'high', signals: ['install-script'] } }));
  const strict = await diff(dir, '--base', 'main', '--config', policy);
  assert.equal(strict.code, 1, strict.stderr);
  assert.match(strict.stdout, /New install scripts: native-thing@1\.0\.0/);
  assert.match(strict.stderr, /this change introduces 1 violation\(s\) \(signal install-script\)/);
});

test('a branch that removes a dependency: its subtree is removed and its finding resolved', async () => {
  const dir = repository('remove', 'remove', (d) => {
    rmSync(path.join(d, 'package-lock.json'));
    writeNpmProject(d, { name: 'orders-api', dependencies: { 'old-helper': '1.0.0' } }, [{ name: 'old-helper', version: '1.0.0' }]);
  });
  const result = await diff(dir, '--base', 'main', '--format', 'json');
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout) as DiffJson;
  assert.deepEqual(changesOf(report), ['removed tiny-parse 2.0.0 -> -', 'removed web-kit 1.0.0 -> -']);
  assert.deepEqual(ids(report.findings.resolved), ['tiny-parse GHSA-t1ny-0000-0003']);
  assert.deepEqual(ids(report.findings.existing), ['old-helper GHSA-0ld0-0000-0001']);
});

test('a lockfile that did not exist on the base: every component is new, and so is every finding', async () => {
  const dir = path.join(work, 'no-base-lockfile');
  writeTree(dir, { 'package.json': BASE_MANIFEST });
  gitInit(dir);
  commitAll(dir, 'manifest only');
  writeNpmProject(dir, BASE_MANIFEST, BASE_PACKAGES);
  commitAll(dir, 'lockfile');
  const result = await diff(dir, '--base', 'HEAD~1', '--format', 'json');
  assert.equal(result.code, 1, result.stderr);
  const report = JSON.parse(result.stdout) as DiffJson;
  assert.equal(report.base.hadLockfile, false);
  assert.deepEqual(changesOf(report), ['added old-helper - -> 1.0.0', 'added tiny-parse - -> 2.0.0', 'added web-kit - -> 1.0.0']);
  assert.deepEqual(ids(report.findings.introduced).sort(), ['old-helper GHSA-0ld0-0000-0001', 'tiny-parse GHSA-t1ny-0000-0003']);
  const table = await diff(dir, '--base', 'HEAD~1');
  assert.match(table.stdout, /Compared with HEAD~1 \([0-9a-f]{7}\) \(no lockfile there: every component is new\):/);
});

test('workspaces: a dependency added to one workspace, read from the base commit with every workspace manifest', async () => {
  const dir = path.join(work, 'monorepo');
  const root: ProjectManifest = { name: 'shop', workspaces: ['packages/*'] };
  const folders = (workerDeps: Record<string, string>): Record<string, ProjectManifest> => ({
    'packages/api': { name: '@shop/api', dependencies: { 'web-kit': '^1.0.0' } },
    'packages/worker': { name: '@shop/worker', dependencies: workerDeps },
  });
  writeNpmProject(dir, root, BASE_PACKAGES.slice(0, 2), folders({}));
  gitInit(dir);
  commitAll(dir, 'base');
  const baseLockfile = path.join(work, 'monorepo-base-lock.json');
  copyFileSync(path.join(dir, 'package-lock.json'), baseLockfile);
  git(dir, 'checkout', '-q', '-b', 'worker-helper');
  writeNpmProject(dir, root, BASE_PACKAGES, folders({ 'old-helper': '1.0.0' }));
  commitAll(dir, 'worker uses old-helper');
  const result = await diff(dir, '--base', 'main', '--format', 'json');
  assert.equal(result.code, 1, result.stderr);
  const report = JSON.parse(result.stdout) as DiffJson;
  assert.deepEqual(changesOf(report), ['added old-helper - -> 1.0.0']);
  assert.deepEqual(ids(report.findings.introduced), ['old-helper GHSA-0ld0-0000-0001']);
  assert.deepEqual(ids(report.findings.existing), ['tiny-parse GHSA-t1ny-0000-0003']);

  // The same base as a lockfile file: the workspace manifests are rebuilt from its folder entries.
  const fromFile = await diff(dir, '--base', baseLockfile, '--format', 'json');
  assert.equal(fromFile.code, 1, fromFile.stderr);
  assert.deepEqual(changesOf(JSON.parse(fromFile.stdout) as DiffJson), ['added old-helper - -> 1.0.0']);
});

test('a project in a subfolder of the repository, and a lockfile file as the base', async () => {
  const repo = path.join(work, 'services-repo');
  const dir = path.join(repo, 'services', 'api');
  writeNpmProject(dir, BASE_MANIFEST, BASE_PACKAGES);
  writeTree(repo, { 'README.md': 'services\n' });
  gitInit(repo);
  commitAll(repo, 'base');
  const baseLockfile = path.join(work, 'base-package-lock.json');
  copyFileSync(path.join(dir, 'package-lock.json'), baseLockfile);
  writeNpmProject(dir, { ...BASE_MANIFEST, dependencies: { ...BASE_MANIFEST.dependencies, 'evil-json': '3.1.0' } }, [...BASE_PACKAGES, { name: 'evil-json', version: '3.1.0' }]);

  // The work tree against HEAD: the uncommitted change is what is compared.
  const fromGit = await diff(dir, '--base', 'HEAD', '--format', 'json');
  assert.equal(fromGit.code, 1, fromGit.stderr);
  assert.deepEqual(changesOf(JSON.parse(fromGit.stdout) as DiffJson), ['added evil-json - -> 3.1.0']);

  const fromFile = await diff(dir, '--base', baseLockfile, '--format', 'json');
  assert.equal(fromFile.code, 1, fromFile.stderr);
  const report = JSON.parse(fromFile.stdout) as DiffJson;
  assert.equal(report.base.label, baseLockfile);
  assert.deepEqual(changesOf(report), ['added evil-json - -> 3.1.0']);
  assert.deepEqual(ids(report.findings.existing).sort(), ['old-helper GHSA-0ld0-0000-0001', 'tiny-parse GHSA-t1ny-0000-0003']);
});

test('a base that is neither a file nor a revision, a folder outside git, a malformed base lockfile: one line, exit 2', async () => {
  const dir = repository('bad-base', 'bad-base', (d) => writeTree(d, { 'CHANGELOG.md': 'x\n' }));
  const unknown = await diff(dir, '--base', 'no-such-branch');
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /^deptrust: --base no-such-branch is neither a file nor a git revision of this repository \(in a shallow CI checkout, fetch it first: git fetch --depth=1 origin <branch>\)\n$/);

  const outside = path.join(work, 'not-a-repo');
  writeNpmProject(outside, BASE_MANIFEST, BASE_PACKAGES);
  const noGit = await runCli(['diff', outside, '--offline', '--base', 'main'], { env: { ...env(), GIT_CEILING_DIRECTORIES: work }, cwd: outside });
  assert.equal(noGit.code, 2);
  assert.match(noGit.stderr, /is not in a git repository/);
  assert.equal(noGit.stderr.trim().split('\n').length, 1);

  const broken = path.join(work, 'broken-lock.json');
  writeFileSync(broken, '{"lockfileVersion": 3,');
  const malformed = await diff(dir, '--base', broken);
  assert.equal(malformed.code, 2);
  assert.match(malformed.stderr, /malformed JSON in .*broken-lock\.json/);

  const missing = await runCli(['diff', dir, '--offline'], { env: env() });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--base/);
});

test('the example API: a branch that bumps morgan and adds a malicious package fails on that package only', async () => {
  const dir = path.join(work, 'old-express-api');
  cpSync(fixtureProject('old-express-api'), dir, { recursive: true });
  gitInit(dir);
  commitAll(dir, 'base');
  git(dir, 'checkout', '-q', '-b', 'bump-morgan');
  const manifestFile = path.join(dir, 'package.json');
  const lockFile = path.join(dir, 'package-lock.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { dependencies: Record<string, string> };
  const lock = JSON.parse(readFileSync(lockFile, 'utf8')) as { packages: Record<string, Record<string, unknown>> };
  manifest.dependencies['morgan'] = '1.9.1';
  manifest.dependencies['flatmap-stream'] = '0.1.1';
  const root = lock.packages[''] as { dependencies: Record<string, string> };
  root.dependencies = { ...root.dependencies, morgan: '1.9.1', 'flatmap-stream': '0.1.1' };
  lock.packages['node_modules/morgan'] = { ...lock.packages['node_modules/morgan'], version: '1.9.1', resolved: 'https://registry.npmjs.org/morgan/-/morgan-1.9.1.tgz' };
  lock.packages['node_modules/flatmap-stream'] = { version: '0.1.1', resolved: 'https://registry.npmjs.org/flatmap-stream/-/flatmap-stream-0.1.1.tgz', license: 'MIT' };
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(lockFile, `${JSON.stringify(lock, null, 2)}\n`);
  commitAll(dir, 'bump morgan, add flatmap-stream');

  // No database and no OSV dump: the built-in sample, as on a first run without network.
  const result = await runCli(['diff', dir, '--base', 'main', '--no-registry', '--format', 'json'], {
    env: { DEPTRUST_DB: path.join(work, 'example.db'), DEPTRUST_OSV_DUMP_URL: 'http://127.0.0.1:9', DEPTRUST_RETRIES: '0' },
  });
  assert.equal(result.code, 1, result.stderr);
  const report = JSON.parse(result.stdout) as DiffJson;
  assert.deepEqual(changesOf(report), ['added flatmap-stream - -> 0.1.1', 'upgraded morgan 1.9.0 -> 1.9.1']);
  assert.deepEqual(ids(report.findings.introduced), ['flatmap-stream GHSA-mh6f-8j2x-4483']);
  assert.deepEqual(ids(report.findings.resolved), ['morgan GHSA-gwg9-rgvj-4h5j']);
  assert.ok(report.findings.existing.length > 20, `${report.findings.existing.length} findings already on the base`);
  assert.deepEqual(report.verdict.introduced.map((v) => v.rule), ['malware']);
  assert.ok(report.verdict.existing.length > 0, 'the base already fails the policy, and that does not count');
});
