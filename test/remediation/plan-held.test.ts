import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { AdvisoryProvider } from '../../src/advisories/providers.js';
import { applyFixes, type ApplyOptions } from '../../src/pipeline/apply-fixes.js';
import { planFixes } from '../../src/pipeline/fix-project.js';
import { LOCKFILE_ONLY_FLAGS, runNpm } from '../../src/pipeline/relock.js';
import { renderFixPlanText } from '../../src/report/fix-plan.js';
import { openDatabase } from '../../src/store/db.js';
import { cleanEnv } from '../helpers/clean-env.js';
import { bundledNpm, startNpmRegistry } from '../helpers/npm-registry.js';
import { osvRecord } from '../helpers/osv-records.js';
import { tempDir, writeTree } from '../helpers/temp-dir.js';

// One copy of time-lib serves three parents (as moment under sequelize ~2.8.0 and another parent): chart-kit's
// ^2.8.0 admits the fixed 2.19.3, but orm 2.8.x declares ~2.8.1 and cron-job 1.0.0 pins 2.8.1, so `npm update
// time-lib` alone moves nothing. The plan must name both holders and the step that moves each.
const work = tempDir();
const registry = await startNpmRegistry([
  { name: 'orm', version: '2.8.0', dependencies: { 'time-lib': '~2.8.1' } },
  { name: 'cron-job', version: '1.0.0', dependencies: { 'time-lib': '2.8.1' } },
  { name: 'chart-kit', version: '1.0.0', dependencies: { 'time-lib': '^2.8.0' } },
  { name: 'time-lib', version: '2.8.1' },
]);
const HIGH = [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' }];
const RECORDS = [osvRecord('GHSA-time-0000-0001', 'time-lib', [{ introduced: '0' }, { fixed: '2.19.3' }], { severity: HIGH })];
const provider: AdvisoryProvider = { info: () => ({ kind: 'database', description: 'test records', advisoryCount: 1 }), recordsFor: async () => RECORDS };
const env = { ...cleanEnv(path.join(work, 'home')), npm_config_registry: `${registry.url}/`, npm_config_prefer_online: 'true' };
const options: ApplyOptions = { provider, now: () => new Date('2026-06-01T00:00:00Z'), registry: { db: openDatabase(':memory:'), offline: false, ttlMs: 0, timeoutMs: 10_000, retries: 0, env }, env, manager: bundledNpm() };
const project = writeTree(path.join(work, 'app'), { 'package.json': { name: 'app', version: '1.0.0', dependencies: { orm: '~2.8.0', 'cron-job': '^1.0.0', 'chart-kit': '^1.0.0' } } });
const locked = await runNpm(bundledNpm(), ['install', ...LOCKFILE_ONLY_FLAGS], { cwd: project, env, track: () => () => undefined });
assert.equal(locked.ok, true, locked.error);
registry.publish([
  { name: 'time-lib', version: '2.19.3' },
  { name: 'orm', version: '2.8.5', dependencies: { 'time-lib': '~2.8.1' } },
  { name: 'orm', version: '2.9.0', dependencies: { 'time-lib': '^2.19.3' } },
  { name: 'cron-job', version: '1.1.0', dependencies: { 'time-lib': '^2.19.3' } },
]);

test('a refresh of a copy other parents hold down names every holder and the step that moves it; following the plan fixes the finding', async () => {
  const { plan, result } = await planFixes(project, options);
  assert.deepEqual(plan.update, ['time-lib']);
  assert.deepEqual(plan.upgrade.map((u) => `${u.name} ${u.from} → ${u.to}${u.withinRange ? ' within range' : ''}`), ['cron-job 1.0.0 → 1.1.0 within range', 'orm 2.8.0 → 2.9.0']);
  assert.deepEqual(plan.held, [
    {
      name: 'time-lib',
      heldBy: [
        { parent: 'cron-job@1.0.0', spec: '2.8.1', movedBy: 'upgrade cron-job to 1.1.0' },
        { parent: 'orm@2.8.0', spec: '~2.8.1', movedBy: 'upgrade orm to 2.9.0' },
      ],
    },
  ]);
  const text = renderFixPlanText(plan, result);
  assert.match(text, /npm update time-lib\n {7}time-lib is held down by cron-job@1\.0\.0 \(time-lib 2\.8\.1\), moved by: upgrade cron-job to 1\.1\.0; orm@2\.8\.0 \(time-lib ~2\.8\.1\), moved by: upgrade orm to 2\.9\.0: the refresh fixes it once those parents move \(run it after the steps below\)\n/);
  assert.match(text, /Refresh the lockfile \(chart-kit already allows 2\.19\.3\): npm update time-lib, once cron-job \(which declares 2\.8\.1\) and orm \(which declares ~2\.8\.1\) move by the steps below\n/);

  const { report, after } = await applyFixes(project, options);
  assert.deepEqual(report.fixed.map((r) => `${r.name}@${r.version}`), ['time-lib@2.8.1']);
  assert.deepEqual(report.remaining, []);
  assert.equal(after.inventory.components.filter((c) => c.name === 'time-lib').map((c) => c.version).join(), '2.19.3');
});
