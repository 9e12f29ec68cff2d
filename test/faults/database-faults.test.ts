import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { osvRecord } from '../helpers/osv-records.js';
import { fixtureProject, repoRoot } from '../helpers/paths.js';
import { runCli, spawnCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const project = fixtureProject('nested-duplicate-versions'); // debug@2.6.9 > ms@2.0.0, ms@2.1.3
const msHigh = osvRecord('GHSA-aaaa-bbbb-cccc', 'ms', [{ introduced: '0' }, { fixed: '2.0.1' }], { database_specific: { severity: 'HIGH' } });
const debugLow = osvRecord('GHSA-dddd-eeee-ffff', 'debug', [{ introduced: '2.0.0' }, { fixed: '2.6.10' }], { database_specific: { severity: 'LOW' } });

/** A database holding two advisories, imported by the CLI. */
async function filledDatabase(dir: string): Promise<string> {
  const db = path.join(dir, 'deptrust.db');
  const records = path.join(dir, 'records');
  mkdirSync(records, { recursive: true });
  for (const record of [msHigh, debugLow]) writeFileSync(path.join(records, `${record.id}.json`), JSON.stringify(record));
  const imported = await runCli(['db', 'import', records], { env: { DEPTRUST_DB: db } });
  assert.equal(imported.code, 0, imported.stderr);
  return db;
}

// Root is not stopped by file modes: as root, the CLI runs as "nobody" so that they apply.
const asOtherUser = process.getuid?.() === 0 ? { user: { uid: 65534, gid: 65534 } } : {};
if (process.getuid?.() === 0) letOthersReach(repoRoot);

/**
 * "nobody" must reach the built CLI: a checkout made under a private folder
 * (`mktemp -d` is 0700) is opened for traversal, every folder from `/` down
 * to it given the others' execute bit where it lacks it (no read bit: nothing
 * becomes listable).
 */
function letOthersReach(folder: string): void {
  for (let current = path.resolve(folder); ; current = path.dirname(current)) {
    const mode = statSync(current).mode & 0o7777;
    if ((mode & 0o001) === 0) chmodSync(current, mode | 0o001);
    if (path.dirname(current) === current) return;
  }
}

test('a read-only database in a read-only folder is scanned (caches not written); commands that write say it is read-only (exit 3)', async () => {
  const dir = tempDir();
  const built = await filledDatabase(dir);
  const folder = path.join(dir, 'readonly');
  mkdirSync(folder);
  const db = path.join(folder, 'deptrust.db');
  copyFileSync(built, db);
  chmodSync(db, 0o444);
  chmodSync(folder, 0o555);
  chmodSync(dir, 0o755);
  const before = readFileSync(db);
  const env = { DEPTRUST_DB: db, HOME: dir };

  const scan = await spawnCli(['scan', project, '--offline', '--format', 'json'], { env, ...asOtherUser });
  assert.equal(scan.code, 1, scan.stderr);
  const findings = (JSON.parse(scan.stdout) as { findings: Array<{ id: string }> }).findings.map((f) => f.id).sort();
  assert.deepEqual(findings, ['GHSA-aaaa-bbbb-cccc', 'GHSA-dddd-eeee-ffff']);
  assert.doesNotMatch(scan.stderr, /internal error|read-only/);

  const status = await spawnCli(['db', 'status', '--format', 'json'], { env, ...asOtherUser });
  assert.equal(status.code, 0, status.stderr);
  assert.equal((JSON.parse(status.stdout) as { advisories: number }).advisories, 2);

  const records = path.join(dir, 'records');
  const importing = await spawnCli(['db', 'import', records], { env, ...asOtherUser });
  assert.equal(importing.code, 3);
  assert.match(importing.stderr, /^deptrust: the deptrust database .*deptrust\.db is read-only \(.*\): this command writes to it; make it writable or choose another with --db\n$/);
  assert.deepEqual(readFileSync(db), before, 'the file is untouched');
});

test('a corrupt database exits 3 naming the file and the remedy, whether the damage is in its header or in its pages', async () => {
  const dir = tempDir();
  const built = await filledDatabase(dir);
  // Damaged pages: the header and schema page intact, every page after it overwritten.
  const pages = path.join(dir, 'pages.db');
  copyFileSync(built, pages);
  const fd = openSync(pages, 'r+');
  writeSync(fd, Buffer.alloc(statSync(pages).size - 4096, 0xa5), 0, undefined, 4096);
  closeSync(fd);
  const garbage = path.join(dir, 'garbage.db');
  writeFileSync(garbage, Buffer.alloc(8192, 0x5a));

  for (const db of [pages, garbage]) {
    const scan = await runCli(['scan', project, '--offline', '--no-registry'], { env: { DEPTRUST_DB: db } });
    assert.equal(scan.code, 3, scan.stderr);
    const name = db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    assert.match(scan.stderr, new RegExp(`^deptrust: the deptrust database ${name} is corrupt \\(.+\\): delete it \\(rm "${name}"\\) and run "deptrust db update" or "deptrust db import <zip>" to rebuild it\\n$`));
  }
  // explain works without the database, and says which one it could not use.
  const explain = await runCli(['explain', 'ms', project], { env: { DEPTRUST_DB: garbage } });
  assert.equal(explain.code, 0, explain.stderr);
  assert.match(explain.stderr, /warning: the deptrust database .*garbage\.db is corrupt .*; continuing without it/);
});

test('an import that stores nothing new keeps the date "db status" shows, and never turns an empty database into an "updated" one', async () => {
  const dir = tempDir();
  const db = await filledDatabase(dir);
  const env = { DEPTRUST_DB: db };
  const status = async () => JSON.parse((await runCli(['db', 'status', '--format', 'json'], { env })).stdout) as { lastUpdate: string | null; source: string | null; advisories: number };
  const before = await status();
  const again = await runCli(['db', 'import', path.join(dir, 'records')], { env });
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /2 records: 0 new, 0 updated, 2 unchanged/);
  assert.deepEqual(await status(), before);

  // Only invalid records into an empty database: it stays empty, so scans still know there is no data.
  const empty = path.join(dir, 'empty.db');
  const invalid = path.join(dir, 'invalid.json');
  writeFileSync(invalid, JSON.stringify({ id: 'X-1' }));
  const imported = await runCli(['db', 'import', invalid], { env: { DEPTRUST_DB: empty } });
  assert.equal(imported.code, 0, imported.stderr);
  const emptyStatus = JSON.parse((await runCli(['db', 'status', '--format', 'json'], { env: { DEPTRUST_DB: empty } })).stdout) as { lastUpdate: string | null; source: string | null };
  assert.deepEqual([emptyStatus.lastUpdate, emptyStatus.source], [null, null]);
});

test('a first run: the default database folder does not exist yet, and is created (never "cannot open")', async () => {
  const home = tempDir();
  // As on a fresh machine: XDG_CACHE_HOME points where nothing exists, and no DEPTRUST_DB.
  const cache = path.join(home, 'not', 'yet', 'cache');
  const result = await runCli(['scan', project, '--offline', '--no-registry'], { env: { XDG_CACHE_HOME: cache } });
  assert.equal(result.code, 3, result.stderr);
  assert.match(result.stderr, /^deptrust: no advisory data in the database and --offline is set/);
  assert.ok(statSync(path.join(cache, 'deptrust', 'deptrust.db')).isFile(), 'the database was created in the new folder');
  const status = await runCli(['db', 'status'], { env: { DEPTRUST_DB: path.join(home, 'other', 'new', 'deptrust.db') } });
  assert.equal(status.code, 0, status.stderr);
});
