import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { applyFixes } from '../../src/pipeline/apply-fixes.js';
import { runManager } from '../../src/pipeline/relock.js';
import { LATER, scenarioManifests, startScenario, YARN_CLASSIC } from '../helpers/apply-scenario.js';
import { pinnedRegistryPackages } from '../helpers/yarn.js';
import { tempDir, writeTree } from '../helpers/temp-dir.js';

// The real yarn 1 (a devDependency) against a registry on 127.0.0.1.
const work = tempDir();
const { registry, env, options } = await startScenario(work, YARN_CLASSIC);
const project = path.join(work, 'shop');
writeTree(project, scenarioManifests({ workspacesField: true }));
const locked = await runManager(YARN_CLASSIC, ['install', '--ignore-scripts', '--non-interactive', '--no-progress'], { cwd: project, env, track: () => () => undefined, name: 'yarn' });
assert.equal(locked.ok, true, locked.error);
registry.publish(LATER);

test('fix --apply with yarn classic: resolutions written, the refreshed entries re-resolved, relocked in a scratch copy (the project\'s node_modules untouched); every finding fixed', async () => {
  const modulesBefore = readFileSync(path.join(project, 'node_modules', 'web-kit', 'package.json'), 'utf8');
  const { before, after, report } = await applyFixes(project, options);
  assert.equal(before.findings.length, 3);
  assert.deepEqual(report.stages.map((s) => `${s.round} ${s.kept ? 'kept' : 'undone'} fixed ${s.fixed.length}: ${s.commands.join('; ')}`), [
    'minor kept fixed 3: yarn install --ignore-scripts --ignore-engines --non-interactive --no-progress (in a scratch copy of the package.json files and yarn.lock)',
  ]);
  assert.deepEqual(report.stages[0]?.changes.map((c) => `${c.file}: ${c.field} ${c.from ?? '-'} → ${c.to ?? '-'}`), [
    'package.json: resolutions.deep-merge - → ^1.0.2',
    'packages/api/package.json: dependencies.web-kit ^1.0.0 → ^1.1.0',
  ]);
  assert.equal(after.findings.length, 0);
  assert.deepEqual(report.changedFiles.sort(), ['package.json', 'packages/api/package.json', 'yarn.lock']);
  const pinned = pinnedRegistryPackages(readFileSync(path.join(project, 'yarn.lock'), 'utf8'));
  assert.deepEqual(pinned, ['big-tool@1.0.0', 'color-fmt@1.0.1', 'deep-merge@1.0.2', 'log-kit@1.0.0', 'tiny-parse@2.1.0', 'web-kit@1.1.0']);
  // The install that locked the project wrote node_modules; the relock left it as it was.
  assert.equal(readFileSync(path.join(project, 'node_modules', 'web-kit', 'package.json'), 'utf8'), modulesBefore);
  assert.equal(existsSync(path.join(project, 'packages', 'api', 'node_modules', 'web-kit')), false);
});
