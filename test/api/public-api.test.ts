import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { cleanEnv } from '../helpers/clean-env.js';
import { makeZip } from '../helpers/make-zip.js';
import { osvRecord } from '../helpers/osv-records.js';
import { fixtureProject, repoRoot } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const run = promisify(execFile);
const project = fixtureProject('nested-duplicate-versions'); // debug@2.6.9 > ms@2.0.0, ms@2.1.3
const records = [
  osvRecord('GHSA-aaaa-bbbb-cccc', 'ms', [{ introduced: '0' }, { fixed: '2.0.1' }], { severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' }] }),
  osvRecord('GHSA-dddd-eeee-ffff', 'debug', [{ introduced: '2.0.0' }, { fixed: '2.6.10' }], { database_specific: { severity: 'LOW' } }),
];

/** A project of a user's: deptrust installed as node_modules/deptrust (a link to this repository), and a script that imports it by name. */
function consumerProject(script: string): string {
  const dir = tempDir('deptrust-consumer-');
  mkdirSync(path.join(dir, 'node_modules'));
  symlinkSync(repoRoot, path.join(dir, 'node_modules', 'deptrust'), 'dir');
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  writeFileSync(path.join(dir, 'check.mjs'), script);
  return dir;
}

test("import { scan, diff, explain, sbom } from 'deptrust' gives what the CLI's --format json prints", async () => {
  const home = tempDir('deptrust-home-');
  const db = path.join(home, 'deptrust.db');
  const zip = await makeZip(path.join(home, 'all.zip'), Object.fromEntries(records.map((r) => [`${r.id}.json`, JSON.stringify(r)])));
  const imported = await runCli(['db', 'import', zip, '--db', db]);
  assert.equal(imported.code, 0, imported.stderr);

  const consumer = consumerProject(`
import { scan, diff, explain, sbom } from 'deptrust';
const [project, db] = process.argv.slice(2);
const options = { db, offline: true, registry: false, reproducible: true };
const result = {
  scan: await scan(project, options),
  diff: await diff(project, project + '/package-lock.json', options),
  explain: await explain('ms', project, { db }),
  sbom: await sbom(project, { db, reproducible: true }),
};
result.sbom = { ...result.sbom, text: JSON.parse(result.sbom.text) };
process.stdout.write(JSON.stringify(result));
`);
  const { stdout } = await run(process.execPath, ['check.mjs', project, db], { cwd: consumer, env: cleanEnv(home) });
  const api = JSON.parse(stdout) as Record<'scan' | 'diff' | 'explain', { findings?: Array<{ id: string }>; components?: unknown[] }> & { sbom: { text: unknown; bom: unknown; format: string; spec: string } };

  const cli = async (args: string[]): Promise<unknown> => {
    const result = await runCli(args, { home });
    assert.ok(result.code === 0 || result.code === 1, result.stderr);
    return JSON.parse(result.stdout);
  };
  const scanJson = await cli(['scan', project, '--db', db, '--offline', '--no-registry', '--reproducible', '--format', 'json']);
  assert.deepEqual(api.scan, scanJson);
  assert.deepEqual(
    api.scan.findings?.map((f) => f.id),
    ['GHSA-aaaa-bbbb-cccc', 'GHSA-dddd-eeee-ffff'],
  );
  assert.deepEqual(api.diff, await cli(['diff', project, '--base', path.join(project, 'package-lock.json'), '--db', db, '--offline', '--no-registry', '--reproducible', '--format', 'json']));
  assert.deepEqual(api.explain, await cli(['explain', 'ms', project, '--db', db, '--format', 'json']));
  const bom = (await cli(['sbom', project, '--db', db, '--reproducible'])) as { components: unknown[] };
  // The document as the CLI writes it, and its JSON model (the same, for JSON).
  assert.deepEqual(api.sbom.text, bom);
  assert.deepEqual(api.sbom.bom, bom);
  assert.deepEqual([api.sbom.format, api.sbom.spec], ['json', '1.6']);
});

test('the package exposes only its public surface', async () => {
  const consumer = consumerProject(`
try { await import('deptrust/dist/src/pipeline/scan-project.js'); console.log('reachable'); } catch (error) { console.log(error.code); }
const api = await import('deptrust');
console.log(Object.keys(api).sort().join(','));
const error = await api.scan('/nonexistent').catch((caught) => caught);
console.log(error instanceof api.ProjectError, error instanceof api.DeptrustError, error.exitCode);
`);
  const { stdout } = await run(process.execPath, ['check.mjs'], { cwd: consumer, env: cleanEnv(tempDir('deptrust-home-')) });
  // A missing folder is a ProjectError the library exports (exit code 2), said before any advisory download is tried.
  assert.equal(stdout, 'ERR_PACKAGE_PATH_NOT_EXPORTED\nConfigError,DataError,DeptrustError,NetworkError,ProjectError,UsageError,diff,explain,sbom,scan\ntrue true 2\n');
});
