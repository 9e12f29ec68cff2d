import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { sendJson, startServer } from '../helpers/http-server.js';
import { writeNpmProject } from '../helpers/npm-project.js';
import { osvRecord } from '../helpers/osv-records.js';
import { fixtureProject } from '../helpers/paths.js';
import { cleanEnv } from '../helpers/clean-env.js';
import { binPath } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir, writeTree } from '../helpers/temp-dir.js';

// The registry is a local server with full packuments: web-kit 1.0.0 pins
// tiny-parse ~2.0.0 (only vulnerable versions), 1.1.0 moves to ^2.1.0.

const work = tempDir();
const db = path.join(work, 'deptrust.db');
const project = path.join(work, 'api');
const HIGH = [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' }];

function fullPackument(name: string, versions: Record<string, Record<string, string>>, latest: string): object {
  return {
    name,
    'dist-tags': { latest },
    versions: Object.fromEntries(Object.entries(versions).map(([version, dependencies]) => [version, { name, version, dependencies }])),
    time: Object.fromEntries(Object.keys(versions).map((version) => [version, '2025-01-01T00:00:00.000Z'])),
  };
}

const PACKUMENTS: Record<string, object> = {
  '/web-kit': fullPackument('web-kit', { '1.0.0': { 'tiny-parse': '~2.0.0' }, '1.1.0': { 'tiny-parse': '^2.1.0' } }, '1.1.0'),
  '/tiny-parse': fullPackument('tiny-parse', { '2.0.0': {}, '2.0.1': {}, '2.1.0': {} }, '2.1.0'),
};

// Started at the top level: a server (or temporary folder) made in a `before` hook is closed when the hook ends.
const server = await startServer((request, _body, response) => {
  const body = PACKUMENTS[request.url ?? ''];
  if (body) sendJson(response, 200, body);
  else sendJson(response, 404, { error: 'Not found' });
});
const env = (): Record<string, string> => ({ DEPTRUST_DB: db, npm_config_registry: `${server.url}/` });

before(async () => {
  writeNpmProject(project, { name: 'api', dependencies: { 'web-kit': '^1.0.0' } }, [
    { name: 'web-kit', version: '1.0.0', dependencies: { 'tiny-parse': '~2.0.0' } },
    { name: 'tiny-parse', version: '2.0.0' },
  ]);
  const advisories = writeTree(path.join(work, 'advisories'), { 'GHSA-t1ny.json': osvRecord('GHSA-t1ny-0000-0003', 'tiny-parse', [{ introduced: '0' }, { fixed: '2.1.0' }], { severity: HIGH }) });
  const imported = await runCli(['db', 'import', advisories], { env: env() });
  assert.equal(imported.code, 0, imported.stderr);
});

test('fix --dry-run prints the plan from the registry versions and changes no file', async () => {
  const before = ['package.json', 'package-lock.json'].map((f) => readFileSync(path.join(project, f), 'utf8'));
  const result = await runCli(['fix', project, '--dry-run'], { env: env() });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^Dry run: nothing was changed\. The plan for 1 finding\(s\) in 1 component\(s\):/);
  assert.match(result.stdout, /1\. Upgrade direct dependencies:\n {5}npm update web-kit\n {7}web-kit 1\.0\.0 → 1\.1\.0, fixes tiny-parse@2\.0\.0/);
  assert.match(result.stdout, /tiny-parse@2\.0\.0 \(GHSA-t1ny-0000-0003\):\n {4}Upgrade web-kit 1\.0\.0 → 1\.1\.0 so web-kit no longer pulls in a vulnerable tiny-parse: npm update web-kit/);
  const after = ['package.json', 'package-lock.json'].map((f) => readFileSync(path.join(project, f), 'utf8'));
  assert.deepEqual(after, before);

  const json = await runCli(['fix', project, '--dry-run', '--format', 'json'], { env: env() });
  const plan = JSON.parse(json.stdout) as { dryRun: boolean; plan: { upgrade: Array<{ name: string; to: string; withinRange: boolean }> } };
  assert.equal(plan.dryRun, true);
  assert.deepEqual(plan.plan.upgrade.map((u) => `${u.name}@${u.to} ${u.withinRange}`), ['web-kit@1.1.0 true']);
});

test('fix needs --dry-run or --apply; --apply without the project\'s manager on PATH is refused (exit 2, one line, nothing written)', async () => {
  const result = await runCli(['fix', project], { env: env() });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^deptrust: fix needs --dry-run \(print the plan, change nothing\) or --apply \(edit, relock with the project's package manager, rescan\)\n$/);
  // The same project, locked by pnpm.
  const pnpm = writeTree(path.join(work, 'pnpm-api'), {
    'package.json': { name: 'api', version: '1.0.0', dependencies: { 'web-kit': '^1.0.0' } },
    'pnpm-lock.yaml': [
      "lockfileVersion: '9.0'",
      '',
      'importers:',
      '',
      '  .:',
      '    dependencies:',
      '      web-kit:',
      '        specifier: ^1.0.0',
      '        version: 1.0.0',
      '',
      'packages:',
      '',
      '  tiny-parse@2.0.0:',
      '    resolution: {integrity: sha512-AAAA}',
      '',
      '  web-kit@1.0.0:',
      '    resolution: {integrity: sha512-BBBB}',
      '',
      'snapshots:',
      '',
      '  tiny-parse@2.0.0: {}',
      '',
      '  web-kit@1.0.0:',
      '    dependencies:',
      '      tiny-parse: 2.0.0',
      '',
    ].join('\n'),
  });
  const before = readFileSync(path.join(pnpm, 'pnpm-lock.yaml'), 'utf8');
  const refused = await runCli(['fix', pnpm, '--apply'], { env: { ...env(), PATH: path.join(work, 'no-such-bin') } });
  assert.equal(refused.code, 2, refused.stderr);
  assert.equal(
    refused.stderr,
    'deptrust: fix --apply relocks this pnpm project with pnpm, and no "pnpm" was found on PATH: install it (or run "corepack enable" for the version package.json\'s "packageManager" names), or run "deptrust fix --dry-run" and its pnpm commands\n',
  );
  assert.equal(readFileSync(path.join(pnpm, 'pnpm-lock.yaml'), 'utf8'), before);
});

test('scan and explain give the same remediation, and flag web-kit as a meta-vulnerability', async () => {
  const scan = await runCli(['scan', project, '--format', 'json'], { env: env() });
  assert.equal(scan.code, 1, scan.stderr);
  const result = JSON.parse(scan.stdout) as {
    remediations: Array<{ name: string; target: string; verified: boolean; steps: Array<{ action: string; dependency: { name: string; to: string } | null }> }>;
    metaVulnerabilities: Array<{ name: string; via: { name: string; spec: string }; advisoryIds: string[] }>;
  };
  assert.deepEqual(result.remediations.map((r) => `${r.name} → ${r.target} ${r.verified} ${r.steps.map((s) => `${s.action} ${s.dependency?.name}@${s.dependency?.to}`).join()}`), [
    'tiny-parse → 2.1.0 true upgrade-direct web-kit@1.1.0',
  ]);
  assert.deepEqual(result.metaVulnerabilities.map((m) => `${m.name} via ${m.via.name} ${m.via.spec} ${m.advisoryIds.join()}`), ['web-kit via tiny-parse ~2.0.0 GHSA-t1ny-0000-0003']);

  // --wide: the Fix cell whole, on one line.
  const table = await runCli(['scan', project, '--wide'], { env: env() });
  assert.match(table.stdout, /│ 2\.1\.0: upgrade web-kit@1\.1\.0 +│ prod +│/);
  assert.match(table.stdout, /Meta-vulnerabilities: 1 parent\(s\) whose declared range admits only vulnerable versions:\n {2}web-kit@1\.0\.0 allows only vulnerable tiny-parse \(~2\.0\.0\): GHSA-t1ny-0000-0003/);

  // explain never touches the network: it reads the packuments the scan cached.
  const requests = server.requests.length;
  const explain = await runCli(['explain', 'tiny-parse', project], { env: env() });
  assert.equal(explain.code, 0, explain.stderr);
  assert.equal(server.requests.length, requests);
  const explainJson = await runCli(['explain', 'web-kit', project, '--format', 'json'], { env: env() });
  const explained = JSON.parse(explainJson.stdout) as { components: Array<{ name: string; findings: unknown[]; remediation: unknown; metaVulnerabilities: Array<{ via: { name: string }; advisoryIds: string[] }> }> };
  assert.deepEqual(
    explained.components.map((c) => [c.name, c.findings.length, c.remediation, c.metaVulnerabilities.map((m) => `${m.via.name} ${m.advisoryIds.join()}`)]),
    [['web-kit', 0, null, ['tiny-parse GHSA-t1ny-0000-0003']]],
  );
  assert.match(explain.stdout, /remediation:\n {4}Upgrade web-kit 1\.0\.0 → 1\.1\.0 so web-kit no longer pulls in a vulnerable tiny-parse: npm update web-kit/);
});

test('fix --dry-run on the example API without registry data: a plan from the advisories, marked unverified, files untouched', async () => {
  const example = fixtureProject('old-express-api');
  const before = readFileSync(path.join(example, 'package-lock.json'), 'utf8');
  const result = await runCli(['fix', example, '--dry-run', '--format', 'json'], {
    env: { DEPTRUST_DB: path.join(work, 'example.db'), DEPTRUST_OSV_DUMP_URL: 'http://127.0.0.1:9', DEPTRUST_RETRIES: '0' },
  });
  assert.equal(result.code, 0, result.stderr);
  const plan = JSON.parse(result.stdout) as { plan: { upgrade: Array<{ name: string; to: string }> }; remediations: Array<{ name: string; verified: boolean }> };
  assert.ok(plan.plan.upgrade.some((u) => u.name === 'morgan' && u.to === '1.9.1'));
  assert.ok(plan.remediations.length >= 10 && plan.remediations.every((r) => !r.verified));
  assert.equal(readFileSync(path.join(example, 'package-lock.json'), 'utf8'), before);
});

test('fix --apply interrupted while npm relocks: npm is stopped and every file is put back (exit 130)', async () => {
  const copy = path.join(work, 'interrupted');
  cpSync(project, copy, { recursive: true });
  const files = ['package.json', 'package-lock.json'];
  const before = files.map((f) => readFileSync(path.join(copy, f), 'utf8'));
  // An npm that half-writes the lockfile, says so, and hangs.
  const bin = writeTree(path.join(work, 'slow-npm-bin'), { npm: '#!/bin/sh\nprintf \'{"half\' > package-lock.json\necho relocking > relock-started\nexec sleep 30\n' });
  chmodSync(path.join(bin, 'npm'), 0o755);
  const home = path.join(work, 'interrupted-home');
  const child = spawn(process.execPath, [binPath, 'fix', copy, '--apply'], { env: { ...cleanEnv(home), ...env(), PATH: `${bin}:${process.env['PATH'] ?? ''}` }, stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  for (let waited = 0; waited < 30_000 && !existsSync(path.join(copy, 'relock-started')); waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.match(readFileSync(path.join(copy, 'package.json'), 'utf8'), /"web-kit": "\^1\.1\.0"/, 'the edit was written before the relock');
  child.kill('SIGINT');
  assert.equal(await exited, 130);
  assert.deepEqual(files.map((f) => readFileSync(path.join(copy, f), 'utf8')), before);
});
