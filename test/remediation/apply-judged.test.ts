import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { AdvisoryProvider } from '../../src/advisories/providers.js';
import { applyFixes, type ApplyOptions } from '../../src/pipeline/apply-fixes.js';
import { LOCKFILE_ONLY_FLAGS, runNpm } from '../../src/pipeline/relock.js';
import { renderFixApplyText } from '../../src/report/fix-apply.js';
import { openDatabase } from '../../src/store/db.js';
import { cleanEnv } from '../helpers/clean-env.js';
import { bundledNpm, startNpmRegistry } from '../helpers/npm-registry.js';
import { osvRecord } from '../helpers/osv-records.js';
import { tempDir, writeTree } from '../helpers/temp-dir.js';

// The only fixed color-fmt runs an install script: the relock fixes the advisory and brings in code that runs at
// install time, so the round is undone (real npm, registry on 127.0.0.1).
const work = tempDir();
const registry = await startNpmRegistry([
  { name: 'log-kit', version: '1.0.0', dependencies: { 'color-fmt': '^1.0.0' } },
  { name: 'color-fmt', version: '1.0.0' },
]);
const HIGH = [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' }];
const RECORDS = [osvRecord('GHSA-colr-0000-0007', 'color-fmt', [{ introduced: '0' }, { fixed: '1.0.1' }], { severity: HIGH })];
const provider: AdvisoryProvider = { info: () => ({ kind: 'database', description: 'test records', advisoryCount: 1 }), recordsFor: async () => RECORDS };
const env = { ...cleanEnv(path.join(work, 'home')), npm_config_registry: `${registry.url}/`, npm_config_prefer_online: 'true' };
const options: ApplyOptions = { provider, now: () => new Date('2026-06-01T00:00:00Z'), registry: { db: openDatabase(':memory:'), offline: false, ttlMs: 0, timeoutMs: 10_000, retries: 0, env }, env, manager: bundledNpm() };
const project = writeTree(path.join(work, 'app'), { 'package.json': { name: 'app', version: '1.0.0', dependencies: { 'log-kit': '^1.0.0' } } });
const locked = await runNpm(bundledNpm(), ['install', ...LOCKFILE_ONLY_FLAGS], { cwd: project, env, track: () => () => undefined });
assert.equal(locked.ok, true, locked.error);
registry.publish([{ name: 'color-fmt', version: '1.0.1', scripts: { install: 'node build.js' } }]);

test('fix --apply undoes a round that fixes its finding but brings in a new install script, and says so', async () => {
  const lockBefore = readFileSync(path.join(project, 'package-lock.json'), 'utf8');
  const { report } = await applyFixes(project, options);
  assert.deepEqual(report.stages.map((s) => `${s.round} ${s.kept ? 'kept' : 'undone'} fixed ${s.fixed.length} introduced ${s.introduced.length}`), ['minor undone fixed 1 introduced 0']);
  assert.deepEqual(report.stages[0]?.concerns, [{ code: 'install-script', name: 'color-fmt', version: '1.0.1', detail: 'runs an install script' }]);
  assert.deepEqual(report.remaining.map((r) => `${r.name}@${r.version}: ${r.reason}`), ['color-fmt@1.0.0: its fix was tried and undone (color-fmt@1.0.1 runs an install script)']);
  assert.deepEqual(report.changedFiles, []);
  assert.equal(readFileSync(path.join(project, 'package-lock.json'), 'utf8'), lockBefore);
  assert.match(renderFixApplyText(report, project), /Round 1 \(lockfile refreshes, in-range and minor upgrades, overrides\): undone, every file restored \(color-fmt@1\.0\.1 runs an install script\)\n/);
});
