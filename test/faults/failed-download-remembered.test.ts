import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { startServer } from '../helpers/http-server.js';
import { makeZip } from '../helpers/make-zip.js';
import { osvRecord } from '../helpers/osv-records.js';
import { fixtureProject } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const project = fixtureProject('nested-duplicate-versions');

test('a failed OSV download is remembered: the next scan does not try again and says so in one line; db update always tries', async () => {
  const dir = tempDir();
  const zip = readFileSync(await makeZip(path.join(dir, 'all.zip'), { 'GHSA-aaaa-bbbb-cccc.json': JSON.stringify(osvRecord('GHSA-aaaa-bbbb-cccc', 'ms', [{ introduced: '0' }, { fixed: '2.0.1' }])) }));
  let available = false;
  const server = await startServer((request, _body, response) => {
    if (available && request.url === '/npm/all.zip') {
      response.writeHead(200, { 'content-length': zip.length });
      response.end(zip);
      return;
    }
    response.writeHead(503);
    response.end();
  });
  const env = { DEPTRUST_DB: path.join(dir, 'deptrust.db'), DEPTRUST_OSV_DUMP_URL: server.url, DEPTRUST_RETRIES: '2', DEPTRUST_RETRY_BACKOFF_MS: '1' };
  const downloads = () => server.requests.filter((r) => r.path === '/npm/all.zip').length;

  const first = await runCli(['scan', project, '--no-registry', '--fail-on', 'none'], { env });
  assert.equal(first.code, 0, first.stderr);
  assert.equal(downloads(), 3, 'the first scan tries (one attempt and two retries)');
  assert.match(first.stderr, /NO ADVISORY DATABASE and the OSV dump could not be downloaded \(.*HTTP 503\)/);

  const second = await runCli(['scan', project, '--no-registry', '--fail-on', 'none'], { env });
  assert.equal(second.code, 0, second.stderr);
  assert.equal(downloads(), 3, 'the second scan does not ask again');
  const warnings = second.stderr.split('\n').filter((line) => line.startsWith('deptrust: warning:'));
  assert.equal(warnings.length, 1, second.stderr);
  assert.match(
    warnings[0] ?? '',
    /^deptrust: warning: NO ADVISORY DATABASE: the OSV dump download failed at \d{4}-\d\d-\d\dT[\d:.]+Z \(.*HTTP 503\); scans retry after \d{4}-\d\d-\d\dT[\d:.]+Z, "deptrust db update" retries now\. Using the built-in sample .*INCOMPLETE/,
  );
  assert.doesNotMatch(second.stderr, /downloading the OSV npm data/);

  // `db update` always tries.
  const failing = await runCli(['db', 'update'], { env });
  assert.equal(failing.code, 3);
  assert.equal(downloads(), 6);
  available = true;
  const update = await runCli(['db', 'update'], { env });
  assert.equal(update.code, 0, update.stderr);
  assert.equal(downloads(), 7);
});
