import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fetchWithRetry, readText, retryAfterMs, type RetryOptions } from '../../src/net/http.js';
import { advisoriesFromApi, OsvApiClient, type OsvApiOptions } from '../../src/advisories/osv-api.js';
import { NetworkError } from '../../src/model/errors.js';
import { ApiRecordRepository } from '../../src/store/api-record-repository.js';
import { openDatabase } from '../../src/store/db.js';
import { sendJson, startServer } from '../helpers/http-server.js';
import { osvRecord } from '../helpers/osv-records.js';
import { tempDir } from '../helpers/temp-dir.js';

// A generous timeout per request: a loaded machine must not turn a slow answer into a retry (the timeout test sets its own).
const fastRetry: RetryOptions = { retries: 3, backoffMs: 1, maxBackoffMs: 5, timeoutMs: 60_000 };
const options = (baseUrl: string, overrides: Partial<OsvApiOptions> = {}): OsvApiOptions => ({
  baseUrl,
  retry: fastRetry,
  concurrency: 4,
  now: () => new Date('2026-11-29T00:00:00Z'),
  ...overrides,
});

interface Query {
  package: { name: string; ecosystem: string };
  version: string;
  page_token?: string;
}

const records = new Map(
  ['GHSA-1111-1111-1111', 'GHSA-2222-2222-2222', 'GHSA-3333-3333-3333'].map((id) => [id, osvRecord(id, 'pkg', [{ introduced: '0' }])]),
);

test('querybatch is sent in chunks of at most 1,000, pages are followed, and records are hydrated and cached', async () => {
  const server = await startServer((request, body, response) => {
    if (request.url === '/v1/querybatch') {
      const { queries } = JSON.parse(body) as { queries: Query[] };
      assert.ok(queries.length <= 1000, `batch of ${queries.length}`);
      sendJson(response, 200, {
        results: queries.map((q) => {
          if (q.package.name !== 'pkg-7') return {};
          // Two pages: the first names one advisory and a token, the second the rest.
          return q.page_token === 'page-2'
            ? { vulns: [{ id: 'GHSA-2222-2222-2222', modified: '2024-01-01T00:00:00Z' }, { id: 'GHSA-3333-3333-3333', modified: '2024-01-01T00:00:00Z' }] }
            : { vulns: [{ id: 'GHSA-1111-1111-1111', modified: '2024-01-01T00:00:00Z' }], next_page_token: 'page-2' };
        }),
      });
      return;
    }
    const id = decodeURIComponent(request.url?.replace('/v1/vulns/', '') ?? '');
    const record = records.get(id);
    if (record) sendJson(response, 200, record);
    else sendJson(response, 404, { code: 5, message: 'Bug not found.' });
  });
  const db = openDatabase(path.join(tempDir(), 'api.db'));
  const cache = new ApiRecordRepository(db);
  const packages = Array.from({ length: 2_345 }, (_, i) => ({ name: `pkg-${i}`, version: '1.0.0' }));
  const found = await advisoriesFromApi(new OsvApiClient(options(server.url), cache), packages);
  assert.deepEqual(found.map((r) => r.id), ['GHSA-1111-1111-1111', 'GHSA-2222-2222-2222', 'GHSA-3333-3333-3333']);
  const batches = server.requests.filter((r) => r.path === '/v1/querybatch');
  // 3 chunks (1000 + 1000 + 345) and one page-2 request for the query that had a token.
  assert.equal(batches.length, 4);
  assert.equal((JSON.parse(batches[1]?.body ?? '{}') as { queries: Query[] }).queries.length, 1);
  assert.equal(server.requests.filter((r) => r.path.startsWith('/v1/vulns/')).length, 3);

  // A second scan hydrates from the cache: no GET at all.
  const before = server.requests.length;
  await advisoriesFromApi(new OsvApiClient(options(server.url), cache), packages.slice(7, 8));
  assert.equal(server.requests.slice(before).filter((r) => r.path.startsWith('/v1/vulns/')).length, 0);
});

test('500 then success is retried; 429 waits for Retry-After', async () => {
  let calls = 0;
  const server = await startServer((_request, _body, response) => {
    calls++;
    if (calls === 1) sendJson(response, 500, { message: 'internal' });
    else if (calls === 2) sendJson(response, 429, { message: 'slow down' }, { 'retry-after': '2' });
    else sendJson(response, 200, { ok: true });
  });
  const delays: number[] = [];
  const response = await fetchWithRetry(`${server.url}/x`, {}, { ...fastRetry, maxBackoffMs: 10_000, sleep: async (ms) => void delays.push(ms) });
  assert.equal(response.status, 200);
  assert.equal(calls, 3);
  assert.equal(delays[1], 2_000, 'Retry-After: 2 means two seconds');
  assert.equal(retryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT'), 0, 'a date in the past means now');
});

test('a server that never answers times out and the error names the URL', async () => {
  const server = await startServer(() => new Promise(() => undefined));
  await assert.rejects(fetchWithRetry(`${server.url}/slow`, {}, { ...fastRetry, retries: 1, timeoutMs: 100 }), (error: unknown) => {
    assert.ok(error instanceof NetworkError);
    assert.match(error.message, /request to http:\/\/127\.0\.0\.1:\d+\/slow failed after 2 attempts: no answer within 100 ms/);
    return true;
  });
});

test('the timeout is one of inactivity: a body that keeps coming outlasts it, one that stalls is cut off', async () => {
  const server = await startServer((request, _body, response) => {
    response.writeHead(200, { 'content-type': 'text/plain' });
    let sent = 0;
    // Sixteen chunks 50 ms apart: 750 ms in all, more than the 600 ms timeout, and a wide margin (550 ms) before a gap on a loaded machine could reach it. /stall sends one and stops.
    const next = (): void => {
      response.write(`chunk ${sent++}\n`);
      if (request.url === '/stall') return;
      if (sent === 16) response.end();
      else setTimeout(next, 50);
    };
    next();
  });
  const retry = { ...fastRetry, retries: 0, timeoutMs: 600 };
  const [trickled, stalled] = await Promise.allSettled([
    fetchWithRetry(`${server.url}/trickle`, {}, retry).then((response) => readText(response, 'trickle')),
    fetchWithRetry(`${server.url}/stall`, {}, retry).then((response) => readText(response, 'stall')),
  ]);
  assert.deepEqual(trickled, { status: 'fulfilled', value: Array.from({ length: 16 }, (_, index) => `chunk ${index}\n`).join('') });
  assert.equal(stalled.status, 'rejected');
  assert.ok(stalled.reason instanceof NetworkError);
  assert.match(stalled.reason.message, /the answer from stall was cut off: .*no data for 600 ms/);
});

test('a truncated body is an error, not a half record', async () => {
  const server = await startServer((_request, _body, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
    response.end('{"id": "GHSA-');
    response.socket?.destroy();
  });
  const client = new OsvApiClient(options(server.url, { retry: { ...fastRetry, retries: 0 } }));
  await assert.rejects(client.hydrate([{ id: 'GHSA-1111-1111-1111' }]), NetworkError);
});

test('a persistent 503 fails after the retries with the status in the message', async () => {
  const server = await startServer((_request, _body, response) => sendJson(response, 503, {}));
  const client = new OsvApiClient(options(server.url));
  await assert.rejects(client.queryBatch([{ name: 'a', version: '1.0.0' }]), /failed after 4 attempts: HTTP 503/);
  assert.equal(server.requests.length, 4);
});

test('a querybatch answer of the wrong shape ("vulns" not a list, a null result) is a network error, never a crash or "no advisories"', async () => {
  // Found with a hostile local server: "vulns": {} and "vulns": 5 ended the scan in an internal error (exit 4),
  // and a null result or "vulns": "abc" read as a package without advisories.
  const shapes: unknown[] = [{ vulns: {} }, { vulns: 5 }, { vulns: 'abc' }, null];
  const server = await startServer((request, _body, response) => sendJson(response, 200, { results: [shapes[Number(request.url?.split('/')[1])]] }));
  for (const [index] of shapes.entries()) {
    const client = new OsvApiClient(options(`${server.url}/${index}`));
    await assert.rejects(client.queryBatch([{ name: 'a', version: '1.0.0' }]), (error: unknown) => error instanceof NetworkError && /unexpected shape/.test(error.message));
  }
});

test('a server that always sends next_page_token is given up after MAX_PAGES pages', async () => {
  const server = await startServer((_request, _body, response) => sendJson(response, 200, { results: [{ vulns: [], next_page_token: 'again' }] }));
  const client = new OsvApiClient(options(server.url));
  await assert.rejects(client.queryBatch([{ name: 'a', version: '1.0.0' }]), (error: unknown) => error instanceof NetworkError && /kept paging querybatch past 100 pages/.test(error.message));
  assert.equal(server.requests.length, 100);
});

test('an answer that never ends is cut at the size cap with a network error (memory stays bounded)', async () => {
  const server = await startServer((_request, _body, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, 32);
    const pump = (): void => {
      while (!response.destroyed && response.write(chunk));
    };
    response.on('drain', pump);
    pump();
  });
  const response = await fetchWithRetry(`${server.url}/endless`, {}, fastRetry);
  await assert.rejects(readText(response, 'endless', 1024 * 1024), (error: unknown) => error instanceof NetworkError && /the answer from endless is larger than 1048576 bytes/.test(error.message));
});
