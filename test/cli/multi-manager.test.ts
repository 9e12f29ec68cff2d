import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { AdvisoryProvider } from '../../src/advisories/providers.js';
import type { OsvRecord } from '../../src/model/advisory.js';
import type { ScanResult } from '../../src/model/scan-result.js';
import { scanProject } from '../../src/pipeline/scan-project.js';
import { osvRecord } from '../helpers/osv-records.js';
import { fixtureProject } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir, writeTree } from '../helpers/temp-dir.js';

// The multi-manager fixture pins lodash@4.17.20, minimist@1.2.5 (as legacy-minimist) and minimatch@3.0.4 (dev).
const CRITICAL = [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }];
const HIGH = [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' }];
const records: OsvRecord[] = [
  osvRecord('GHSA-mm00-0000-0001', 'lodash', [{ introduced: '0' }, { fixed: '4.17.21' }], { severity: HIGH }),
  osvRecord('GHSA-mm00-0000-0002', 'minimist', [{ introduced: '0' }, { fixed: '1.2.6' }], { severity: CRITICAL }),
  osvRecord('GHSA-mm00-0000-0003', 'minimatch', [{ introduced: '0' }, { fixed: '3.0.5' }], { severity: HIGH }),
  // Prerelease handling: 3.0.0-canary.1 is above this range and must not match on any manager.
  osvRecord('GHSA-mm00-0000-0004', 'ms', [{ introduced: '0' }, { fixed: '2.0.0' }], { severity: HIGH }),
];
const provider: AdvisoryProvider = {
  info: () => ({ kind: 'sample', description: 'test records', updatedAt: '2026-12-01T00:00:00Z', advisoryCount: records.length }),
  recordsFor: async (packages) => records.filter((r) => packages.some((p) => r.affected?.some((a) => a.package?.name === p.name))),
};
const now = (): Date => new Date('2026-12-01T00:00:00Z');
const multi = (manager: string): string => fixtureProject(path.join('multi-manager', manager));

function findingKeys(result: ScanResult): string[] {
  const byId = new Map(result.inventory.components.map((c) => [c.id, c]));
  return result.findings.map((f) => `${byId.get(f.componentId)?.name}@${byId.get(f.componentId)?.version} ${f.primaryId} ${byId.get(f.componentId)?.scope}`).sort();
}

test('the same project locked by npm, pnpm (9.0, 6.0, 5.4) and bun gives the same findings', async () => {
  const expected = ['lodash@4.17.20 GHSA-mm00-0000-0001 prod', 'minimatch@3.0.4 GHSA-mm00-0000-0003 dev', 'minimist@1.2.5 GHSA-mm00-0000-0002 prod'];
  for (const manager of ['npm', 'pnpm', 'pnpm-v6', 'pnpm-v5.4', 'bun']) {
    const result = await scanProject(multi(manager), { provider, now });
    assert.deepEqual(findingKeys(result), expected, manager);
    const runtime = await scanProject(multi(manager), { provider, now, omit: ['dev'] });
    assert.deepEqual(findingKeys(runtime), expected.filter((k) => !k.endsWith(' dev')), `${manager} --omit dev`);
  }
});

const env = (db: string): Record<string, string> => ({ DEPTRUST_DB: db });

async function importRecords(work: string): Promise<string> {
  const db = path.join(work, 'deptrust.db');
  const folder = writeTree(path.join(work, 'advisories'), Object.fromEntries(records.map((r) => [`${r.id}.json`, r])));
  const imported = await runCli(['db', 'import', folder], { env: env(db) });
  assert.equal(imported.code, 0, imported.stderr);
  return db;
}

test('a pnpm-installed node_modules holding a known-vulnerable package fails the scan (read through its lockfile, never as links)', async () => {
  const work = tempDir();
  const db = await importRecords(work);
  const dir = path.join(work, 'api');
  // pnpm's layout: a virtual store under node_modules/.pnpm, symlinks at the top, pnpm's copy of the lockfile, no pnpm-lock.yaml.
  writeTree(dir, {
    'package.json': { name: 'api', version: '1.0.0', dependencies: { lodash: '4.17.20' } },
    'node_modules/.modules.yaml': 'layoutVersion: 5\nnodeLinker: isolated\npackageManager: pnpm@9.15.9\n',
    'node_modules/.pnpm/lodash@4.17.20/node_modules/lodash/package.json': { name: 'lodash', version: '4.17.20' },
    'node_modules/.pnpm/lock.yaml': "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      lodash:\n        specifier: 4.17.20\n        version: 4.17.20\n\npackages:\n\n  lodash@4.17.20:\n    resolution: {integrity: sha512-PlhdFcillOINfeV7Ni6oF1TAEayyZBoZ8bcshTHqOYJYlrqzRK5hagpagky5o4HfCzzd1TRkXPMFq6cKk9rGmA==}\n\nsnapshots:\n\n  lodash@4.17.20: {}\n",
  });
  // A placeholder folder pnpm leaves in its store: never a component.
  mkdirSync(path.join(dir, 'node_modules', '.pnpm', 'node_modules', 'once@1.4.0'), { recursive: true });
  symlinkSync('.pnpm/lodash@4.17.20/node_modules/lodash', path.join(dir, 'node_modules', 'lodash'));
  const result = await runCli(['scan', dir, '--offline', '--no-registry', '--format', 'json'], { env: env(db) });
  assert.equal(result.code, 1, result.stderr);
  const parsed = JSON.parse(result.stdout) as { project: { sourceFile: string; packageManager: string }; findings: Array<{ component: { purl: string }; id: string }> };
  assert.deepEqual([parsed.project.sourceFile, parsed.project.packageManager], ['node_modules', 'pnpm']);
  assert.deepEqual(parsed.findings.map((f) => `${f.component.purl} ${f.id}`), ['pkg:npm/lodash@4.17.20 GHSA-mm00-0000-0001']);
});

test('diff across managers: an npm base and the same project moved to pnpm add nothing and introduce no finding', async () => {
  const work = tempDir();
  const db = await importRecords(work);
  const diff = await runCli(['diff', multi('pnpm'), '--base', path.join(multi('npm'), 'package-lock.json'), '--offline', '--no-registry', '--format', 'json'], { env: env(db) });
  assert.equal(diff.code, 0, diff.stderr);
  const report = JSON.parse(diff.stdout) as { changes: Array<{ kind: string; name: string }>; findings: { introduced: unknown[]; resolved: unknown[] } };
  assert.deepEqual(report.findings.introduced, []);
  assert.deepEqual(report.findings.resolved, []);
  // Only the file: folder changes how it is installed (npm links it, pnpm copies it): no registry package moves.
  assert.deepEqual(report.changes.map((c) => `${c.kind} ${c.name}`), ['source-changed local-utils']);

  // The other way round, from a pnpm base to a bun change, with a package upgraded on the way.
  const project = path.join(work, 'bun');
  cpSync(multi('bun'), project, { recursive: true });
  const lock = readFileSync(path.join(project, 'bun.lock'), 'utf8');
  writeTree(project, {
    'bun.lock': lock.replace('"lodash": ["lodash@4.17.20", "", {}, "sha512-PlhdFcillOINfeV7Ni6oF1TAEayyZBoZ8bcshTHqOYJYlrqzRK5hagpagky5o4HfCzzd1TRkXPMFq6cKk9rGmA=="]', '"lodash": ["lodash@4.17.21", "", {}, "sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg=="]').replace('"lodash": "4.17.20"', '"lodash": "4.17.21"'),
  });
  const upgraded = await runCli(['diff', project, '--base', path.join(multi('pnpm'), 'pnpm-lock.yaml'), '--offline', '--no-registry', '--format', 'json'], { env: env(db) });
  assert.equal(upgraded.code, 0, upgraded.stderr);
  const second = JSON.parse(upgraded.stdout) as { findings: { resolved: Array<{ id: string }> } };
  assert.deepEqual(second.findings.resolved.map((f) => f.id), ['GHSA-mm00-0000-0001']);
});

test('fix --dry-run speaks the project\'s package manager: pnpm update and pnpm.overrides, bun update and overrides', async () => {
  const work = tempDir();
  const db = await importRecords(work);
  const pnpm = await runCli(['fix', multi('pnpm'), '--dry-run', '--offline', '--no-registry'], { env: env(db) });
  assert.equal(pnpm.code, 0, pnpm.stderr);
  assert.doesNotMatch(pnpm.stdout, /\bnpm (update|install)\b/);
  assert.match(pnpm.stdout, /\n {5}pnpm update -r legacy-minimist@npm:minimist@\^1\.2\.6 lodash@\^4\.17\.21 minimatch@\^3\.0\.5\n/);
  assert.match(pnpm.stdout, /Upgrade lodash 4\.17\.20 → 4\.17\.21 .*: pnpm update -r lodash@\^4\.17\.21\n/);
  const bun = await runCli(['fix', multi('bun'), '--dry-run', '--offline', '--no-registry'], { env: env(db) });
  assert.equal(bun.code, 0, bun.stderr);
  assert.doesNotMatch(bun.stdout, /\bnpm (update|install)\b/);
  assert.match(bun.stdout, /\n {5}bun add legacy-minimist@npm:minimist@\^1\.2\.6 lodash@\^4\.17\.21 minimatch@\^3\.0\.5\n/);
});
