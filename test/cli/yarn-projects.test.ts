import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { osvRecord } from '../helpers/osv-records.js';
import { fixtureProject } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir, writeTree } from '../helpers/temp-dir.js';
import { pinnedRegistryPackages } from '../helpers/yarn.js';

// The multi-manager project locked by npm, yarn classic and yarn berry pins the
// same registry versions; every command must say the same about each.
const projects = {
  npm: fixtureProject('multi-manager/npm'),
  classic: fixtureProject('multi-manager/yarn-classic'),
  berry: fixtureProject('multi-manager/yarn-berry'),
};
const RECORDS = [
  osvRecord('GHSA-1oda-0000-0001', 'lodash', [{ introduced: '0' }, { fixed: '4.17.21' }], { database_specific: { severity: 'HIGH' } }),
  osvRecord('GHSA-m1st-0000-0002', 'minimist', [{ introduced: '0' }, { fixed: '1.2.6' }], { database_specific: { severity: 'CRITICAL' } }),
  osvRecord('GHSA-m1ma-0000-0003', 'minimatch', [{ introduced: '0' }, { fixed: '3.0.5' }], { database_specific: { severity: 'HIGH' } }),
  osvRecord('GHSA-ms00-0000-0004', 'ms', [{ introduced: '3.0.0-canary.0' }, { fixed: '3.0.0-canary.2' }], { database_specific: { severity: 'MODERATE' } }),
  osvRecord('GHSA-c00k-0000-0005', 'cookie', [{ introduced: '0' }, { fixed: '0.7.0' }], { database_specific: { severity: 'LOW' } }),
  osvRecord('GHSA-fur1-0000-0006', 'fast-uri', [{ introduced: '0' }, { fixed: '3.1.10' }], { database_specific: { severity: 'LOW' } }),
];

const work = tempDir();
const env = { DEPTRUST_DB: path.join(work, 'deptrust.db') };
const cli = (...args: string[]) => runCli(args, { env });

interface ScanJson {
  project: { packageManager: string; sourceFile: string };
  findings: Array<{ id: string; component: { name: string; version: string; scope: string } }>;
  components: Array<{ name: string; version: string; source: { kind: string }; scope: string; signals: Array<{ code: string }> }>;
}

before(async () => {
  const imported = await cli('db', 'import', writeTree(path.join(work, 'advisories'), Object.fromEntries(RECORDS.map((r) => [`${r.id}.json`, r]))));
  assert.equal(imported.code, 0, imported.stderr);
});

async function scanJson(dir: string, ...args: string[]): Promise<ScanJson> {
  const result = await cli('scan', dir, '--format', 'json', '--offline', '--no-registry', '--fail-on', 'none', ...args);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as ScanJson;
}

const findingKeys = (scan: ScanJson): string[] => scan.findings.map((f) => `${f.id} ${f.component.name}@${f.component.version} ${f.component.scope}`).sort();

test('npm, yarn classic and yarn berry pin the same registry versions and give the same findings, with and without dev', async () => {
  const [npm, classic, berry] = await Promise.all([scanJson(projects.npm), scanJson(projects.classic), scanJson(projects.berry)]);
  const pins = (scan: ScanJson) => scan.components.filter((c) => c.source.kind === 'registry').map((c) => `${c.name}@${c.version}`).sort();
  // An independent reading of each yarn.lock: the same pins as npm's lockfile.
  assert.deepEqual(pinnedRegistryPackages(readFileSync(path.join(projects.classic, 'yarn.lock'), 'utf8')), pins(npm));
  assert.deepEqual(pinnedRegistryPackages(readFileSync(path.join(projects.berry, 'yarn.lock'), 'utf8')), pins(npm));
  assert.deepEqual([pins(classic), pins(berry)], [pins(npm), pins(npm)]);
  assert.deepEqual(findingKeys(npm), [
    'GHSA-1oda-0000-0001 lodash@4.17.20 prod',
    'GHSA-c00k-0000-0005 cookie@0.4.0 prod',
    'GHSA-fur1-0000-0006 fast-uri@3.1.9 prod',
    'GHSA-m1ma-0000-0003 minimatch@3.0.4 dev',
    'GHSA-m1st-0000-0002 minimist@1.2.5 prod',
    'GHSA-ms00-0000-0004 ms@3.0.0-canary.1 prod',
  ]);
  assert.deepEqual(findingKeys(classic), findingKeys(npm));
  assert.deepEqual(findingKeys(berry), findingKeys(npm));
  assert.deepEqual([classic.project.packageManager, classic.project.sourceFile, berry.project.packageManager], ['yarn', 'yarn.lock', 'yarn']);

  const withoutDev = await scanJson(projects.berry, '--omit', 'dev');
  assert.deepEqual(findingKeys(withoutDev), findingKeys(npm).filter((key) => !key.endsWith(' dev')));
});

test("berry's cache checksum is no integrity: no hashes in its SBOM and no missing-integrity signal; classic's integrity is in its SBOM", async () => {
  const [berrySbom, classicSbom, berryScan] = await Promise.all([cli('sbom', projects.berry, '--no-vulnerabilities'), cli('sbom', projects.classic, '--no-vulnerabilities'), scanJson(projects.berry)]);
  assert.equal(berrySbom.code, 0, berrySbom.stderr);
  const berryBom = JSON.parse(berrySbom.stdout) as { components: Array<{ name: string; hashes?: unknown[] }> };
  assert.ok(berryBom.components.length > 20);
  assert.deepEqual(berryBom.components.filter((c) => c.hashes !== undefined).map((c) => c.name), []);
  assert.deepEqual(berryScan.components.filter((c) => c.signals.some((s) => s.code === 'missing-integrity')).map((c) => c.name), []);
  const classicBom = JSON.parse(classicSbom.stdout) as { components: Array<{ name: string; version: string; hashes?: Array<{ alg: string }> }> };
  assert.equal(classicBom.components.find((c) => c.name === 'lodash' && c.version === '4.17.20')?.hashes?.[0]?.alg, 'SHA-512');
});

test('explain on a yarn project: the alias, the workspace path, the yarn command', async () => {
  const result = await runCli(['explain', 'minimist', projects.berry], { env });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^minimist@1\.2\.5 \(installed as legacy-minimist\)\n {2}scope: {3}prod, direct\n/);
  assert.match(result.stdout, /yarn up legacy-minimist@npm:minimist@\^1\.2\.6/);
  assert.match(result.stdout, /multi-manager-api > @mm\/api@1\.0\.0 > minimist@1\.2\.8/);
});

test('diff from a yarn.lock base to an npm lockfile (a migration) changes no finding', async () => {
  const result = await cli('diff', projects.npm, '--base', path.join(projects.berry, 'yarn.lock'), '--offline', '--format', 'json');
  assert.equal(result.code, 0, result.stderr);
  const diff = JSON.parse(result.stdout) as { verdict: { passed: boolean; introduced: unknown[]; existing: unknown[] } };
  assert.deepEqual([diff.verdict.passed, diff.verdict.introduced.length, diff.verdict.existing.length], [true, 0, 3]);
});

test('fix on yarn berry: yarn up for direct dependencies (every workspace), yarn up -R to refresh, resolutions to force', async () => {
  const result = await cli('fix', projects.berry, '--dry-run', '--offline', '--no-registry');
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /\n {5}yarn up -R fast-uri\n/);
  // `yarn up` moves the range in every workspace that declares it (checked with yarn 4.18.1).
  assert.match(result.stdout, /\n {5}yarn up cookie@\^0\.7\.0 legacy-minimist@npm:minimist@\^1\.2\.6 lodash@\^4\.17\.21 minimatch@\^3\.0\.5 ms@\^3\.0\.0-canary\.2\n/);
});

test('fix on yarn classic: upgrade from the package.json that declares it (yarn 1 would add it to the root), refresh by removing the entries', async () => {
  const result = await cli('fix', projects.classic, '--dry-run', '--offline', '--no-registry');
  assert.equal(result.code, 0, result.stderr);
  // Checked with yarn 1.22.22: `yarn upgrade fast-uri` leaves a transitive package as it is, and
  // `yarn upgrade cookie@^0.7.0` at the root adds cookie to the root instead of upgrading @mm/api's.
  assert.match(result.stdout, /\n {5}remove the fast-uri entries from yarn\.lock, then run yarn install\n/);
  assert.match(result.stdout, /\n {5}yarn upgrade legacy-minimist@npm:minimist@\^1\.2\.6 lodash@\^4\.17\.21 minimatch@\^3\.0\.5 ms@\^3\.0\.0-canary\.2 && yarn workspace @mm\/api upgrade cookie@\^0\.7\.0\n/);
  assert.doesNotMatch(result.stdout, /yarn up /);
});

test('a bad yarn.lock exits 2 with one line, for both generations', async () => {
  for (const lockfile of ['ms@^2.1.0:\n  version {{{ "2', '__metadata:\n  version: 8\n\n"ms@npm:^2.1.0":\n  version: 2.1.3\n  resolution: "ms@npm:2.1']) {
    const dir = writeTree(tempDir(), { 'package.json': { name: 'app', version: '1.0.0', dependencies: { ms: '^2.1.0' } }, 'yarn.lock': lockfile });
    const result = await cli('scan', dir, '--offline', '--no-registry');
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /^deptrust: malformed yarn lockfile .*yarn\.lock: [^\n]+\n$/);
    assert.equal(result.stdout, '');
  }
});
