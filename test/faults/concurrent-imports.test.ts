import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../../src/store/db.js';
import { makeZip } from '../helpers/make-zip.js';
import { osvRecord } from '../helpers/osv-records.js';
import { runCli, spawnCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/** A zip of `count` records for packages `<prefix>-<n>`: large enough that imports overlap, small enough to be quick. */
async function recordsZip(dir: string, prefix: string, count: number): Promise<string> {
  const entries: Record<string, string> = {};
  for (let n = 0; n < count; n++) {
    const id = `GHSA-${prefix}-${String(n).padStart(4, '0')}-test`;
    entries[`${id}.json`] = JSON.stringify(osvRecord(id, `${prefix}-pkg-${n % 500}`, [{ introduced: '0' }, { fixed: '1.0.1' }]));
  }
  return makeZip(path.join(dir, `${prefix}.zip`), entries);
}

async function storedCount(db: string): Promise<number> {
  const status = await runCli(['db', 'status', '--format', 'json'], { env: { DEPTRUST_DB: db } });
  assert.equal(status.code, 0, status.stderr);
  return (JSON.parse(status.stdout) as { advisories: number }).advisories;
}

test('three concurrent imports into one database: each exits 0 and the database holds every record of all three', async () => {
  const dir = tempDir();
  const db = path.join(dir, 'deptrust.db');
  const zips = await Promise.all(['aaaa', 'bbbb', 'cccc'].map((prefix) => recordsZip(dir, prefix, 600)));
  const results = await Promise.all(zips.map((zip) => spawnCli(['db', 'import', zip], { env: { DEPTRUST_DB: db } })));
  for (const result of results) {
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^imported 600 records: 600 new, 0 updated, 0 unchanged, 0 other ecosystems skipped, 0 invalid skipped\n$/);
    assert.doesNotMatch(result.stderr, /FOREIGN KEY|internal error/);
  }
  assert.equal(await storedCount(db), 1800);
});

test('an import waits for another writer holding the database, says so once, then merges into what it stored', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'deptrust.db');
  const zip = await recordsZip(dir, 'dddd', 200);
  const first = await recordsZip(dir, 'eeee', 100);
  assert.equal((await runCli(['db', 'import', first], { env: { DEPTRUST_DB: file } })).code, 0);
  // Another writer (this test) holds the write lock until the import says it is waiting.
  const holder = openDatabase(file);
  holder.exec('BEGIN IMMEDIATE');
  let released = false;
  const result = await runCli(['db', 'import', zip], {
    env: { DEPTRUST_DB: file },
    onStderr: (chunk) => {
      if (!released && chunk.includes('waiting for it to finish')) {
        released = true;
        holder.exec('COMMIT');
      }
    },
  });
  holder.close();
  assert.equal(result.code, 0, result.stderr);
  assert.equal(released, true, 'the import said it was waiting');
  assert.equal(result.stderr.match(/another deptrust process is writing to .*deptrust\.db: waiting for it to finish/g)?.length, 1);
  assert.equal(await storedCount(file), 300);
});
