import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { AdvisoryProvider } from '../../src/advisories/providers.js';
import type { OsvRecord } from '../../src/model/advisory.js';
import { RelockError } from '../../src/model/errors.js';
import { applyFixes, type ApplyOptions } from '../../src/pipeline/apply-fixes.js';
import { planFixes } from '../../src/pipeline/fix-project.js';
import { LOCKFILE_ONLY_FLAGS, runNpm } from '../../src/pipeline/relock.js';
import { renderFixPlanText } from '../../src/report/fix-plan.js';
import { openDatabase } from '../../src/store/db.js';
import { cleanEnv } from '../helpers/clean-env.js';
import { bundledNpm, startNpmRegistry } from '../helpers/npm-registry.js';
import { osvRecord } from '../helpers/osv-records.js';
import { tempDir, writeTree } from '../helpers/temp-dir.js';

// One workspaces project applied with the real npm against a registry on
// 127.0.0.1. It is locked while only the vulnerable versions are published;
// then the fixes are published, as time would.
const INITIAL = [
  { name: 'web-kit', version: '1.0.0', dependencies: { 'tiny-parse': '~2.0.0' } },
  { name: 'tiny-parse', version: '2.0.0' },
  { name: 'old-lib', version: '1.0.0' },
  { name: 'big-tool', version: '1.0.0', dependencies: { 'deep-merge': '1.0.0' } },
  { name: 'deep-merge', version: '1.0.0' },
  { name: 'direct-vuln', version: '1.0.0' },
  { name: 'stale-util', version: '1.0.0' },
  { name: 'log-kit', version: '1.0.0', dependencies: { 'color-fmt': '^1.0.0' } },
  { name: 'color-fmt', version: '1.0.0' },
];
const LATER = [
  // web-kit's fix brings in a package with a low advisory: the round is tried again without it.
  { name: 'web-kit', version: '1.1.0', dependencies: { 'tiny-parse': '^2.1.0', 'noisy-log': '1.0.0' } },
  { name: 'noisy-log', version: '1.0.0' },
  { name: 'web-kit', version: '2.0.0', dependencies: { 'tiny-parse': '^2.1.0' } },
  { name: 'tiny-parse', version: '2.1.0' },
  { name: 'old-lib', version: '1.0.1' },
  { name: 'old-lib', version: '2.0.0' },
  // big-tool fixes deep-merge only in its next major: an override is the smaller fix.
  { name: 'big-tool', version: '1.1.0', dependencies: { 'deep-merge': '1.0.0' } },
  { name: 'big-tool', version: '2.0.0', dependencies: { 'deep-merge': '^1.0.2' } },
  { name: 'deep-merge', version: '1.0.2' },
  // The only fix of direct-vuln is a major that brings in a newly vulnerable package.
  { name: 'direct-vuln', version: '2.0.0', dependencies: { 'bad-dep': '1.0.0' } },
  { name: 'bad-dep', version: '1.0.0' },
  { name: 'color-fmt', version: '1.0.1' },
];

const HIGH = [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' }];
const CRITICAL = [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }];
const LOW = [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N' }];
const fixedIn = (version: string) => [{ introduced: '0' }, { fixed: version }];
const RECORDS: OsvRecord[] = [
  osvRecord('GHSA-tiny-0000-0001', 'tiny-parse', fixedIn('2.1.0'), { severity: HIGH }),
  osvRecord('GHSA-oldl-0000-0002', 'old-lib', fixedIn('1.0.1'), { severity: HIGH }),
  osvRecord('GHSA-deep-0000-0003', 'deep-merge', fixedIn('1.0.2'), { severity: HIGH }),
  osvRecord('GHSA-dirv-0000-0004', 'direct-vuln', fixedIn('2.0.0'), { severity: CRITICAL }),
  osvRecord('GHSA-badd-0000-0005', 'bad-dep', [{ introduced: '0' }], { severity: LOW }),
  osvRecord('GHSA-stal-0000-0006', 'stale-util', [{ introduced: '0' }], { severity: HIGH }),
  osvRecord('GHSA-colr-0000-0007', 'color-fmt', fixedIn('1.0.1'), { severity: HIGH }),
  osvRecord('GHSA-nois-0000-0008', 'noisy-log', [{ introduced: '0' }], { severity: LOW }),
];
const provider: AdvisoryProvider = { info: () => ({ kind: 'database', description: 'test records', advisoryCount: RECORDS.length }), recordsFor: async () => RECORDS };

const work = tempDir();
const registry = await startNpmRegistry(INITIAL);
// npm's own environment: a clean home and user config, the local registry, revalidating every packument (fixes get published mid-test).
const env = { ...cleanEnv(path.join(work, 'home')), npm_config_registry: `${registry.url}/`, npm_config_prefer_online: 'true' };
const npm = bundledNpm();
const db = openDatabase(':memory:');
const options: ApplyOptions = { provider, now: () => new Date('2026-06-01T00:00:00Z'), registry: { db, offline: false, ttlMs: 0, timeoutMs: 10_000, retries: 0, env }, env, manager: npm };

const project = path.join(work, 'mono');
writeTree(project, {
  'package.json': { name: 'mono', version: '1.0.0', private: true, workspaces: ['packages/api', 'packages/worker'], dependencies: { 'big-tool': '^1.0.0', 'direct-vuln': '^1.0.0', 'stale-util': '^1.0.0', 'log-kit': '^1.0.0' } },
  'packages/api/package.json': { name: '@mono/api', version: '1.0.0', dependencies: { 'web-kit': '^1.0.0' } },
  'packages/worker/package.json': { name: '@mono/worker', version: '1.0.0', dependencies: { 'web-kit': '^1.0.0', 'old-lib': '1.0.0' } },
});
// Asynchronously: the registry answering npm runs in this process.
const locked = await runNpm(npm, ['install', ...LOCKFILE_ONLY_FLAGS], { cwd: project, env, track: () => () => undefined });
assert.equal(locked.ok, true, locked.error);
registry.publish(LATER);
const FILES = ['package.json', 'package-lock.json', 'packages/api/package.json', 'packages/worker/package.json'];
const read = (dir: string): string[] => FILES.map((f) => readFileSync(path.join(dir, f), 'utf8'));
const manifest = (file: string): { dependencies?: Record<string, string>; overrides?: Record<string, string> } => JSON.parse(readFileSync(path.join(project, file), 'utf8'));
const lockedVersions = (): Record<string, string> => {
  const lock = JSON.parse(readFileSync(path.join(project, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
  return Object.fromEntries(Object.entries(lock.packages).filter(([key]) => key.startsWith('node_modules/')).map(([key, value]) => [key.slice('node_modules/'.length), value.version ?? '']));
};

test('the plan names the workspace whose package.json declares each upgrade, and overrides rather than taking a major', async () => {
  const { result, plan } = await planFixes(project, options);
  assert.deepEqual(plan.upgrade.map((u) => `${u.workspace ?? '(root)'}: ${u.name} ${u.from} → ${u.to}${u.semverMajor ? ' major' : ''}${u.withinRange ? ' within range' : ''}`), [
    '(root): direct-vuln 1.0.0 → 2.0.0 major',
    'packages/worker: old-lib 1.0.0 → 1.0.1',
    'packages/api: web-kit 1.0.0 → 1.1.0 within range',
    'packages/worker: web-kit 1.0.0 → 1.1.0 within range',
  ]);
  assert.deepEqual(plan.overrides.map((o) => `${o.key}=${o.spec}`), ['deep-merge=^1.0.2']);
  assert.deepEqual(plan.update, ['color-fmt']);
  const text = renderFixPlanText(plan, result);
  assert.match(text, /npm update web-kit -w packages\/api\n/);
  assert.match(text, /npm install old-lib@\^1\.0\.1 -w packages\/worker\n/);
  assert.match(text, /npm install direct-vuln@\^2\.0\.0\n/);
});

test('a failed relock restores every file byte for byte, even the lockfile npm had half written', async () => {
  const copy = path.join(work, 'copy');
  cpSync(project, copy, { recursive: true });
  const before = read(copy);
  const failingNpm = {
    command: process.execPath,
    args: ['-e', "require('fs').writeFileSync('package-lock.json', '{\"half'); console.error('npm error code E404'); console.error('npm error 404 Not Found - GET http://127.0.0.1/nothing'); process.exit(1)"],
  };
  await assert.rejects(applyFixes(copy, { ...options, manager: failingNpm }), (error: unknown) => {
    assert.ok(error instanceof RelockError);
    assert.match(error.message, /^npm update color-fmt --package-lock-only --ignore-scripts --no-audit --no-fund failed \(404 Not Found - GET http:\/\/127\.0\.0\.1\/nothing\); every file was restored as it was$/);
    return true;
  });
  assert.deepEqual(read(copy), before);
  assert.equal(existsSync(path.join(copy, 'npm-shrinkwrap.json')), false);
});

test('fix --apply with npm: a workspace upgrade, a refresh and an override kept; the steps that bring in new findings left out and undone; only what has no clean fix remains', async () => {
  const { before, after, report } = await applyFixes(project, options);
  assert.equal(before.findings.length, 6);
  assert.deepEqual(
    report.stages.map((s) => `${s.round} ${s.attempt} ${s.kept ? 'kept' : 'undone'} fixed ${s.fixed.length} introduced ${s.introduced.map((r) => r.name).join() || 'none'}${s.leftOutNext ? `; without ${s.leftOutNext.join(', ')}` : ''}`),
    [
      'minor 1 undone fixed 4 introduced noisy-log; without web-kit@1.1.0 in packages/api, web-kit@1.1.0 in packages/worker',
      'minor 2 kept fixed 3 introduced none',
      'major 1 undone fixed 1 introduced bad-dep',
    ],
  );
  assert.deepEqual(report.stages[0]?.changes.map((c) => `${c.file}: ${c.field} ${c.from ?? '-'} → ${c.to ?? '-'}`), [
    'package.json: overrides.deep-merge - → ^1.0.2',
    'packages/api/package.json: dependencies.web-kit ^1.0.0 → ^1.1.0',
    'packages/worker/package.json: dependencies.old-lib 1.0.0 → 1.0.1',
    'packages/worker/package.json: dependencies.web-kit ^1.0.0 → ^1.1.0',
  ]);
  assert.deepEqual(report.fixed.map((r) => `${r.name}@${r.version}`), ['color-fmt@1.0.0', 'deep-merge@1.0.0', 'old-lib@1.0.0']);
  assert.deepEqual(report.introduced, []);
  assert.deepEqual(report.remaining.map((r) => `${r.name}@${r.version}: ${r.reason}`), [
    'direct-vuln@1.0.0: its semver-major upgrade was tried and undone (it introduced bad-dep@1.0.0 GHSA-badd-0000-0005)',
    'stale-util@1.0.0: no published version is free of the advisory',
    'tiny-parse@2.0.0: its fix was tried and undone (it introduced noisy-log@1.0.0 GHSA-nois-0000-0008)',
  ]);
  assert.deepEqual(report.changedFiles.sort(), ['package-lock.json', 'package.json', 'packages/worker/package.json']);
  assert.equal(after.findings.length, 3);

  // The workspace's declaration moved where it is declared; the root gained none; what was undone left no trace.
  assert.deepEqual(manifest('package.json').dependencies, { 'big-tool': '^1.0.0', 'direct-vuln': '^1.0.0', 'stale-util': '^1.0.0', 'log-kit': '^1.0.0' });
  assert.deepEqual(manifest('package.json').overrides, { 'deep-merge': '^1.0.2' });
  assert.deepEqual(manifest('packages/api/package.json').dependencies, { 'web-kit': '^1.0.0' });
  assert.deepEqual(manifest('packages/worker/package.json').dependencies, { 'web-kit': '^1.0.0', 'old-lib': '1.0.1' });
  const versions = lockedVersions();
  assert.deepEqual(
    ['web-kit', 'tiny-parse', 'old-lib', 'big-tool', 'deep-merge', 'direct-vuln', 'color-fmt', 'noisy-log', 'bad-dep'].map((name) => `${name}@${versions[name] ?? 'absent'}`),
    ['web-kit@1.0.0', 'tiny-parse@2.0.0', 'old-lib@1.0.1', 'big-tool@1.0.0', 'deep-merge@1.0.2', 'direct-vuln@1.0.0', 'color-fmt@1.0.1', 'noisy-log@absent', 'bad-dep@absent'],
  );
});
