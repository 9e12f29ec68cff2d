import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { describeSchemaErrors } from '../../src/schema/schema-issues.js';
import { validateCycloneDxJson } from '../../src/report/validate-cyclonedx.js';
import { sendJson, startServer } from '../helpers/http-server.js';
import { makeZip } from '../helpers/make-zip.js';
import { osvRecord } from '../helpers/osv-records.js';
import { fixtureProject, repoRoot } from '../helpers/paths.js';
import { scanResultValidator } from '../helpers/result-schemas.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const project = fixtureProject('nested-duplicate-versions'); // debug@2.6.9 > ms@2.0.0, ms@2.1.3
const msHigh = osvRecord('GHSA-aaaa-bbbb-cccc', 'ms', [{ introduced: '0' }, { fixed: '2.0.1' }], {
  aliases: ['CVE-2099-0001'],
  severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' }],
});
const debugLow = osvRecord('GHSA-dddd-eeee-ffff', 'debug', [{ introduced: '2.0.0' }, { fixed: '2.6.10' }], { database_specific: { severity: 'LOW' } });
const malware = osvRecord('MAL-2099-1', 'debug', [{ introduced: '0' }]);

async function zipOf(records: object[]): Promise<Buffer> {
  const file = await makeZip(path.join(tempDir(), 'all.zip'), Object.fromEntries(records.map((r) => [`${(r as { id: string }).id}.json`, JSON.stringify(r)])));
  return readFileSync(file);
}

async function dumpServer(records: object[]) {
  const zip = await zipOf(records);
  return startServer((request, _body, response) => {
    if (request.url === '/npm/all.zip') {
      response.writeHead(200, { 'content-length': zip.length, etag: '"1"' });
      response.end(zip);
    } else {
      response.statusCode = 404;
      response.end();
    }
  });
}

const env = (db: string, extra: Record<string, string> = {}) => ({ DEPTRUST_DB: db, DEPTRUST_RETRY_BACKOFF_MS: '1', ...extra });

test('scan with an empty database downloads the dump first, prints the table and fails on a high finding', async () => {
  const server = await dumpServer([msHigh, debugLow]);
  const db = path.join(tempDir(), 'deptrust.db');
  const result = await runCli(['scan', project, '--no-registry'], { env: env(db, { DEPTRUST_OSV_DUMP_URL: server.url }) });
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /the advisory database is empty: downloading the OSV npm data/);
  assert.match(result.stderr, /policy failed: 1 violation\(s\) \(fail-on high\)/);
  // risk 49 = high 45 × 1.2 (network vector) × 0.9 (no source code to tell reachability)
  // Not a terminal: 80 columns. The verdict and what to act on lead; one row per package; Risk is the component's score.
  assert.match(result.stdout, /^FAIL {2}1 policy violation in 1 package \(fail-on high\)\nAct first on:\n +49 +ms@2\.0\.0 +advisory:high \+54; fix: 2\.0\.1: override\n/);
  assert.match(result.stdout, /│ 49 +│ ms@2\.0\.0 +│ high 7\.5 +│ GHSA-aaaa-bbbb-cccc +│ 2\.0\.1: override +│/);
  assert.ok(result.stdout.split('\n').every((line) => line.length <= 80), result.stdout);
  assert.match(result.stdout.replace(/\n {2}/g, ' '), /3 components, 2 vulnerable, 2 findings \(1 high, 1 low\)\. Advisories: local database \(http:\/\/127\.0\.0\.1:\d+\/npm\/all\.zip\), 2 records, updated \d{4}-\d\d-\d\d \(0 days ago\)\.\n$/);

  // The database is now filled: a second scan needs no network, and --fail-on critical passes.
  const again = await runCli(['scan', project, '--offline', '--no-registry', '--fail-on', 'critical'], { env: env(db) });
  assert.equal(again.code, 0, again.stderr);
});

test('--offline with an empty database is a data error (exit 3), never a silent pass', async () => {
  const result = await runCli(['scan', project, '--offline'], { env: env(path.join(tempDir(), 'empty.db')) });
  assert.equal(result.code, 3);
  assert.match(result.stderr, /^deptrust: no advisory data in the database and --offline is set: run "deptrust db import <OSV zip>" or "deptrust db update" first\n$/);
});

test('without network the built-in sample is used with a loud warning naming its size and date', async () => {
  const result = await runCli(['scan', fixtureProject('old-express-api'), '--max-rows', '1', '--no-registry'], {
    env: env(path.join(tempDir(), 'x.db'), { DEPTRUST_OSV_DUMP_URL: 'http://127.0.0.1:9', DEPTRUST_RETRIES: '0' }),
  });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /warning: NO ADVISORY DATABASE and the OSV dump could not be downloaded .*Using the built-in sample of 36 advisories \(2026-11-29\), not a vulnerability feed: findings are INCOMPLETE/);
  assert.match(result.stdout, /Advisories: built-in sample of 36 advisories/);
});

test('--format json validates against docs/schemas/scan-result.v2.schema.json and is byte-identical with --reproducible', async () => {
  const server = await dumpServer([msHigh, debugLow, malware]);
  const db = path.join(tempDir(), 'deptrust.db');
  const args = ['scan', project, '--no-registry', '--format', 'json', '--reproducible', '--fail-on', 'none'];
  const first = await runCli(args, { env: env(db, { DEPTRUST_OSV_DUMP_URL: server.url }) });
  const second = await runCli(args, { env: env(db) });
  assert.equal(first.code, 1, 'malware fails even with --fail-on none');
  assert.equal(first.stdout, second.stdout);
  const document = JSON.parse(first.stdout) as { findings: Array<{ id: string; malicious: boolean }>; verdict: { violations: Array<{ rule: string }> } };
  const validate = scanResultValidator();
  assert.equal(validate(document), true, JSON.stringify(describeSchemaErrors(validate.errors)));
  assert.deepEqual(document.findings.map((f) => [f.id, f.malicious]), [
    ['MAL-2099-1', true],
    ['GHSA-aaaa-bbbb-cccc', false],
    ['GHSA-dddd-eeee-ffff', false],
  ]);
  assert.deepEqual(document.verdict.violations.map((v) => v.rule), ['malware']);
});

test('--source api asks the OSV API, and falls back to local data with a warning when it fails', async () => {
  const api = await startServer((request, body, response) => {
    if (request.url === '/v1/querybatch') {
      const { queries } = JSON.parse(body) as { queries: Array<{ package: { name: string }; version: string }> };
      sendJson(response, 200, { results: queries.map((q) => (q.package.name === 'ms' && q.version === '2.0.0' ? { vulns: [{ id: msHigh.id, modified: msHigh.modified }] } : {})) });
    } else if (request.url === `/v1/vulns/${msHigh.id}`) sendJson(response, 200, msHigh);
    else sendJson(response, 404, {});
  });
  const db = path.join(tempDir(), 'api.db');
  const viaApi = await runCli(['scan', project, '--source', 'api', '--no-registry', '--format', 'json'], { env: env(db, { DEPTRUST_OSV_API_URL: api.url }) });
  assert.equal(viaApi.code, 1, viaApi.stderr);
  const parsed = JSON.parse(viaApi.stdout) as { advisoryData: { kind: string }; findings: Array<{ id: string }> };
  assert.equal(parsed.advisoryData.kind, 'api');
  assert.deepEqual(parsed.findings.map((f) => f.id), [msHigh.id]);

  const down = await runCli(['scan', project, '--source', 'api', '--no-registry'], { env: env(db, { DEPTRUST_OSV_API_URL: 'http://127.0.0.1:9', DEPTRUST_RETRIES: '0' }) });
  assert.match(down.stderr, /warning: the OSV API failed \(request to http:\/\/127\.0\.0\.1:9\/v1\/querybatch failed after 1 attempts: .*\); using built-in sample/);
});

test('db import, db status and their bad inputs', async () => {
  const dir = tempDir();
  const db = path.join(dir, 'd.db');
  const zip = path.join(dir, 'all.zip');
  await makeZip(zip, { 'a.json': JSON.stringify(msHigh), 'b.json': '{not json', 'c.json': JSON.stringify(debugLow) });
  const imported = await runCli(['db', 'import', zip], { env: env(db) });
  assert.equal(imported.code, 0, imported.stderr);
  assert.equal(imported.stdout, 'imported 3 records: 2 new, 0 updated, 0 unchanged, 0 other ecosystems skipped, 1 invalid skipped\n');
  assert.match(imported.stderr, /warning: invalid record skipped: b\.json: not valid JSON/);
  const status = await runCli(['db', 'status', '--format', 'json'], { env: env(db) });
  const parsed = JSON.parse(status.stdout) as { advisories: number; packages: number; source: string; ageDays: number };
  assert.deepEqual([parsed.advisories, parsed.packages, parsed.source, parsed.ageDays], [2, 2, zip, 0]);

  const missing = await runCli(['db', 'import', path.join(dir, 'nope.zip')], { env: env(db) });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^deptrust: no such file or folder: .*nope\.zip\n$/);

  // Not a regular file: refused before any open (a FIFO blocked db import for ever, past SIGTERM; /dev/zero filled memory).
  // /dev/null stands for both here, as it cannot hang the test if this regresses.
  const device = await runCli(['db', 'import', '/dev/null'], { env: env(db) });
  assert.equal(device.code, 2, device.stderr);
  assert.equal(device.stderr, 'deptrust: /dev/null is not a regular file or folder: nothing to import\n');

  const broken = path.join(dir, 'broken.zip');
  const bytes = readFileSync(zip);
  await import('node:fs').then((fs) => fs.writeFileSync(broken, bytes.subarray(0, bytes.length - 30)));
  const truncated = await runCli(['db', 'import', broken], { env: env(db) });
  assert.equal(truncated.code, 2);
  assert.match(truncated.stderr, /broken\.zip is not a readable zip archive/);
  const after = await runCli(['db', 'status', '--format', 'json'], { env: env(db) });
  assert.equal((JSON.parse(after.stdout) as { advisories: number }).advisories, 2, 'the failed import left the data as it was');
});

test('a database path that cannot be opened is a data error (exit 3)', async () => {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'db-is-a-folder'));
  const result = await runCli(['scan', project, '--offline'], { env: env(path.join(dir, 'db-is-a-folder')) });
  assert.equal(result.code, 3);
  assert.match(result.stderr, /^deptrust: cannot open the deptrust database .*db-is-a-folder: /);
});

test('registry metadata from the configured registry adds maintenance signals to the JSON', async () => {
  const registry = await startServer((request, _body, response) => {
    const name = decodeURIComponent((request.url ?? '/').slice(1));
    const file = path.join(repoRoot, 'test', 'fixtures', 'packuments', `${name}.json`);
    try {
      sendJson(response, 200, JSON.parse(readFileSync(file, 'utf8')), { etag: `"${name}"` });
    } catch {
      sendJson(response, 404, { error: 'Not found' });
    }
  });
  const server = await dumpServer([msHigh]);
  const db = path.join(tempDir(), 'reg.db');
  const result = await runCli(['scan', project, '--format', 'json', '--fail-on', 'none'], {
    env: env(db, { DEPTRUST_OSV_DUMP_URL: server.url, npm_config_registry: `${registry.url}/` }),
  });
  assert.equal(result.code, 0, result.stderr);
  const parsed = JSON.parse(result.stdout) as { components: Array<{ name: string; version: string; signals: Array<{ code: string }> }> };
  const ms200 = parsed.components.find((c) => c.name === 'ms' && c.version === '2.0.0');
  assert.deepEqual(ms200?.signals.map((s) => s.code), ['behind', 'stale']);
  // debug has no fixture: the registry answers 404, which gives no signal and no failure.
  assert.deepEqual(parsed.components.find((c) => c.name === 'debug')?.signals, []);
  assert.doesNotMatch(result.stderr, /registry metadata unknown/);
});

test('one scan, many outputs: table on stdout and SARIF, JSON, Markdown and CycloneDX files', async () => {
  const server = await dumpServer([msHigh, debugLow]);
  const dir = tempDir();
  const db = path.join(dir, 'multi.db');
  const files = { sarif: path.join(dir, 'deptrust.sarif'), json: path.join(dir, 'report.json'), markdown: path.join(dir, 'comment.md'), cyclonedx: path.join(dir, 'bom.json') };
  const result = await runCli(
    ['scan', project, '--no-registry', '-o', 'table', '-o', `sarif=${files.sarif}`, '-o', `json=${files.json}`, '-o', `markdown=${files.markdown}`, '-o', `cyclonedx=${files.cyclonedx}`],
    { env: env(db, { DEPTRUST_OSV_DUMP_URL: server.url }) },
  );
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stdout, /│ Risk │ Package/);
  assert.equal((JSON.parse(readFileSync(files.sarif, 'utf8')) as { version: string }).version, '2.1.0');
  const report = JSON.parse(readFileSync(files.json, 'utf8')) as { findings: unknown[] };
  assert.equal(report.findings.length, 2);
  const validate = scanResultValidator();
  assert.equal(validate(report), true, JSON.stringify(validate.errors));
  assert.match(readFileSync(files.markdown, 'utf8'), /^## deptrust: ❌/);
  const bom = JSON.parse(readFileSync(files.cyclonedx, 'utf8')) as { specVersion: string; vulnerabilities: unknown[] };
  assert.equal(bom.specVersion, '1.6');
  assert.equal(bom.vulnerabilities.length, 2);
  assert.deepEqual(await validateCycloneDxJson(bom, '1.6'), []);

  const twoOnStdout = await runCli(['scan', project, '--no-registry', '-o', 'table', '-o', 'json'], { env: env(db) });
  assert.equal(twoOnStdout.code, 2);
  assert.match(twoOnStdout.stderr, /only one output can go to stdout/);
  const unknownFormat = await runCli(['scan', project, '-o', 'pdf=report.pdf'], { env: env(db) });
  assert.equal(unknownFormat.code, 2);
  assert.match(unknownFormat.stderr, /unknown format "pdf"/);
});

test('--deadline bounds the whole API exchange; the scan then falls back to local data with a warning', async () => {
  const slow = await startServer(() => new Promise(() => undefined)); // never answers
  const result = await runCli(['scan', project, '--source', 'api', '--no-registry', '--deadline', '1', '--timeout', '30', '--retries', '5'], {
    env: env(path.join(tempDir(), 'deadline.db'), { DEPTRUST_OSV_API_URL: slow.url }),
  });
  // The message says the deadline, not a per-request timeout, ended it.
  assert.match(result.stderr, /warning: the OSV API failed \(request to .*querybatch was aborted: overall timeout reached\); using built-in sample/);
});

test('--retries reaches the registry client: a registry answering 503 is asked once per package with --retries 0, twice with 1', async () => {
  const registry = await startServer((_request, _body, response) => sendJson(response, 503, { error: 'unavailable' }));
  const db = path.join(tempDir(), 'retries.db');
  const zip = path.join(tempDir(), 'all.zip');
  await makeZip(zip, { 'a.json': JSON.stringify(msHigh) });
  assert.equal((await runCli(['db', 'import', zip], { env: env(db) })).code, 0);
  const scan = (retries: string) => runCli(['scan', project, '--format', 'json', '--fail-on', 'none', '--retries', retries], { env: env(db, { npm_config_registry: `${registry.url}/` }) });
  const once = await scan('0');
  assert.equal(once.code, 0, once.stderr);
  assert.match(once.stderr, /registry metadata unknown for 2 packages/);
  // debug and ms, once each (remediation asks for ms again: its finding has no cached packument).
  const askedOnce = registry.requests.length;
  assert.deepEqual([...new Set(registry.requests.map((r) => r.path))].sort(), ['/debug', '/ms']);
  registry.requests.length = 0;
  await scan('1');
  assert.equal(registry.requests.length, askedOnce * 2);
});
