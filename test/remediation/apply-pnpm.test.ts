import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { applyFixes } from '../../src/pipeline/apply-fixes.js';
import { runManager } from '../../src/pipeline/relock.js';
import { LATER, PNPM, scenarioManifests, startScenario } from '../helpers/apply-scenario.js';
import { tempDir, writeTree } from '../helpers/temp-dir.js';

// The real pnpm (a devDependency) against a registry on 127.0.0.1.
const work = tempDir();
const { registry, env, options } = await startScenario(work, PNPM);
const project = path.join(work, 'shop');
writeTree(project, { ...scenarioManifests({ workspacesField: false }), 'pnpm-workspace.yaml': 'packages:\n  - packages/api\n' });
const locked = await runManager(PNPM, ['install', '--lockfile-only', '--ignore-scripts'], { cwd: project, env, track: () => () => undefined, name: 'pnpm' });
assert.equal(locked.ok, true, locked.error);
registry.publish(LATER);

test('fix --apply with pnpm: the workspace declaration moved, pnpm.overrides written, the transitive refresh done by pnpm update; every finding fixed', async () => {
  const { before, after, report } = await applyFixes(project, options);
  assert.equal(before.findings.length, 3);
  assert.deepEqual(report.stages.map((s) => `${s.round} ${s.kept ? 'kept' : 'undone'} fixed ${s.fixed.length}: ${s.commands.join('; ')}`), [
    'minor kept fixed 3: pnpm update -r color-fmt --lockfile-only --ignore-scripts',
  ]);
  assert.deepEqual(report.stages[0]?.changes.map((c) => `${c.file}: ${c.field} ${c.from ?? '-'} → ${c.to ?? '-'}`), [
    'package.json: pnpm.overrides.deep-merge - → ^1.0.2',
    'packages/api/package.json: dependencies.web-kit ^1.0.0 → ^1.1.0',
  ]);
  assert.equal(after.findings.length, 0);
  assert.deepEqual(report.introduced, []);
  assert.deepEqual(report.changedFiles.sort(), ['package.json', 'packages/api/package.json', 'pnpm-lock.yaml']);
  const root = JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8')) as { pnpm?: { overrides?: Record<string, string> } };
  assert.deepEqual(root.pnpm?.overrides, { 'deep-merge': '^1.0.2' });
  const lock = readFileSync(path.join(project, 'pnpm-lock.yaml'), 'utf8');
  for (const pinned of ['web-kit@1.1.0', 'tiny-parse@2.1.0', 'color-fmt@1.0.1', 'deep-merge@1.0.2']) assert.match(lock, new RegExp(`^  ${pinned}:$`, 'm'));
  assert.doesNotMatch(lock, /^ {2}(?:color-fmt@1\.0\.0|deep-merge@1\.0\.0|tiny-parse@2\.0\.0):$/m);
});
