import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { updateFromOsvDump, type DumpOptions } from '../../src/advisories/osv-dump.js';
import { AdvisoryRepository } from '../../src/store/advisory-repository.js';
import { openDatabase } from '../../src/store/db.js';
import { MetaRepository } from '../../src/store/meta-repository.js';
import { startServer } from '../helpers/http-server.js';
import { makeZip } from '../helpers/make-zip.js';
import { osvRecord } from '../helpers/osv-records.js';
import { tempDir } from '../helpers/temp-dir.js';

const lodash = osvRecord('GHSA-jf85-cpcp-j695', 'lodash', [{ introduced: '0' }, { fixed: '4.17.12' }]);
const minimist = osvRecord('GHSA-xvch-5gv4-984h', 'minimist', [{ introduced: '0' }, { fixed: '1.2.6' }]);

async function dumpServer() {
  const zipFile = await makeZip(path.join(tempDir(), 'all.zip'), { [`${lodash.id}.json`]: JSON.stringify(lodash) });
  const zip = readFileSync(zipFile);
  const state = { truncateNext: 0, changed: [] as Array<{ id: string; modified: string; body: string }> };
  const server = await startServer((request, _body, response) => {
    if (request.url === '/npm/all.zip') {
      if (request.headers['if-none-match'] === '"v1"') {
        response.writeHead(304);
        response.end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/zip', 'content-length': zip.length, etag: '"v1"', 'last-modified': 'Fri, 27 Nov 2026 10:00:00 GMT' });
      if (state.truncateNext > 0) {
        state.truncateNext--;
        response.flushHeaders();
        response.write(zip.subarray(0, 20));
        // Let the headers and the first bytes arrive, then cut the connection.
        setTimeout(() => response.socket?.destroy(), 30);
        return;
      }
      response.end(zip);
      return;
    }
    if (request.url === '/npm/modified_id.csv') {
      const lines = [...state.changed.map((c) => `${c.modified},${c.id}`), `2026-11-01T00:00:00Z,${lodash.id}`];
      response.end(`${lines.join('\n')}\n`);
      return;
    }
    const match = /^\/npm\/(.+)\.json$/.exec(request.url ?? '');
    const changed = state.changed.find((c) => c.id === decodeURIComponent(match?.[1] ?? ''));
    if (changed) response.end(changed.body);
    else {
      response.statusCode = 404;
      response.end();
    }
  });
  return { server, state };
}

function setup() {
  const db = openDatabase(path.join(tempDir(), 'dump.db'));
  return { repository: new AdvisoryRepository(db), meta: new MetaRepository(db) };
}

test('db update: full download, then 304 with the ETag, then an incremental update from modified_id.csv', async () => {
  const { server, state } = await dumpServer();
  const { repository, meta } = setup();
  let clock = new Date('2026-11-28T00:00:00Z');
  const options: DumpOptions = { baseUrl: server.url, retry: { retries: 2, backoffMs: 1, maxBackoffMs: 5, timeoutMs: 5_000 }, concurrency: 2, now: () => clock };

  const full = await updateFromOsvDump(repository, meta, options);
  assert.equal(full.mode, 'full');
  assert.equal(repository.counts().advisories, 1);
  assert.equal(meta.get('dump.etag'), '"v1"');

  const notModified = await updateFromOsvDump(repository, meta, { ...options, full: true });
  assert.equal(notModified.mode, 'not-modified');
  assert.equal(server.requests.at(-1)?.headers['if-none-match'], '"v1"');

  clock = new Date('2026-11-29T00:00:00Z');
  state.changed.push({ id: minimist.id, modified: '2026-11-28T12:00:00Z', body: JSON.stringify({ ...minimist, modified: '2026-11-28T12:00:00Z' }) });
  const incremental = await updateFromOsvDump(repository, meta, options);
  assert.equal(incremental.mode, 'incremental');
  assert.deepEqual(incremental.mode === 'incremental' && [incremental.changed, incremental.stats.added], [1, 1]);
  assert.equal(repository.counts().advisories, 2);
  const fetched = server.requests.filter((r) => r.path.endsWith('.json')).map((r) => r.path);
  assert.deepEqual(fetched, [`/npm/${minimist.id}.json`], 'only the changed record is fetched');
});

test('a download cut off midway is retried and then succeeds', async () => {
  const { server, state } = await dumpServer();
  state.truncateNext = 1;
  const { repository, meta } = setup();
  const notes: string[] = [];
  const result = await updateFromOsvDump(repository, meta, {
    baseUrl: server.url,
    retry: { retries: 2, backoffMs: 1, maxBackoffMs: 5, timeoutMs: 5_000 },
    concurrency: 2,
    now: () => new Date('2026-11-29T00:00:00Z'),
    onNote: (note) => notes.push(note),
  });
  assert.equal(result.mode, 'full');
  assert.equal(repository.counts().advisories, 1);
  assert.match(notes[0] ?? '', /cut off/);
});
