import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { applyFixes } from '../../src/pipeline/apply-fixes.js';
import { LATER, scenarioManifests, startScenario } from '../helpers/apply-scenario.js';
import { repoRoot } from '../helpers/paths.js';
import { tempDir, writeTree } from '../helpers/temp-dir.js';

// bun is not a devDependency (test/fixtures/bun-relock/README.md): this replays a recorded run of the real bun 1.2.23
// on this scenario. The stand-in answers --version as that bun, and writes the bun.lock bun wrote only when the
// arguments, the edited package.json files and the bun.lock it is given are exactly those bun was given.
const recorded = path.join(repoRoot, 'test', 'fixtures', 'bun-relock');
const work = tempDir();
const standIn = path.join(work, 'bun-replay.cjs');
writeFileSync(
  standIn,
  `const fs = require('fs'), path = require('path');
const args = process.argv.slice(2).join(' ');
if (args === '--version') { console.log('1.2.23'); process.exit(0); }
const host = new URL(process.env.npm_config_registry).host;
const want = (file) => fs.readFileSync(path.join(${JSON.stringify(recorded)}, file), 'utf8').replaceAll('REGISTRY_HOST', host);
const same = args === 'install --lockfile-only --ignore-scripts --no-cache'
  && fs.readFileSync('package.json', 'utf8') === want('package.json.relocked')
  && fs.readFileSync('packages/api/package.json', 'utf8') === want('api.package.json.relocked')
  && fs.readFileSync('bun.lock', 'utf8') === want('bun.lock.locked');
if (!same) { console.error('error: not the recorded bun run (' + args + ')'); process.exit(1); }
fs.writeFileSync('bun.lock', want('bun.lock.relocked'));
`,
);
const { registry, options } = await startScenario(work, { command: process.execPath, args: [standIn] });
const project = path.join(work, 'shop');
writeTree(project, { ...scenarioManifests({ workspacesField: true }), 'bun.lock': readFileSync(path.join(recorded, 'bun.lock.locked'), 'utf8').replaceAll('REGISTRY_HOST', new URL(registry.url).host) });
registry.publish(LATER);

test('fix --apply with bun: the refresh and the override written as bun overrides, the workspace declaration moved; the recorded bun relock fixes every finding', async () => {
  const { before, after, report } = await applyFixes(project, options);
  assert.equal(before.findings.length, 3);
  assert.deepEqual(report.stages.map((s) => `${s.round} ${s.kept ? 'kept' : 'undone'} fixed ${s.fixed.length}: ${s.commands.join('; ')}`), ['minor kept fixed 3: bun install --lockfile-only --ignore-scripts --no-cache']);
  assert.deepEqual(report.stages[0]?.changes.map((c) => `${c.file}: ${c.field} ${c.from ?? '-'} → ${c.to ?? '-'}`), [
    'package.json: overrides.color-fmt - → ^1.0.1',
    'package.json: overrides.deep-merge - → ^1.0.2',
    'packages/api/package.json: dependencies.web-kit ^1.0.0 → ^1.1.0',
  ]);
  assert.equal(after.findings.length, 0);
  assert.deepEqual(report.changedFiles.sort(), ['bun.lock', 'package.json', 'packages/api/package.json']);
});
