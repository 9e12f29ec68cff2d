import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { importAdvisories, MAX_RECORD_BYTES, readsZipInWorker, ZIP_WORKER_FROM_BYTES } from '../../src/advisories/import-advisories.js';
import { AdvisoryRepository } from '../../src/store/advisory-repository.js';
import { openDatabase } from '../../src/store/db.js';
import { UsageError } from '../../src/model/errors.js';
import { makeZip } from '../helpers/make-zip.js';
import { osvRecord } from '../helpers/osv-records.js';
import { tempDir } from '../helpers/temp-dir.js';

const now = () => new Date('2026-11-29T00:00:00Z');
const lodash = osvRecord('GHSA-jf85-cpcp-j695', 'lodash', [{ introduced: '0' }, { fixed: '4.17.12' }], { aliases: ['CVE-2019-10744'] });
const minimist = osvRecord('GHSA-xvch-5gv4-984h', 'minimist', [{ introduced: '0' }, { fixed: '1.2.6' }]);
const pypi = { ...osvRecord('PYSEC-2021-1', 'requests', [{ introduced: '0' }]), affected: [{ package: { ecosystem: 'PyPI', name: 'requests' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }] }] };

function freshRepository() {
  const db = openDatabase(path.join(tempDir(), 'test.db'));
  return { db, repository: new AdvisoryRepository(db) };
}

test('a zip laid out like OSV all.zip is imported; other ecosystems and invalid records are counted and skipped', async () => {
  const dir = tempDir();
  const zip = await makeZip(path.join(dir, 'all.zip'), {
    'GHSA-jf85-cpcp-j695.json': JSON.stringify(lodash),
    'GHSA-xvch-5gv4-984h.json': JSON.stringify(minimist),
    'PYSEC-2021-1.json': JSON.stringify(pypi),
    'BROKEN-1.json': '{ "id": "BROKEN-1", ',
    'NOAFFECTED-1.json': JSON.stringify({ id: 'NOAFFECTED-1', modified: '2024-01-01T00:00:00Z' }),
    'BADEVENT-1.json': JSON.stringify(osvRecord('BADEVENT-1', 'x', [{ introduced: '0', fixed: '1.0.0' }])),
    'README.txt': 'not a record',
  });
  const { repository } = freshRepository();
  const stats = await importAdvisories(repository, { kind: 'zip', file: zip }, { mode: 'replace', label: 'test', now });
  assert.deepEqual(
    { read: stats.read, added: stats.added, other: stats.otherEcosystem, invalid: stats.invalid },
    { read: 6, added: 2, other: 1, invalid: 3 },
  );
  assert.equal(stats.invalidSamples.length, 3);
  assert.ok(stats.invalidSamples.some((s) => s.startsWith('BROKEN-1.json: not valid JSON')));
  assert.ok(stats.invalidSamples.some((s) => s.includes('NOAFFECTED-1: no "affected" entries')));
  assert.ok(stats.invalidSamples.some((s) => s.includes('BADEVENT-1: affected[0]: ranges[0] has an event without exactly one of')));
  assert.equal(repository.counts().advisories, 2);
  assert.equal(repository.findByPackageNames('npm', ['lodash']).length, 1);
  assert.equal(repository.findByPackageNames('npm', ['requests']).length, 0);
});

test('re-importing the same data changes nothing (by id and modified); a newer record replaces the old one', async () => {
  const dir = tempDir();
  const zip = await makeZip(path.join(dir, 'all.zip'), { 'a.json': JSON.stringify(lodash), 'b.json': JSON.stringify(minimist) });
  const { repository } = freshRepository();
  await importAdvisories(repository, { kind: 'zip', file: zip }, { mode: 'merge', label: 'test', now });
  const first = repository.currentGeneration()?.id;
  const again = await importAdvisories(repository, { kind: 'zip', file: zip }, { mode: 'merge', label: 'test', now });
  assert.deepEqual([again.added, again.updated, again.unchanged], [0, 0, 2]);
  assert.equal(repository.counts().advisories, 2);
  assert.equal(repository.currentGeneration()?.id, first, 'an import that changes nothing keeps the generation');
  const newer = { ...lodash, modified: '2025-01-01T00:00:00Z', summary: 'updated summary' };
  const older = { ...minimist, modified: '2020-01-01T00:00:00Z', summary: 'stale' };
  const file = path.join(dir, 'records.json');
  writeFileSync(file, JSON.stringify([newer, older]));
  const update = await importAdvisories(repository, { kind: 'file', file }, { mode: 'merge', label: 'test', now });
  assert.deepEqual([update.updated, update.older], [1, 1]);
  assert.match(repository.findJsonById(lodash.id) ?? '', /updated summary/);
  assert.doesNotMatch(repository.findJsonById(minimist.id) ?? '', /stale/);
  // The new generation holds the unchanged records too, with their packages (copied from the one it replaced).
  assert.notEqual(repository.currentGeneration()?.id, first);
  assert.equal(repository.counts().advisories, 2);
  assert.equal(repository.findByPackageNames('npm', ['minimist']).length, 1);
  assert.equal(repository.findByPackageNames('npm', ['lodash']).length, 1);
});

test('a truncated archive fails with a clear error and leaves the previous data in use', async () => {
  const dir = tempDir();
  const good = await makeZip(path.join(dir, 'good.zip'), { 'a.json': JSON.stringify(lodash) });
  const { db, repository } = freshRepository();
  await importAdvisories(repository, { kind: 'zip', file: good }, { mode: 'replace', label: 'good', now });
  const big = await makeZip(path.join(dir, 'big.zip'), Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`R-${i}.json`, JSON.stringify(osvRecord(`R-${i}`, `pkg-${i}`, [{ introduced: '0' }]))])));
  const bytes = readFileSync(big);
  const truncated = path.join(dir, 'truncated.zip');
  writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
  await assert.rejects(importAdvisories(repository, { kind: 'zip', file: truncated }, { mode: 'replace', label: 'truncated', now }), (error: unknown) => {
    assert.ok(error instanceof UsageError);
    assert.match(error.message, /truncated\.zip is not a readable zip archive/);
    return true;
  });
  assert.equal(repository.currentGeneration()?.source, 'good');
  assert.equal(repository.counts().advisories, 1);
  assert.equal(db.prepare('SELECT COUNT(*) AS n FROM generations').get() !== undefined, true);
});

test('an archive from ZIP_WORKER_FROM_BYTES on is read in a worker thread, a smaller one on this thread: the same records and counts either way', async () => {
  const dir = tempDir();
  // Five records of 1 MiB each: stored as they are, past the threshold; deflated, a small archive of the same entries.
  const names = ['pkg-0', 'pkg-1', 'pkg-2', 'pkg-3', 'pkg-4'];
  const entries: Record<string, string> = Object.fromEntries(names.map((name, i) => [`PAD-${i}.json`, JSON.stringify(osvRecord(`PAD-${i}`, name, [{ introduced: '0' }], { details: 'x'.repeat(1024 * 1024) }))]));
  entries['BROKEN-1.json'] = '{ "id": ';
  entries['PYSEC-2021-1.json'] = JSON.stringify(pypi);
  const deflated = await makeZip(path.join(dir, 'deflated.zip'), entries);
  const stored = await makeZip(path.join(dir, 'stored.zip'), entries, { compress: false });
  assert.ok(statSync(stored).size >= ZIP_WORKER_FROM_BYTES);
  assert.deepEqual([readsZipInWorker(deflated), readsZipInWorker(stored)], [false, true]);
  const read = async (file: string): Promise<{ stats: object; ids: string[] }> => {
    const { repository } = freshRepository();
    const stats = await importAdvisories(repository, { kind: 'zip', file }, { mode: 'replace', label: 'test', now });
    const ids = repository.findByPackageNames('npm', names).map((record) => (JSON.parse(record.json) as { id: string }).id).sort();
    return { stats, ids };
  };
  const inWorker = await read(stored);
  assert.deepEqual(inWorker.ids, ['PAD-0', 'PAD-1', 'PAD-2', 'PAD-3', 'PAD-4']);
  assert.deepEqual(inWorker, await read(deflated));
  // What fails while the records are stored is reported as it is, never as a bad archive, on either thread:
  // here the large archive, and a small one whose first batch of a thousand is stored while it is still being read.
  const many = await makeZip(path.join(dir, 'many.zip'), Object.fromEntries(Array.from({ length: 1_001 }, (_, i) => [`R-${i}.json`, JSON.stringify(osvRecord(`R-${i}`, `pkg-${i}`, [{ introduced: '0' }]))])));
  assert.equal(readsZipInWorker(many), false);
  for (const file of [many, stored]) {
    const failing = importAdvisories(freshRepository().repository, { kind: 'zip', file }, { mode: 'replace', label: 'test', now, rate: () => { throw new Error('rating failed'); } });
    await assert.rejects(failing, (error: unknown) => error instanceof Error && !(error instanceof UsageError) && error.message === 'rating failed', path.basename(file));
  }
  // Cut short, the large archive fails as the small one does (the test above): one line naming the file.
  const truncated = path.join(dir, 'truncated.zip');
  writeFileSync(truncated, readFileSync(stored).subarray(0, ZIP_WORKER_FROM_BYTES + 1));
  await assert.rejects(importAdvisories(freshRepository().repository, { kind: 'zip', file: truncated }, { mode: 'replace', label: 'truncated', now }), (error: unknown) => {
    assert.ok(error instanceof UsageError);
    assert.match(error.message, /truncated\.zip is not a readable zip archive/);
    return true;
  });
});

test('a record twice the size limit is skipped as too large, without reading it into memory', async () => {
  const dir = tempDir();
  const huge = JSON.stringify({ ...minimist, id: 'HUGE-1', summary: 'x'.repeat(2 * MAX_RECORD_BYTES) });
  const zip = await makeZip(path.join(dir, 'all.zip'), { 'HUGE-1.json': huge, 'a.json': JSON.stringify(lodash) });
  const { repository } = freshRepository();
  const stats = await importAdvisories(repository, { kind: 'zip', file: zip }, { mode: 'replace', label: 'test', now });
  assert.deepEqual([stats.added, stats.invalid], [1, 1]);
  assert.match(stats.invalidSamples[0] ?? '', /HUGE-1\.json: larger than 8 MiB/);
});

test('a folder of <ID>.json files is imported, nested folders included', async () => {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'npm', 'sub'), { recursive: true });
  writeFileSync(path.join(dir, 'npm', 'a.json'), JSON.stringify(lodash));
  writeFileSync(path.join(dir, 'npm', 'sub', 'b.json'), JSON.stringify(minimist));
  writeFileSync(path.join(dir, 'npm', 'notes.md'), '# not json');
  // Links: to a record outside (imported), to a folder (not followed: it loops), dangling (skipped).
  const outside = tempDir();
  writeFileSync(path.join(outside, 'c.json'), JSON.stringify(osvRecord('GHSA-link-link-link', 'left-pad', [{ introduced: '0' }])));
  symlinkSync(path.join(outside, 'c.json'), path.join(dir, 'npm', 'linked.json'));
  symlinkSync(dir, path.join(dir, 'npm', 'loop.json'));
  symlinkSync(path.join(outside, 'missing.json'), path.join(dir, 'npm', 'dangling.json'));
  const { repository } = freshRepository();
  const stats = await importAdvisories(repository, { kind: 'directory', dir }, { mode: 'merge', label: 'dir', now });
  assert.equal(stats.added, 3);
  assert.ok(repository.findJsonById('GHSA-link-link-link'), 'the linked record is imported');
});

test('withdrawn records are stored and flagged', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'w.json');
  writeFileSync(file, JSON.stringify({ ...lodash, withdrawn: '2024-02-01T00:00:00Z' }));
  const { repository } = freshRepository();
  await importAdvisories(repository, { kind: 'file', file }, { mode: 'merge', label: 'w', now });
  assert.equal(repository.counts().withdrawn, 1);
});
