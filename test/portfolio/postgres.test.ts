// Everything that needs PostgreSQL, against one real throwaway server started
// once for this run: the store contract, the CLI end to end, concurrent
// recordings, credentials and least-privilege roles.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { PostgresPortfolioStore } from '../../src/store/postgres-portfolio-store.js';
import { commitAll, git, gitInit } from '../helpers/git.js';
import { writeNpmProject } from '../helpers/npm-project.js';
import { osvRecord } from '../helpers/osv-records.js';
import { startTestCluster } from '../helpers/postgres.js';
import { sendJson, startServer } from '../helpers/http-server.js';
import { runCli, spawnCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { storeContract } from './store-contract.js';

const cluster = await startTestCluster();
after(() => cluster.stop());

storeContract('PostgreSQL', async () => PostgresPortfolioStore.open(cluster.url(await cluster.createDatabase('contract')), {}));

test('loading pg leaves the globals as they were (Node 20 lends pg a navigator.userAgent only while pg loads)', async () => {
  const had = Reflect.has(globalThis, 'navigator');
  const store = await PostgresPortfolioStore.open(cluster.url(await cluster.createDatabase('globals')), {});
  await store.close();
  assert.equal(Reflect.has(globalThis, 'navigator'), had);
});

// Three services in their own repositories; two ship a lodash older than 4.17.21.
const work = tempDir('deptrust-portfolio-');
const advisoryDb = path.join(work, 'advisories.db');
// runCli's clean environment has no DEPTRUST_STORE, PGPASSWORD, CI branch variables or ~/.pgpass.
const env = (extra: Record<string, string> = {}): Record<string, string> => ({ DEPTRUST_DB: advisoryDb, ...extra });

function service(name: string, packages: Parameters<typeof writeNpmProject>[2], dependencies: Record<string, string>, policy?: object): string {
  const dir = path.join(work, name);
  writeNpmProject(dir, { name: `@acme/${name}`, dependencies }, packages);
  if (policy) writeFileSync(path.join(dir, '.deptrust.json'), JSON.stringify(policy));
  gitInit(dir);
  // A token in the remote URL must never reach the store.
  git(dir, 'remote', 'add', 'origin', `https://ci-bot:s3cr3t-token@git.example.com/acme/${name}.git`);
  commitAll(dir, 'initial');
  return dir;
}

// The api's policy ignores an advisory of request-helper that does not exist yet: the audit must apply the rule the scan was recorded with.
const requestHelperRule = { id: 'GHSA-rqhp-0000-0000', package: 'request-helper', reason: 'the affected helper is never called', expires: '2099-12-31' };
const api = service('api', [{ name: 'request-helper', version: '1.0.0', dependencies: { lodash: '^4.17.0' } }, { name: 'lodash', version: '4.17.15' }], { 'request-helper': '^1.0.0' }, { version: 1, ignore: [requestHelperRule] });
const web = service('web', [{ name: 'lodash', version: '4.17.21' }], { lodash: '^4.17.21' });
const worker = service('worker', [{ name: 'lodash', version: '4.17.20' }, { name: 'minimist', version: '1.2.5' }], { lodash: '^4.17.20', minimist: '^1.2.5' });

const lodashAdvisory = osvRecord('GHSA-35jh-r3h4-6jhm', 'lodash', [{ introduced: '0' }, { fixed: '4.17.21' }], { aliases: ['CVE-2021-23337'], database_specific: { severity: 'HIGH' } });
const requestHelperAdvisory = osvRecord(requestHelperRule.id, 'request-helper', [{ introduced: '0' }], { database_specific: { severity: 'CRITICAL' } });
const minimistAdvisory = osvRecord('GHSA-xvch-5gv4-984h', 'minimist', [{ introduced: '0' }, { fixed: '1.2.6' }], { aliases: ['CVE-2021-44906'], database_specific: { severity: 'CRITICAL' } });

async function importAdvisories(records: object[], name: string): Promise<void> {
  const dir = path.join(work, name);
  mkdirSync(dir, { recursive: true });
  for (const record of records) writeFileSync(path.join(dir, `${(record as { id: string }).id}.json`), JSON.stringify(record));
  const result = await runCli(['db', 'import', dir], { env: env() });
  assert.equal(result.code, 0, result.stderr);
}

interface WhoJson {
  matches: Array<{ project: { key: string; name: string; repository?: string }; version: string; direct: boolean; samplePath: string; commit: string | null }>;
}
interface AuditJson {
  summary: { projects: number; added: number; failing: number; ignored: number; ignoreExpired: number; resolved: number };
  projects: Array<{ project: { key: string }; added: Array<{ primaryId: string; name: string; version: string; failsPolicy: boolean; ignoredBy: { id: string } | null }>; resolved: unknown[] }>;
}

// Every test below scans with this data; the end-to-end test adds an advisory later.
await importAdvisories([lodashAdvisory], 'advisories-1');

test('PostgreSQL end to end: record several projects, who ships lodash@<4.17.21, audit after a new advisory exits 1 for exactly the affected project', async () => {
  const database = await cluster.createDatabase('e2e');
  const store = cluster.url(database);
  for (const dir of [api, web, worker]) {
    const result = await runCli(['scan', dir, '--record', '--store', store, '--offline', '--no-registry', '--format', 'json', '-o', path.join(work, 'scan.json')], { env: env() });
    assert.notEqual(result.code, 3, result.stderr);
    assert.notEqual(result.code, 2, result.stderr);
    assert.match(result.stderr, /deptrust: recorded git\.example\.com\/acme\/\w+ \(main, \d+ components\) in PostgreSQL postgres:\/\/postgres@127\.0\.0\.1:\d+\/e2e_\d+/);
    assert.doesNotMatch(result.stderr, new RegExp(cluster.password));
  }

  const who = await runCli(['portfolio', 'who', 'lodash@<4.17.21', '--store', store, '--format', 'json'], { env: env() });
  assert.equal(who.code, 0, who.stderr);
  const matches = (JSON.parse(who.stdout) as WhoJson).matches;
  assert.deepEqual(
    matches.map((m) => [m.project.key, m.project.name, m.version, m.direct]),
    [
      ['git.example.com/acme/api', '@acme/api', '4.17.15', false],
      ['git.example.com/acme/worker', '@acme/worker', '4.17.20', true],
    ],
  );
  assert.equal(matches[0]?.samplePath, 'request-helper@1.0.0 > lodash@4.17.15');
  assert.match(matches[0]?.commit ?? '', /^[0-9a-f]{40}$/);
  assert.ok(!who.stdout.includes('s3cr3t-token') && !who.stdout.includes('ci-bot'));
  const table = await runCli(['portfolio', 'who', 'lodash@<4.17.21', '--store', store], { env: env() });
  assert.match(table.stdout, /2 match\(es\) of lodash@<4\.17\.21 in 2 project branch\(es\)\./);

  // Nothing new yet: the records already hold the lodash findings.
  const quiet = await runCli(['portfolio', 'audit', '--store', store, '--offline', '--format', 'json'], { env: env() });
  assert.equal(quiet.code, 0, quiet.stderr);
  assert.deepEqual((JSON.parse(quiet.stdout) as AuditJson).summary, { projects: 3, added: 0, failing: 0, ignored: 0, ignoreExpired: 0, resolved: 0 });

  // New advisories arrive: only the worker ships minimist 1.2.5; only the api ships request-helper, whose advisory its recorded policy ignores.
  await importAdvisories([minimistAdvisory, requestHelperAdvisory], 'advisories-2');
  const audit = await runCli(['portfolio', 'audit', '--store', store, '--offline', '--format', 'json', '--record'], { env: env() });
  assert.equal(audit.code, 1, audit.stderr);
  assert.match(audit.stderr, /policy failed: 1 new finding\(s\) at or above high/);
  const report = JSON.parse(audit.stdout) as AuditJson;
  assert.deepEqual(report.summary, { projects: 3, added: 2, failing: 1, ignored: 1, ignoreExpired: 0, resolved: 0 });
  assert.deepEqual(
    report.projects.filter((p) => p.added.length > 0).map((p) => [p.project.key, p.added.map((f) => [f.primaryId, f.name, f.version, f.failsPolicy, f.ignoredBy?.id ?? null])]),
    [
      ['git.example.com/acme/api', [[requestHelperRule.id, 'request-helper', '1.0.0', false, requestHelperRule.id]]],
      ['git.example.com/acme/worker', [['GHSA-xvch-5gv4-984h', 'minimist', '1.2.5', true, null]]],
    ],
  );
  const markdown = await runCli(['portfolio', 'audit', '--store', store, '--offline', '--format', 'markdown'], { env: env() });
  // Recorded by the previous audit: the next one reports only newer news.
  assert.equal(markdown.code, 0, markdown.stderr);
  assert.match(markdown.stdout, /^## deptrust portfolio audit\n\n3 project branch\(es\) audited against .*: 0 new finding\(s\)/);

  // --source api: the OSV API (here a local server) knows an advisory the local database does not, for the lodash only web ships.
  const webOnly = osvRecord('GHSA-webx-0000-0000', 'lodash', [{ introduced: '4.17.21' }, { fixed: '4.17.22' }], { database_specific: { severity: 'MODERATE' } });
  const osvApi = await startServer((request, body, response) => {
    if (request.url === '/v1/querybatch') {
      const { queries } = JSON.parse(body) as { queries: Array<{ package: { name: string }; version: string }> };
      sendJson(response, 200, { results: queries.map((q) => (q.package.name === 'lodash' && q.version === '4.17.21' ? { vulns: [{ id: webOnly.id, modified: webOnly.modified }] } : {})) });
    } else if (request.url === `/v1/vulns/${webOnly.id}`) sendJson(response, 200, webOnly);
    else sendJson(response, 404, { code: 5, message: 'Bug not found.' });
  });
  try {
    const viaApi = await runCli(['portfolio', 'audit', '--store', store, '--source', 'api', '--format', 'json', '--fail-on', 'medium'], { env: env({ DEPTRUST_OSV_API_URL: osvApi.url }) });
    assert.equal(viaApi.code, 1, viaApi.stderr);
    const fromApi = JSON.parse(viaApi.stdout) as AuditJson;
    assert.deepEqual(
      fromApi.projects.filter((p) => p.added.length > 0).map((p) => [p.project.key, p.added.map((f) => [f.primaryId, f.version, f.failsPolicy])]),
      [['git.example.com/acme/web', [[webOnly.id, '4.17.21', true]]]],
    );
    assert.ok(osvApi.requests.some((r) => r.path === '/v1/querybatch'));
  } finally {
    await osvApi.close();
  }

  const list = await runCli(['portfolio', 'list', '--store', store, '--format', 'json'], { env: env() });
  assert.equal(list.code, 0, list.stderr);
  const projects = (JSON.parse(list.stdout) as { projects: Array<{ project: { repository: string }; branch: string; findings: Record<string, number> }> }).projects;
  assert.deepEqual(projects.map((p) => [p.project.repository, p.branch, p.findings['high']]), [
    ['git.example.com/acme/api', 'main', 1],
    ['git.example.com/acme/web', 'main', 0],
    ['git.example.com/acme/worker', 'main', 1],
  ]);
});

test('a dozen scan --record at once against PostgreSQL all land, none lost or duplicated', async () => {
  const store = cluster.url(await cluster.createDatabase('concurrent'));
  const dirs = [api, web, worker];
  const runs = await Promise.all(
    Array.from({ length: 12 }, (_, i) => runCli(['scan', dirs[i % 3] ?? api, '--record', '--store', store, '--project', `svc-${String(i).padStart(2, '0')}`, '--offline', '--no-registry', '--no-progress', '-o', path.join(work, `pg-${i}.json`)], { env: env() })),
  );
  for (const run of runs) assert.ok(run.code === 0 || run.code === 1, `exit ${run.code}: ${run.stderr}`);
  const list = await runCli(['portfolio', 'list', '--store', store, '--format', 'json'], { env: env() });
  const keys = (JSON.parse(list.stdout) as { projects: Array<{ project: { key: string } }> }).projects.map((p) => p.project.key);
  assert.deepEqual(keys, Array.from({ length: 12 }, (_, i) => `svc-${String(i).padStart(2, '0')}`));
  const who = await runCli(['portfolio', 'who', 'lodash', '--store', store, '--format', 'json'], { env: env() });
  assert.equal((JSON.parse(who.stdout) as WhoJson).matches.length, 12);
});

test('half a dozen scan --record processes at once on one SQLite store serialise without errors', async () => {
  const store = path.join(tempDir(), 'portfolio.db');
  const dirs = [api, web, worker];
  const runs = await Promise.all(
    // Separate processes: SQLite's locking between them is what is tested (in one process the runs would take turns).
    // Six, not the dozen PostgreSQL takes in process: each process loads the whole CLI (about 0.7 s of CPU).
    Array.from({ length: 6 }, (_, i) => spawnCli(['scan', dirs[i % 3] ?? api, '--record', '--store', store, '--project', `svc-${String(i).padStart(2, '0')}`, '--offline', '--no-registry', '--no-progress', '-o', path.join(work, `sqlite-${i}.json`)], { env: env() })),
  );
  for (const run of runs) assert.ok(run.code === 0 || run.code === 1, `exit ${run.code}: ${run.stderr}`);
  const list = await runCli(['portfolio', 'list', '--store', `sqlite:${store}`, '--format', 'json'], { env: env() });
  assert.equal((JSON.parse(list.stdout) as { projects: unknown[] }).projects.length, 6);
  // Each project has one record, its latest: pruning keeps them all.
  const prune = await runCli(['portfolio', 'prune', '--keep', '1', '--store', store], { env: env() });
  assert.equal(prune.code, 0, prune.stderr);
  assert.equal(prune.stdout, `removed 0 record(s) from SQLite ${store}\n`);
  const neither = await runCli(['portfolio', 'prune', '--store', store], { env: env() });
  assert.equal(neither.code, 2);
  assert.equal(neither.stderr, 'deptrust: portfolio prune needs exactly one of --keep <n> and --older-than <days>\n');
});

test('a wrong password is one line on stderr (exit 3) that never shows the password, from the URL or PGPASSWORD', async () => {
  const database = await cluster.createDatabase('auth');
  const wrong = `postgres://postgres:Wr0ng-Pa55word@127.0.0.1:${cluster.port}/${database}`;
  const fromUrl = await runCli(['portfolio', 'list', '--store', wrong], { env: env() });
  assert.equal(fromUrl.code, 3);
  assert.match(fromUrl.stderr, /^deptrust: cannot read from the portfolio store PostgreSQL postgres:\/\/postgres@127\.0\.0\.1:\d+\/auth_\d+: password authentication failed for user "postgres" \[28P01\]\n$/);
  assert.doesNotMatch(fromUrl.stderr + fromUrl.stdout, /Wr0ng-Pa55word/);
  const fromEnv = await runCli(['portfolio', 'who', 'lodash'], { env: env({ DEPTRUST_STORE: `postgres://postgres@127.0.0.1:${cluster.port}/${database}`, PGPASSWORD: 'Wr0ng-Pa55word' }) });
  assert.equal(fromEnv.code, 3);
  assert.doesNotMatch(fromEnv.stderr + fromEnv.stdout, /Wr0ng-Pa55word/);
  // The right password from PGPASSWORD works, and from ~/.pgpass (which libpq and node-postgres require to be private;
  // node-postgres finds it through the process's home, hence a process of its own).
  const right = await runCli(['portfolio', 'list', '--store', `postgres://postgres@127.0.0.1:${cluster.port}/${database}`], { env: env({ PGPASSWORD: cluster.password }) });
  assert.equal(right.code, 0, right.stderr);
  assert.match(right.stdout, /No project has been recorded yet/);
  // who asks the store for the name's rows before its range is checked: a bad range or name is still one line, exit 2.
  const store = `postgres://postgres@127.0.0.1:${cluster.port}/${database}`;
  const badRange = await runCli(['portfolio', 'who', 'lodash@not a range!', '--store', store], { env: env({ PGPASSWORD: cluster.password }) });
  assert.deepEqual([badRange.code, badRange.stderr, badRange.stdout], [2, 'deptrust: not a version or semver range: "not a range!"\n', '']);
  const badName = await runCli(['portfolio', 'who', '@scope', '--store', store], { env: env({ PGPASSWORD: cluster.password }) });
  assert.deepEqual([badName.code, badName.stderr, badName.stdout], [2, 'deptrust: not a package name: "@scope"\n', '']);
  const home = tempDir('deptrust-pgpass-home-');
  writeFileSync(path.join(home, '.pgpass'), `127.0.0.1:${cluster.port}:${database}:postgres:${cluster.password}\n`, { mode: 0o600 });
  const fromPgpass = await spawnCli(['portfolio', 'list', '--store', `postgres://postgres@127.0.0.1:${cluster.port}/${database}`, '--format', 'json'], { env: env(), home });
  assert.equal(fromPgpass.code, 0, fromPgpass.stderr);
  assert.doesNotMatch(fromPgpass.stderr + fromPgpass.stdout, new RegExp(cluster.password));
});

test('least privilege: the CI role may only insert records, the query role may only read (docs/portfolio.md)', async () => {
  const database = await cluster.createDatabase('roles');
  const owner = cluster.url(database);
  // The owner creates the schema once.
  assert.equal((await runCli(['portfolio', 'list', '--store', owner], { env: env() })).code, 0);
  await cluster.sql(
    database,
    `CREATE ROLE deptrust_ci LOGIN PASSWORD 'ci-pass';
     GRANT USAGE ON SCHEMA public TO deptrust_ci;
     GRANT SELECT ON portfolio_schema TO deptrust_ci;
     GRANT INSERT ON portfolio_records, portfolio_components, portfolio_findings TO deptrust_ci;
     CREATE ROLE deptrust_reader LOGIN PASSWORD 'reader-pass';
     GRANT USAGE ON SCHEMA public TO deptrust_reader;
     GRANT SELECT ON ALL TABLES IN SCHEMA public TO deptrust_reader;`,
  );
  const as = (role: string) => `postgres://${role}@127.0.0.1:${cluster.port}/${database}`;
  const recorded = await runCli(['scan', web, '--record', '--store', as('deptrust_ci'), '--offline', '--no-registry'], { env: env({ PGPASSWORD: 'ci-pass' }) });
  assert.equal(recorded.code, 0, recorded.stderr);
  const ciReads = await runCli(['portfolio', 'list', '--store', as('deptrust_ci')], { env: env({ PGPASSWORD: 'ci-pass' }) });
  assert.equal(ciReads.code, 3);
  assert.match(ciReads.stderr, /permission denied for table portfolio_records/);
  const reads = await runCli(['portfolio', 'who', 'lodash', '--store', as('deptrust_reader'), '--format', 'json'], { env: env({ PGPASSWORD: 'reader-pass' }) });
  assert.equal(reads.code, 0, reads.stderr);
  assert.equal((JSON.parse(reads.stdout) as WhoJson).matches.length, 1);
  const readerWrites = await runCli(['scan', web, '--record', '--store', as('deptrust_reader'), '--offline', '--no-registry'], { env: env({ PGPASSWORD: 'reader-pass' }) });
  assert.equal(readerWrites.code, 3);
  assert.match(readerWrites.stderr, /permission denied for table portfolio_records/);
  const readerPrunes = await runCli(['portfolio', 'prune', '--keep', '1', '--store', as('deptrust_reader')], { env: env({ PGPASSWORD: 'reader-pass' }) });
  assert.equal(readerPrunes.code, 3);
});

test('portfolio prune --keep with more records than a whole number counts keeps them all (PostgreSQL refused 1e300 as a bigint, exit 3)', async () => {
  const store = `postgres://postgres@127.0.0.1:${cluster.port}/${await cluster.createDatabase('keep')}`;
  const pruned = await runCli(['portfolio', 'prune', '--keep', '1e300', '--store', store], { env: env({ PGPASSWORD: cluster.password }) });
  assert.equal(pruned.code, 0, pruned.stderr);
  assert.match(pruned.stdout, /^removed 0 record\(s\) from PostgreSQL /);
});
