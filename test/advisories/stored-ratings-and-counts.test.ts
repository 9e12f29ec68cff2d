import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { importAdvisories } from '../../src/advisories/import-advisories.js';
import { databaseProvider } from '../../src/advisories/providers.js';
import { matchInventory } from '../../src/match/match-inventory.js';
import { cvssRatings, rateSeverities } from '../../src/match/severity.js';
import { AdvisoryRepository } from '../../src/store/advisory-repository.js';
import { openDatabase } from '../../src/store/db.js';
import { MetaRepository } from '../../src/store/meta-repository.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { makeComponent } from '../helpers/make-component.js';
import { osvRecord } from '../helpers/osv-records.js';
import { tempDir, writeTree } from '../helpers/temp-dir.js';

const now = () => new Date('2026-11-29T00:00:00Z');
const records = [
  osvRecord('GHSA-v31-0000-0001', 'ms', [{ introduced: '0' }, { fixed: '2.0.1' }], { severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' }] }),
  osvRecord('GHSA-v40-0000-0002', 'ms', [{ introduced: '0' }, { fixed: '3.0.0' }], {
    severity: [{ type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' }],
    affected: [{ package: { ecosystem: 'npm', name: 'ms' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '3.0.0' }] }], severity: [{ type: 'CVSS_V2', score: 'AV:N/AC:L/Au:N/C:P/I:P/A:P' }] }],
  }),
  osvRecord('GHSA-db00-0000-0003', 'ms', [{ introduced: '0' }], { database_specific: { severity: 'MODERATE' } }),
  osvRecord('GHSA-bad0-0000-0004', 'ms', [{ introduced: '0' }], { severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/not a vector' }] }),
  { ...osvRecord('GHSA-gone-0000-0005', 'debug', [{ introduced: '0' }]), withdrawn: '2025-01-01T00:00:00Z' },
];

async function importedDatabase() {
  const db = openDatabase(path.join(tempDir(), 'rated.db'));
  const repository = new AdvisoryRepository(db);
  const folder = writeTree(tempDir(), Object.fromEntries(records.map((r) => [`${r.id}.json`, r])));
  await importAdvisories(repository, { kind: 'directory', dir: folder }, { mode: 'replace', label: 'test', now, rate: rateSeverities });
  return { db, repository };
}

test('CVSS ratings are computed at import, stored with each record, and matching gives the same findings from them', async () => {
  const { db, repository } = await importedDatabase();
  const stored = repository.findByPackageNames('npm', ['ms']);
  for (const { json, ratings } of stored) {
    assert.equal(ratings, JSON.stringify(cvssRatings(JSON.parse(json))), 'the stored ratings are the ones matching would compute');
  }
  const provider = databaseProvider(repository, new MetaRepository(db));
  const candidates = await provider.recordsFor([{ name: 'ms', version: '2.0.0' }]);
  assert.equal(candidates.length, 4);
  for (const record of candidates) assert.deepEqual(provider.ratingsOf?.(record), cvssRatings(record));
  const inventory = { components: [makeComponent('ms', '2.0.0')], edges: [] };
  const fromStored = matchInventory(inventory, candidates, (record) => provider.ratingsOf?.(record));
  const computed = matchInventory(inventory, candidates);
  assert.deepEqual(fromStored, computed);
  assert.deepEqual(
    fromStored.findings.flatMap((f) => f.advisories.map((a) => [a.id, a.rating.level, a.rating.method])).sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1)),
    [
      ['GHSA-bad0-0000-0004', 'unknown', 'none'],
      ['GHSA-db00-0000-0003', 'medium', 'database'],
      ['GHSA-v31-0000-0001', 'high', 'CVSSv31'],
      ['GHSA-v40-0000-0002', 'critical', 'CVSSv4'],
    ],
  );
  db.close();
});

test('the counts are kept with the generation when it is written', async () => {
  const { db, repository } = await importedDatabase();
  const generation = repository.currentGeneration()?.id;
  const kept = db.prepare('SELECT advisory_count, withdrawn_count, package_count FROM generations WHERE id = ?').get(generation);
  assert.deepEqual(kept, { advisory_count: 5, withdrawn_count: 1, package_count: 2 });
  assert.deepEqual(repository.counts(), { advisories: 5, withdrawn: 1, packages: 2 });
  // An incremental update keeps them true.
  repository.upsertIntoCurrent([{ id: 'GHSA-new0-0000-0006', modified: '2026-01-01T00:00:00Z', json: JSON.stringify(osvRecord('GHSA-new0-0000-0006', 'left-pad', [{ introduced: '0' }])), npmNames: ['left-pad'], withdrawn: false }], 'npm');
  assert.deepEqual(repository.counts(), { advisories: 6, withdrawn: 1, packages: 3 });
  db.close();
});

test('a database of schema 2 is migrated with its advisories: they are found, counted, rated when read, and removed with their generation', async () => {
  const file = path.join(tempDir(), 'schema-2.db');
  const old = new Database(file);
  for (const [version, sql] of MIGRATIONS.slice(0, 2).entries()) {
    old.exec(sql);
    old.pragma(`user_version = ${version + 1}`);
  }
  const [v31] = records;
  old.prepare("INSERT INTO generations (id, source, started_at, completed_at) VALUES (7, 'old', '2026-01-01', '2026-01-01')").run();
  old.prepare('INSERT INTO advisories VALUES (7, ?, ?, 0, ?)').run(v31?.id, v31?.modified, JSON.stringify(v31));
  old.prepare("INSERT INTO affected_packages VALUES (7, 'npm', 'ms', ?)").run(v31?.id);
  old.prepare("INSERT INTO meta VALUES ('advisories.current_generation', '7')").run();
  old.close();

  const db = openDatabase(file);
  assert.equal(db.pragma('user_version', { simple: true }), MIGRATIONS.length);
  const repository = new AdvisoryRepository(db);
  assert.deepEqual(repository.counts(), { advisories: 1, withdrawn: 0, packages: 1 });
  const provider = databaseProvider(repository, new MetaRepository(db));
  const [record] = await provider.recordsFor([{ name: 'ms', version: '2.0.0' }]);
  assert.equal(record?.id, v31?.id);
  assert.equal(record && provider.ratingsOf?.(record), undefined, 'rows from before the migration have no stored ratings: matching rates them');
  assert.deepEqual(db.pragma('foreign_key_check'), []);
  db.prepare('DELETE FROM generations WHERE id = 7').run();
  assert.equal(db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM affected_packages').get()?.n, 0, 'the foreign keys still cascade');
  db.close();
});
