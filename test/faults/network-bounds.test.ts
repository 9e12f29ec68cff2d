import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { networkDeadline } from '../../src/net/deadline.js';
import { sendJson, startServer } from '../helpers/http-server.js';
import { writeNpmProject } from '../helpers/npm-project.js';
import { osvRecord } from '../helpers/osv-records.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/** A project of `count` registry packages and a database with one advisory, so scans need only the registry. */
async function setup(count: number): Promise<{ project: string; env: Record<string, string> }> {
  const dir = tempDir();
  const packages = Array.from({ length: count }, (_, n) => ({ name: `pkg-${String(n).padStart(2, '0')}`, version: '1.0.0' }));
  const project = writeNpmProject(path.join(dir, 'project'), { name: 'app', dependencies: Object.fromEntries(packages.map((p) => [p.name, p.version])) }, packages);
  const record = path.join(dir, 'GHSA-net-test-0001.json');
  writeFileSync(record, JSON.stringify(osvRecord('GHSA-net-test-0001', 'pkg-00', [{ introduced: '0' }, { fixed: '1.0.1' }])));
  const env = { DEPTRUST_DB: path.join(dir, 'deptrust.db'), DEPTRUST_RETRIES: '0', DEPTRUST_RETRY_BACKOFF_MS: '1' };
  assert.equal((await runCli(['db', 'import', record], { env })).code, 0);
  return { project, env };
}

const registryWarnings = (stderr: string) => stderr.split('\n').filter((line) => line.includes('registry'));

test('a registry that keeps failing to connect is given up after 3 failures: the rest is unknown, with one warning', async () => {
  const { project, env } = await setup(40);
  const registry = await startServer((request) => {
    request.socket.destroy(); // every connection reset
  });
  const result = await runCli(['scan', project, '--fail-on', 'none'], { env: { ...env, npm_config_registry: `${registry.url}/` } });
  assert.equal(result.code, 0, result.stderr);
  // Three failures in a row, plus what the other workers (8 at a time) had already sent: far fewer than 40.
  assert.ok(registry.requests.length <= 3 + 8, `${registry.requests.length} requests`);
  const warnings = registryWarnings(result.stderr);
  assert.equal(warnings.length, 1, result.stderr);
  assert.match(warnings[0] ?? '', /^deptrust: warning: registry metadata unknown for 40 packages \(127\.0\.0\.1:\d+ not asked again after 3 connection failures in a row, the last: .*\): their maintenance signals are missing$/);
});

test('--deadline bounds the registry phase too: a registry that never answers ends with the rest unknown, not a hang', async () => {
  const { project, env } = await setup(12);
  const registry = await startServer(() => new Promise(() => undefined)); // never answers
  const result = await runCli(['scan', project, '--fail-on', 'none', '--deadline', '2', '--timeout', '600'], { env: { ...env, npm_config_registry: `${registry.url}/` } });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /warning: registry metadata unknown for 12 packages \(the --deadline was reached\): their maintenance signals are missing/);
  assert.doesNotMatch(result.stderr, /internal error/);
});

test('an endless packument is cut at the size cap: that package is unknown, memory stays bounded, the scan goes on', async () => {
  const { project, env } = await setup(1);
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  const registry = await startServer((_request, _body, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write('{"name":"pkg-00","versions":{}, "padding":"');
    const more = (): void => {
      while (response.write(chunk)) if (response.destroyed) return;
      if (!response.destroyed) response.once('drain', more);
    };
    response.on('close', () => response.removeAllListeners('drain'));
    more();
  });
  const result = await runCli(['scan', project, '--fail-on', 'none'], { env: { ...env, npm_config_registry: `${registry.url}/` } });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /warning: registry metadata unknown for 1 packages: their maintenance signals are missing/);
});

test('an unreadable cafile in the npm configuration is an error (exit 2), never silently ignored', async () => {
  const { project, env } = await setup(1);
  const result = await runCli(['scan', project, '--fail-on', 'none'], { env: { ...env, npm_config_cafile: path.join(tempDir(), 'missing-ca.pem') } });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^deptrust: cannot read the cafile .*missing-ca\.pem set in the npm configuration: ENOENT.*\n$/);
});

test('a --deadline that expires during a Retry-After wait falls back to local data with a warning (no internal error)', async () => {
  const { project, env } = await setup(1);
  const api = await startServer((_request, _body, response) => sendJson(response, 429, { error: 'slow down' }, { 'retry-after': '120' }));
  const result = await runCli(['scan', project, '--source', 'api', '--no-registry', '--fail-on', 'none', '--deadline', '1', '--retries', '3'], {
    env: { ...env, DEPTRUST_OSV_API_URL: api.url, DEPTRUST_RETRY_BACKOFF_MS: '1000' },
  });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(api.requests.length, 1);
  assert.match(result.stderr, /warning: the OSV API failed \(request to .*querybatch was aborted: overall timeout reached\); using local database/);
});

test('a --deadline longer than a Node timer can wait never strikes at once (Node would fire it after 1 ms, with a warning)', async () => {
  const deadline = networkDeadline(99_999_999_999 * 1000);
  deadline.start();
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.equal(deadline.signal.aborted, false);
});
