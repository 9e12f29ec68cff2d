import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import type { RecordHeader, WhoRow } from '../../src/model/portfolio.js';
import { auditRecord, matchPackages } from '../../src/portfolio/audit.js';
import { normaliseRemote, projectIdentity } from '../../src/portfolio/project-identity.js';
import { whoShips } from '../../src/portfolio/who.js';
import { renderPortfolioAudit } from '../../src/report/portfolio-audit.js';
import { renderPortfolioList } from '../../src/report/portfolio-list.js';
import { renderPortfolioWho } from '../../src/report/portfolio-who.js';
import { parsePolicy } from '../../src/policy/parse-policy.js';
import { parseStoreLocation } from '../../src/store/open-portfolio-store.js';
import { describePostgresUrl, PostgresPortfolioStore } from '../../src/store/postgres-portfolio-store.js';
import { DataError } from '../../src/model/errors.js';
import { tempDir } from '../helpers/temp-dir.js';
import { osvRecord } from '../helpers/osv-records.js';
import { component, finding, record } from './store-contract.js';

test('git remotes are normalised to host/path with every credential, port and .git removed', () => {
  for (const remote of [
    'https://ci-bot:ghp_secret@GitHub.com/Acme/api.git',
    'git@github.com:Acme/api.git',
    'ssh://git@github.com:22/Acme/api',
    'git+https://token@github.com/Acme/api/',
    'https://github.com/Acme/api?private_token=abc',
  ]) {
    assert.equal(normaliseRemote(remote), 'github.com/Acme/api', remote);
  }
  assert.equal(normaliseRemote(''), undefined);
  assert.equal(normaliseRemote('not a url'), undefined);
  assert.equal(normaliseRemote('file:///srv/git/api.git'), 'file/srv/git/api');
});

test('project identity: repository and folder; the package name without a remote; --project replaces both', () => {
  assert.deepEqual(projectIdentity({ packageName: '@acme/api', folderName: 'api', remote: 'git@github.com:acme/mono.git', folder: 'services/api' }), {
    key: 'github.com/acme/mono#services/api',
    name: '@acme/api',
    repository: 'github.com/acme/mono',
    folder: 'services/api',
  });
  assert.deepEqual(projectIdentity({ packageName: '', folderName: 'tool', folder: '' }), { key: 'tool', name: 'tool', folder: '' });
  assert.deepEqual(projectIdentity({ packageName: 'x', folderName: 'x', remote: 'https://h/r', folder: 'a', override: 'billing' }), { key: 'billing', name: 'billing', folder: 'a' });
});

test('who filters by semver range (prereleases included) and sorts by project, branch and version', () => {
  const row = (key: string, version: string, branch = 'main'): WhoRow => ({
    record: { id: key + version, project: { key, name: key, folder: '' }, branch, recordedAt: '2026-01-01T00:00:00.000Z' },
    component: component('lodash', version),
  });
  const rows = [row('b', '4.17.21'), row('b', '4.17.20'), row('a', '4.17.15', 'release'), row('a', '4.17.21-rc.1'), row('a', '3.10.1')];
  assert.deepEqual(
    whoShips(rows, { name: 'lodash', range: '<4.17.21' }).map((r) => `${r.record.project.key} ${r.record.branch} ${r.component.version}`),
    ['a main 3.10.1', 'a main 4.17.21-rc.1', 'a release 4.17.15', 'b main 4.17.20'],
  );
  assert.equal(whoShips(rows, { name: 'lodash' }).length, 5);
  assert.equal(whoShips(rows, { name: 'lodash-es' }).length, 0);
});

test('audit: new findings, findings whose advisory was withdrawn or no longer covers the version, and which new ones fail', () => {
  const lodash = component('lodash', '4.17.15');
  const minimist = component('minimist', '1.2.5');
  const ms = component('ms', '2.0.0');
  const stored = record('acme/api', '2026-01-01T00:00:00.000Z', [lodash, minimist, ms], [finding(lodash, 'GHSA-old', { ids: ['CVE-1', 'GHSA-old'] }), finding(ms, 'GHSA-ms')]);
  const { components, findings } = stored;
  const header: RecordHeader = { ...stored, componentCount: components.length };
  const records = [
    // Same advisory as before, now with a different primary id: not news.
    osvRecord('GHSA-new-id', 'lodash', [{ introduced: '0' }, { fixed: '4.17.21' }], { aliases: ['CVE-1'] }),
    osvRecord('GHSA-minimist', 'minimist', [{ introduced: '0' }, { fixed: '1.2.6' }], { database_specific: { severity: 'LOW' } }),
    osvRecord('MAL-2026-9', 'minimist', [{ introduced: '0' }]),
    osvRecord('GHSA-ms', 'ms', [{ introduced: '0' }, { fixed: '2.0.1' }], { withdrawn: '2026-02-01T00:00:00Z' }),
  ];
  const packages = components.map((c) => ({ name: c.name, version: c.version }));
  const matched = matchPackages(packages, records);
  // Matched once per package: only the affected ones are kept.
  assert.deepEqual([...matched.keys()].sort(), ['lodash@4.17.15', 'minimist@1.2.5']);
  const rules = { withdrawn: new Set(['GHSA-ms']), failOn: 'high' as const, now: new Date('2026-04-01T00:00:00Z') };
  const audit = auditRecord(header, components, matched, { findings }, rules);
  assert.deepEqual(audit.added.map((f) => f.primaryId), ['GHSA-minimist', 'MAL-2026-9']);
  assert.deepEqual(audit.failing.map((f) => f.primaryId), ['MAL-2026-9']);
  assert.deepEqual(audit.resolved.map((r) => [r.finding.primaryId, r.reason]), [['GHSA-ms', 'withdrawn']]);
  assert.equal(audit.since, '2026-01-01T00:00:00.000Z');
  const gone = auditRecord(header, components, new Map(), { findings, auditedAt: '2026-03-01T00:00:00.000Z' }, { ...rules, withdrawn: new Set() });
  assert.deepEqual(gone.resolved.map((r) => [r.finding.primaryId, r.reason]), [['GHSA-old', 'not-affected'], ['GHSA-ms', 'not-affected']]);
  assert.equal(gone.since, '2026-03-01T00:00:00.000Z');

  const markdown = renderPortfolioAudit([audit], { data: { source: 'local database' }, failOn: 'high' }, 'markdown');
  assert.match(markdown, /\| api \(acme\/api\) \| main aaaaaaaaaaaa \| withdrawn \| `ms@2\.0\.0` \| GHSA-ms \| high \|/);
  assert.match(markdown, /NEW \(fails\) \| `minimist@1\.2\.5` \| MAL-2026-9 \| MALWARE/);
});

test('recorded strings are escaped in every output: control characters in tables, Markdown syntax, JSON', () => {
  const hostile = 'evil\u001b[2J|*name*\u009b';
  const stored = record(hostile, '2026-01-01T00:00:00.000Z', [component('lodash', '4.17.15', { samplePath: `a@1 > ${hostile}` })], [], { branch: `br\u0007|x` });
  const { components } = stored;
  const header: RecordHeader = { ...stored, componentCount: components.length };
  for (const output of [renderPortfolioList([header], 'table'), renderPortfolioWho({ name: 'lodash' }, [{ record: header, component: components[0] ?? component('x', '1') }], 'table')]) {
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(output, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    assert.match(output, /evil\\x1b\[2J/);
  }
  const markdown = renderPortfolioList([header], 'markdown');
  assert.match(markdown, /evil.*\\\|\\\*name\\\*/);
  // eslint-disable-next-line no-control-regex
  assert.doesNotMatch(markdown, /\u001b|\u0007|\u009b/);
  assert.doesNotMatch(renderPortfolioList([header], 'json'), /\u009b/);
  const json = JSON.parse(renderPortfolioList([header], 'json')) as { projects: Array<{ project: { key: string }; branch: string }> };
  assert.equal(json.projects[0]?.project.key, hostile);
  assert.equal(json.projects[0]?.branch, 'br\u0007|x');
});

test('store URLs: postgres:// and postgresql:// are PostgreSQL, sqlite: and paths are SQLite, other schemes are refused; descriptions drop the password', () => {
  assert.deepEqual(parseStoreLocation('postgresql://ci@db:5432/deptrust?sslmode=verify-full', '/w'), { kind: 'postgres', url: 'postgresql://ci@db:5432/deptrust?sslmode=verify-full' });
  assert.deepEqual(parseStoreLocation('sqlite:portfolio.db', '/w'), { kind: 'sqlite', file: '/w/portfolio.db' });
  assert.deepEqual(parseStoreLocation('/var/lib/deptrust/p.db', '/w'), { kind: 'sqlite', file: '/var/lib/deptrust/p.db' });
  assert.throws(() => parseStoreLocation('mysql://x@y/z', '/w'), /unknown portfolio store "mysql"/);
  // A mistyped PostgreSQL URL, or nothing at all, was a SQLite file in the working folder (./postgres:, or the folder itself).
  assert.throws(() => parseStoreLocation('postgres:deptrust', '/w'), /the portfolio store "postgres:deptrust" is not a PostgreSQL URL/);
  assert.throws(() => parseStoreLocation('postgresql:/db', '/w'), /is not a PostgreSQL URL/);
  assert.throws(() => parseStoreLocation('', '/w'), /the portfolio store is empty/);
  assert.equal(describePostgresUrl('postgres://ci:hunter2@db.internal:5432/deptrust?sslmode=require'), 'postgres://ci@db.internal:5432/deptrust?sslmode=require');
  // node-postgres reads a `password` query parameter too.
  assert.equal(describePostgresUrl('postgres://ci@db.internal:5432/deptrust?password=hunter2&sslmode=require'), 'postgres://ci@db.internal:5432/deptrust?sslmode=require');
});

test('a store URL node-postgres would choke on fails at once with one line, and its password is never shown', async () => {
  const dir = tempDir();
  const fifo = path.join(dir, 'ca.pem');
  execFileSync('mkfifo', [fifo]);
  const cases: Array<[string, RegExp]> = [
    // pg let the pool's query hang until its connection timeout, then the process ended with exit 13 and no message.
    ['postgres://ci@127.0.0.1/db?port=abc&password=hunter2', /^cannot use the portfolio store PostgreSQL postgres:\/\/ci@127\.0\.0\.1\/db\?port=abc: port "abc" is not a port number$/],
    ['postgres://ci@127.0.0.1/db?port=70000', /: port 70000 is not a port number$/],
    // pg reads it with readFileSync: a FIFO would block the process for ever.
    [`postgres://ci@127.0.0.1:1/db?sslmode=verify-full&sslrootcert=${fifo}`, /: sslrootcert .*ca\.pem is not a regular file$/],
    [`postgres://ci@127.0.0.1:1/db?sslkey=${path.join(dir, 'none.pem')}`, /: sslkey .*none\.pem: no such file$/],
  ];
  for (const [url, expected] of cases) {
    const error = await PostgresPortfolioStore.open(url, {}).then(
      () => assert.fail(url),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof DataError, url);
    assert.match(error.message, expected);
    assert.doesNotMatch(error.message, /hunter2/);
  }
});

test('the policy file may name the store, never with a password in it', () => {
  assert.equal(parsePolicy({ portfolio: { store: 'postgres://ci@db:5432/deptrust?sslmode=verify-full' } }, '.deptrust.json').portfolioStore, 'postgres://ci@db:5432/deptrust?sslmode=verify-full');
  assert.throws(() => parsePolicy({ portfolio: { store: 'postgresql://ci:hunter2@db/deptrust' } }, '.deptrust.json'), /\/portfolio\/store: a password does not belong in the policy file/);
  assert.throws(() => parsePolicy({ portfolio: { store: 'postgres://ci@db/deptrust?sslmode=verify-full&password=hunter2' } }, '.deptrust.json'), /\/portfolio\/store: a password does not belong in the policy file/);
});
