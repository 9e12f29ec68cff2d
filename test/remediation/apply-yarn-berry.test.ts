import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { applyFixes } from '../../src/pipeline/apply-fixes.js';
import { runManager } from '../../src/pipeline/relock.js';
import { UsageError } from '../../src/model/errors.js';
import { LATER, scenarioManifests, startScenario, YARN_BERRY, YARN_CLASSIC } from '../helpers/apply-scenario.js';
import { pinnedRegistryPackages } from '../helpers/yarn.js';
import { tempDir, writeTree } from '../helpers/temp-dir.js';

// The real yarn 4 (a devDependency) against a registry on 127.0.0.1: berry reads its own settings, not npm's.
const work = tempDir();
const { registry, env, options } = await startScenario(work, YARN_BERRY, {
  YARN_UNSAFE_HTTP_WHITELIST: '127.0.0.1',
  YARN_ENABLE_TELEMETRY: 'false',
  YARN_ENABLE_GLOBAL_CACHE: 'true',
  YARN_GLOBAL_FOLDER: path.join(work, 'home', 'berry'),
});
env['YARN_NPM_REGISTRY_SERVER'] = registry.url;
const project = path.join(work, 'shop');
writeTree(project, scenarioManifests({ workspacesField: true }));
const locked = await runManager(YARN_BERRY, ['install', '--mode', 'update-lockfile'], { cwd: project, env, track: () => () => undefined, name: 'yarn' });
assert.equal(locked.ok, true, locked.error);
registry.publish(LATER);

test('a yarn that cannot write the lockfile (yarn 1 for a berry yarn.lock) is refused before any file is touched (exit 2, one line)', async () => {
  const files = ['package.json', 'packages/api/package.json', 'yarn.lock'].map((f) => path.join(project, f));
  const before = files.map((f) => readFileSync(f, 'utf8'));
  await assert.rejects(applyFixes(project, { ...options, manager: YARN_CLASSIC }), (error: unknown) => {
    assert.ok(error instanceof UsageError);
    assert.equal(error.message, "fix --apply cannot relock with yarn 1.22.22: yarn.lock is yarn berry's (2 or later), and the yarn found is 1.22.22");
    return true;
  });
  assert.deepEqual(files.map((f) => readFileSync(f, 'utf8')), before);
});

test('fix --apply with yarn berry: resolutions written, the refreshed entries re-resolved, relocked with --mode update-lockfile; every finding fixed', async () => {
  const { before, after, report } = await applyFixes(project, options);
  assert.equal(before.findings.length, 3);
  assert.deepEqual(report.stages.map((s) => `${s.round} ${s.kept ? 'kept' : 'undone'} fixed ${s.fixed.length}: ${s.commands.join('; ')}`), ['minor kept fixed 3: yarn install --mode update-lockfile']);
  assert.deepEqual(report.stages[0]?.changes.map((c) => `${c.file}: ${c.field} ${c.from ?? '-'} → ${c.to ?? '-'}`), [
    'package.json: resolutions.deep-merge - → ^1.0.2',
    'packages/api/package.json: dependencies.web-kit ^1.0.0 → ^1.1.0',
  ]);
  assert.equal(after.findings.length, 0);
  assert.ok(report.changedFiles.includes('yarn.lock'));
  const pinned = pinnedRegistryPackages(readFileSync(path.join(project, 'yarn.lock'), 'utf8'));
  assert.deepEqual(pinned, ['big-tool@1.0.0', 'color-fmt@1.0.1', 'deep-merge@1.0.2', 'log-kit@1.0.0', 'tiny-parse@2.1.0', 'web-kit@1.1.0']);
  assert.equal(existsSync(path.join(project, 'node_modules')), false);
  assert.equal(existsSync(path.join(project, '.pnp.cjs')), false);
});
