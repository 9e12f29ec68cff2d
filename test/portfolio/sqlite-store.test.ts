import assert from 'node:assert/strict';
import { test } from 'node:test';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { pruneCutoff } from '../../src/cli/commands/portfolio.js';
import { SqlitePortfolioStore } from '../../src/store/sqlite-portfolio-store.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { component, finding, record, storeContract } from './store-contract.js';
import { openDatabase } from '../../src/store/db.js';
import { DataError } from '../../src/model/errors.js';

let stores = 0;
storeContract('SQLite', async () => SqlitePortfolioStore.open(path.join(tempDir(), `portfolio-${++stores}.db`)));

test('portfolio who reads no policy file when --store names the store, but checks one that --config names', async () => {
  const dir = tempDir();
  const store = path.join(dir, 'portfolio.db');
  const named = await runCli(['portfolio', 'who', 'lodash', '--store', store, '--format', 'json'], { cwd: dir });
  assert.equal(named.code, 0, named.stderr);
  const missing = await runCli(['portfolio', 'who', 'lodash', '--store', store, '--config', path.join(dir, 'missing.json')], { cwd: dir });
  assert.equal(missing.code, 2, missing.stderr);
  assert.match(missing.stderr, /^deptrust: .*missing\.json/);
});

test('portfolio prune reads no policy file when --store names the store, and --older-than reaching back before year 1 removes nothing', async () => {
  const dir = tempDir();
  const store = path.join(dir, 'portfolio.db');
  // A broken policy file it has no need of (it was read, and failed the command).
  writeFileSync(path.join(dir, '.deptrust.json'), '{');
  // 1e300 days was an internal error (Invalid time value).
  const pruned = await runCli(['portfolio', 'prune', '--older-than', '1e300', '--store', store], { cwd: dir });
  assert.equal(pruned.code, 0, pruned.stderr);
  assert.match(pruned.stdout, /^removed 0 record\(s\) from SQLite /);
  assert.equal(pruneCutoff(new Date('2026-12-02T00:00:00Z'), 1e300), '0001-01-01T00:00:00.000Z');
  assert.equal(pruneCutoff(new Date('2026-12-02T00:00:00Z'), 2), '2026-11-30T00:00:00.000Z');
});

test('scan --record --project refuses an empty or blank name (it was recorded as a project without a name)', async () => {
  const dir = tempDir();
  for (const name of ['', ' \t']) {
    const result = await runCli(['scan', dir, '--record', '--store', path.join(dir, 'portfolio.db'), '--project', name, '--offline'], { cwd: dir });
    assert.equal(result.code, 2, result.stderr);
    assert.equal(result.stderr, 'deptrust: --project needs a name (not an empty or blank one)\n');
  }
});

test('a SQLite store tampered with is a data error (exit 3), never an internal one: a table dropped, JSON that is not, a schema version that is none', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'portfolio.db');
  const lodash = component('lodash', '4.17.20');
  const store = SqlitePortfolioStore.open(file);
  await store.record(record('acme/api', '2026-01-01T00:00:00.000Z', [lodash], [finding(lodash, 'GHSA-aaaa-bbbb-cccc')]));
  const db = openDatabase(file);
  db.exec(`UPDATE portfolio_findings SET ids = '{not json'`);
  await assert.rejects(store.latestBaselines(), (error: unknown) => error instanceof DataError && /malformed row: ids is not JSON/.test(error.message));
  db.exec('ALTER TABLE portfolio_components RENAME TO kept_aside');
  await assert.rejects(store.who('lodash'), (error: unknown) => error instanceof DataError && /cannot read from the portfolio store \(SQLite .*\): no such table: portfolio_components/.test(error.message));
  await assert.rejects(store.record(record('acme/api', '2026-01-02T00:00:00.000Z', [lodash])), DataError);
  await store.close();
  // Another program's table of that name.
  db.exec(`DROP TABLE portfolio_schema; CREATE TABLE portfolio_schema (version TEXT, applied_at TEXT); INSERT INTO portfolio_schema VALUES ('abc', 'x')`);
  db.close();
  assert.throws(() => SqlitePortfolioStore.open(file), (error: unknown) => error instanceof DataError && /portfolio_schema holds no schema version \("abc"\)/.test(error.message));
});
