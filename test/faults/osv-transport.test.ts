import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, test } from 'node:test';
import { OsvApiClient } from '../../src/advisories/osv-api.js';
import { NetworkError, UsageError } from '../../src/model/errors.js';
import { DEFAULT_NETWORK, withNpmTransport } from '../../src/pipeline/network-settings.js';
import { sendJson, startServer, type Handler } from '../helpers/http-server.js';
import { makeZip } from '../helpers/make-zip.js';
import { writeNpmProject } from '../helpers/npm-project.js';
import { osvRecord } from '../helpers/osv-records.js';
import { runCli, spawnCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const record = osvRecord('GHSA-prox-y000-0001', 'left-pad', [{ introduced: '0' }, { fixed: '1.3.0' }]);

/** The OSV API's two calls, answering for left-pad. */
const osvApi: Handler = (request, _body, response) => {
  if (request.url === '/v1/querybatch') sendJson(response, 200, { results: [{ vulns: [{ id: record.id, modified: record.modified }] }] });
  else if (request.url === `/v1/vulns/${record.id}`) sendJson(response, 200, record);
  else sendJson(response, 404, {});
};

/** The OSV client as a scan builds it, with the npm configuration of `npmrc` (written as the project's .npmrc). */
function clientWith(apiUrl: string, npmrc: string): OsvApiClient {
  const project = tempDir();
  writeFileSync(path.join(project, '.npmrc'), npmrc);
  // No user file: only the project's settings count (and no npm_config_* variables).
  const network = withNpmTransport({ ...DEFAULT_NETWORK, apiUrl, retry: { retries: 0, backoffMs: 1, maxBackoffMs: 1, timeoutMs: 30_000 } }, project, { npm_config_userconfig: path.join(project, 'none') });
  return new OsvApiClient({ baseUrl: apiUrl, retry: network.retry, concurrency: 2, now: () => new Date('2026-12-01T00:00:00Z') });
}

async function ask(client: OsvApiClient): Promise<string[]> {
  const [ids] = await client.queryBatch([{ name: 'left-pad', version: '1.0.0' }]);
  return (await client.hydrate(ids ?? [])).map((r) => r.id);
}

/** A forwarding HTTP proxy on 127.0.0.1 (absolute-form requests, RFC 9112 §3.2.2) that records what it forwards. */
async function startProxy(): Promise<{ url: string; seen: string[] }> {
  const seen: string[] = [];
  const proxy = createHttpServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    const target = new URL(request.url ?? '');
    const forwarded = httpRequest(target, { method: request.method, headers: { ...request.headers, host: target.host } }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    forwarded.on('error', () => response.destroy());
    request.pipe(forwarded);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  after(() => {
    proxy.closeAllConnections();
    proxy.close();
  });
  return { url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, seen };
}

test('OSV API requests go through the proxy of the npm configuration, and straight to the host it names in noproxy', async () => {
  const api = await startServer(osvApi);
  const proxy = await startProxy();
  assert.deepEqual(await ask(clientWith(api.url, `proxy=${proxy.url}\n`)), [record.id]);
  assert.deepEqual(proxy.seen, [`POST ${api.url}/v1/querybatch`, `GET ${api.url}/v1/vulns/${record.id}`]);

  assert.deepEqual(await ask(clientWith(api.url, `https-proxy=${proxy.url}\nnoproxy=example.org,127.0.0.1\n`)), [record.id]);
  assert.equal(proxy.seen.length, 2, 'the proxy saw nothing more');
  assert.equal(api.requests.length, 4);
});

test('an OSV server with a self-signed certificate: refused by default, trusted with cafile (or ca), reached with strict-ssl=false', async () => {
  const dir = tempDir();
  const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  const server = createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (request, response) => {
    request.resume();
    request.on('end', () => void osvApi(request, '', response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // noproxy: a proxy in the test runner's environment (HTTPS_PROXY) must not carry these requests.
  const direct = 'noproxy=127.0.0.1\n';

  await assert.rejects(ask(clientWith(url, direct)), (error: unknown) => error instanceof NetworkError && /self[- ]signed certificate/i.test(error.message) && /cafile, ca and strict-ssl/.test(error.message));
  assert.deepEqual(await ask(clientWith(url, `${direct}cafile=${cert}\n`)), [record.id]);
  assert.deepEqual(await ask(clientWith(url, `${direct}ca="${readFileSync(cert, 'utf8').trim().replaceAll('\n', '\\n')}"\n`)), [record.id]);
  assert.deepEqual(await ask(clientWith(url, `${direct}strict-ssl=false\n`)), [record.id]);
  await assert.rejects(ask(clientWith(url, `${direct}cafile=${path.join(dir, 'missing.pem')}\n`)), (error: unknown) => error instanceof UsageError && /cannot read the cafile .*missing\.pem set in the npm configuration/.test(error.message));
});

test("the OSV dump download goes through the proxy of a scan's project .npmrc, and of HTTP_PROXY for db update", async () => {
  const dir = tempDir();
  const zip = readFileSync(await makeZip(path.join(dir, 'all.zip'), { [`${record.id}.json`]: JSON.stringify(record) }));
  const dump = await startServer((request, _body, response) => {
    if (request.url !== '/npm/all.zip') return sendJson(response, 404, {});
    response.writeHead(200, { 'content-length': zip.length });
    response.end(zip);
  });
  const [npmrcProxy, envProxy] = [await startProxy(), await startProxy()];
  const project = writeNpmProject(path.join(dir, 'project'), { name: 'app', dependencies: { 'left-pad': '1.0.0' } }, [{ name: 'left-pad', version: '1.0.0' }]);
  writeFileSync(path.join(project, '.npmrc'), `proxy=${npmrcProxy.url}\n`);
  const env = { DEPTRUST_OSV_DUMP_URL: dump.url };
  const [scan, update] = await Promise.all([
    runCli(['scan', project, '--no-registry', '--fail-on', 'none', '--format', 'json'], { env: { ...env, DEPTRUST_DB: path.join(dir, 'scan.db') } }),
    // Run elsewhere than the project: only the environment names a proxy. Spawned: the transport
    // (make-fetch-happen's agent) reads HTTP_PROXY from its process's environment when it loads.
    spawnCli(['db', 'update'], { cwd: dir, env: { ...env, DEPTRUST_DB: path.join(dir, 'update.db'), HTTP_PROXY: envProxy.url } }),
  ]);
  assert.equal(scan.code, 0, scan.stderr);
  assert.equal(update.code, 0, update.stderr);
  assert.deepEqual(npmrcProxy.seen, [`GET ${dump.url}/npm/all.zip`]);
  assert.deepEqual(envProxy.seen, [`GET ${dump.url}/npm/all.zip`]);
  assert.deepEqual((JSON.parse(scan.stdout) as { findings: Array<{ id: string }> }).findings.map((f) => f.id), [record.id]);
});
