import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Component } from '../../src/model/component.js';
import type { RegistryInfo } from '../../src/model/packument.js';
import type { Signal } from '../../src/model/signal.js';
import { detectRegistrySignals } from '../../src/signals/detect-registry-signals.js';
import { readRegistryOptions, registryFor } from '../../src/signals/npm-config.js';
import { fetchRegistryInfo, type RegistryClientOptions } from '../../src/signals/registry-client.js';
import { registryOfTarball, resolvedRegistries } from '../../src/signals/resolved-registries.js';
import { summarisePackument } from '../../src/signals/summarise-packument.js';
import { openDatabase } from '../../src/store/db.js';
import { RegistryCache } from '../../src/store/registry-cache.js';
import { sendJson, startServer } from '../helpers/http-server.js';
import { makeComponent } from '../helpers/make-component.js';
import { repoRoot } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp-dir.js';

const packument = (name: string): unknown => JSON.parse(readFileSync(path.join(repoRoot, 'test', 'fixtures', 'packuments', `${name}.json`), 'utf8'));
const component = (name: string, version: string, license?: string): Component =>
  makeComponent(name, version, { locations: [], ...(license ? { license } : {}) });

test('maintenance signals from recorded packuments', () => {
  const now = new Date('2026-11-29T00:00:00Z');
  const info = new Map<string, RegistryInfo>([
    ['left-pad', { status: 'found', packument: summarisePackument('left-pad', packument('left-pad')) }],
    ['ms', { status: 'found', packument: summarisePackument('ms', packument('ms')) }],
  ]);
  const signals = detectRegistrySignals([component('left-pad', '1.1.3', 'WTFPL'), component('ms', '2.0.0', 'MIT'), component('ms', '2.1.3', 'MIT')], info, now);
  assert.deepEqual(
    signals.map((s) => [s.componentId, s.code, s.evidence]),
    [
      ['pkg:npm/left-pad@1.1.3', 'deprecated', { message: 'use String.prototype.padStart()' }],
      ['pkg:npm/left-pad@1.1.3', 'stale', { lastPublish: '2018-04-09', years: 8.6 }],
      ['pkg:npm/left-pad@1.1.3', 'behind', { latest: '1.3.0', majorsBehind: 0, libyears: 1.5 }],
      ['pkg:npm/left-pad@1.1.3', 'single-maintainer', { maintainers: 1 }],
      ['pkg:npm/ms@2.0.0', 'stale', { lastPublish: '2020-12-08', years: 6 }],
      ['pkg:npm/ms@2.0.0', 'behind', { latest: '2.1.3', majorsBehind: 0, libyears: 3.6 }],
      ['pkg:npm/ms@2.1.3', 'stale', { lastPublish: '2020-12-08', years: 6 }],
    ],
  );
});

test('freshness, licence and repository signals', () => {
  const now = new Date('2026-11-29T00:00:00Z');
  const fresh: RegistryInfo = {
    status: 'found',
    packument: { name: 'brand-new', latest: '1.0.1', created: '2026-11-20T00:00:00Z', versions: { '1.0.0': { time: '2026-11-20T00:00:00Z' }, '1.0.1': { time: '2026-11-27T00:00:00Z' } } },
  };
  const signals = detectRegistrySignals([component('brand-new', '1.0.1', 'MIT or whatever')], new Map([['brand-new', fresh]]), now);
  assert.deepEqual(signals.map((s) => s.code), ['no-repository', 'unparseable-license', 'new-version', 'new-package']);
  const noLicense = detectRegistrySignals([component('brand-new', '1.0.1')], new Map([['brand-new', fresh]]), now);
  assert.ok(noLicense.some((s) => s.code === 'no-license'));
  // A legacy `licenses` array is a licence (busboy 1.6.0 publishes only that), and so is a `{ type }` object.
  const legacy = (manifest: Record<string, unknown>): RegistryInfo => ({
    status: 'found',
    packument: summarisePackument('busboy', { 'dist-tags': { latest: '1.6.0' }, versions: { '1.6.0': { repository: 'mscdex/busboy', ...manifest } } }),
  });
  for (const [manifest, license] of [
    [{ licenses: [{ type: 'MIT', url: 'http://github.com/mscdex/busboy/raw/master/LICENSE' }] }, 'MIT'],
    [{ licenses: [{ type: 'MIT' }, { type: 'Apache-2.0' }] }, '(MIT OR Apache-2.0)'],
    [{ license: { type: 'ISC' } }, 'ISC'],
  ] as const) {
    const info = legacy(manifest);
    assert.equal(info.status === 'found' ? info.packument.license : undefined, license);
    assert.deepEqual(detectRegistrySignals([component('busboy', '1.6.0')], new Map([['busboy', info]]), now), []);
  }
  // Unknown registry info gives no signal at all (never a guess).
  assert.deepEqual(detectRegistrySignals([component('x', '1.0.0')], new Map([['x', { status: 'unknown', reason: 'offline' }]]), now), []);
});

test('ages in the evidence are whole calendar days: two runs of one day give the same signals', () => {
  const info: RegistryInfo = {
    status: 'found',
    packument: { name: 'young', latest: '2.0.0', created: '2026-11-10T18:00:00Z', versions: { '1.0.0': { time: '2024-01-01T12:00:00Z' }, '2.0.0': { time: '2026-11-27T17:10:08+00:00' } } },
  };
  const old: RegistryInfo = { status: 'found', packument: { name: 'old', latest: '1.0.0', versions: { '1.0.0': { time: '2024-02-23T22:25:17.793000+00:00' } } } };
  const run = (now: string): Signal[] => detectRegistrySignals([component('young', '2.0.0', 'MIT'), component('old', '1.0.0', 'MIT')], new Map([['young', info], ['old', old]]), new Date(now));
  // Minutes apart the ages used to differ (days=5.3, then 5.4); in the morning and at night they are the same day.
  const morning = run('2026-12-02T00:30:00Z');
  assert.deepEqual(run('2026-12-02T23:30:00Z'), morning);
  assert.deepEqual(
    morning.map((s) => [s.componentId, s.code, s.evidence]),
    [
      ['pkg:npm/young@2.0.0', 'no-repository', {}],
      ['pkg:npm/young@2.0.0', 'new-version', { published: '2026-11-27T17:10:08+00:00', days: 5 }],
      ['pkg:npm/young@2.0.0', 'new-package', { created: '2026-11-10T18:00:00Z', days: 22 }],
      ['pkg:npm/old@1.0.0', 'stale', { lastPublish: '2024-02-23', years: 2.8 }],
      ['pkg:npm/old@1.0.0', 'no-repository', {}],
    ],
  );
});

test('the registry client: fetch and cache with the ETag, revalidate after the TTL, 404, failures are unknown, offline reads the cache', async () => {
  const hits: string[] = [];
  const server = await startServer((request, _body, response) => {
    hits.push(`${request.url} ${request.headers['if-none-match'] ?? ''} ${request.headers.authorization ?? ''}`.trim());
    if (request.url === '/ms') {
      if (request.headers['if-none-match'] === '"ms-1"') {
        response.writeHead(304);
        response.end();
      } else sendJson(response, 200, packument('ms'), { etag: '"ms-1"' });
    } else if (request.url === '/@acme%2fprivate') sendJson(response, 200, { name: '@acme/private', 'dist-tags': { latest: '1.0.0' }, versions: { '1.0.0': {} } });
    else if (request.url === '/broken') sendJson(response, 500, { error: 'boom' });
    else sendJson(response, 404, { error: 'Not found' });
  });
  const dir = tempDir();
  writeFileSync(path.join(dir, '.npmrc'), `registry=${server.url}/\n@acme:registry=${server.url}/\n//127.0.0.1:${new URL(server.url).port}/:_authToken=\${TEST_TOKEN}\n`);
  const npm = readRegistryOptions(dir, { TEST_TOKEN: 's3cret', npm_config_userconfig: path.join(dir, 'none') });
  assert.equal(registryFor('@acme/private', npm), `${server.url}/`);
  let clock = new Date('2026-11-29T00:00:00Z');
  const cache = new RegistryCache(openDatabase(path.join(dir, 'r.db')));
  const options: RegistryClientOptions = { npm, cache, ttlMs: 3600_000, offline: false, concurrency: 2, timeoutMs: 2000, now: () => clock };

  const first = await fetchRegistryInfo(['ms', '@acme/private', 'nope', 'broken'], options);
  assert.deepEqual([...first].map(([name, info]) => [name, info.status]), [
    ['@acme/private', 'found'],
    ['broken', 'unknown'],
    ['ms', 'found'],
    ['nope', 'not-found'],
  ]);
  assert.ok(hits.some((h) => h.startsWith('/ms') && h.endsWith('Bearer s3cret')), 'the token from .npmrc is sent');

  hits.length = 0;
  await fetchRegistryInfo(['ms'], options);
  assert.deepEqual(hits, [], 'fresh in the cache: no request');

  clock = new Date('2026-11-29T02:00:00Z');
  const revalidated = await fetchRegistryInfo(['ms'], options);
  assert.match(hits[0] ?? '', /^\/ms "ms-1"/);
  assert.equal(revalidated.get('ms')?.status, 'found', '304 keeps the cached copy');

  hits.length = 0;
  const offline = await fetchRegistryInfo(['ms', 'never-seen'], { ...options, offline: true, now: () => new Date('2027-01-01T00:00:00Z') });
  assert.deepEqual(hits, [], 'offline never asks');
  assert.deepEqual([offline.get('ms')?.status, offline.get('never-seen')?.status], ['found', 'unknown']);
});

test('a package locked from another registry than .npmrc names is described by that registry, with its credentials, never by a namesake', async () => {
  const publicHits: string[] = [];
  const publicRegistry = await startServer((request, _body, response) => {
    publicHits.push(`${request.url} ${request.headers.authorization ?? ''}`.trim());
    sendJson(response, 200, { name: 'acme-logger', 'dist-tags': { latest: '9.9.9' }, versions: { '9.9.9': { deprecated: 'a public namesake' } } });
  });
  const corpHits: string[] = [];
  const corp = await startServer((request, _body, response) => {
    corpHits.push(`${request.url} ${request.headers.authorization ?? ''}`.trim());
    sendJson(response, 200, { name: 'acme-logger', 'dist-tags': { latest: '1.2.0' }, versions: { '1.2.0': { license: 'MIT' } } });
  });
  const dir = tempDir();
  writeFileSync(path.join(dir, '.npmrc'), `registry=${publicRegistry.url}/\n//127.0.0.1:${new URL(corp.url).port}/:_authToken=corp-token\n`);
  const npm = readRegistryOptions(dir, { npm_config_userconfig: path.join(dir, 'none') });
  const locked = (name: string, url: string): Component => makeComponent(name, '1.2.0', { source: { kind: 'registry', url, host: new URL(url).host } });
  const components = [
    locked('acme-logger', `${corp.url}/api/npm/acme-logger/-/acme-logger-1.2.0.tgz`),
    locked('ms', `https://registry.npmjs.org/ms/-/ms-1.2.0.tgz`), // the public registry's own host: npm fetches it from the configured one
    locked('split', `${corp.url}/split/-/split-1.2.0.tgz`),
    makeComponent('split', '2.0.0', { source: { kind: 'registry', url: `${publicRegistry.url}/split/-/split-2.0.0.tgz`, host: new URL(publicRegistry.url).host } }),
    locked('@acme/scoped', `${corp.url}/@acme/scoped/-/scoped-1.2.0.tgz`),
  ];
  const registries = resolvedRegistries(components, npm);
  // split comes from both registries: which one describes it is not for deptrust to guess, so the configured one does.
  assert.deepEqual([...registries], [
    ['acme-logger', `${corp.url}/api/npm/`],
    ['@acme/scoped', `${corp.url}/`],
  ]);
  assert.equal(registryOfTarball('@acme/scoped', `${corp.url}/@acme%2fscoped/-/scoped-1.2.0.tgz`), `${corp.url}/`);
  assert.equal(registryOfTarball('acme-logger', 'git+ssh://git@example.com/acme-logger.git'), undefined);

  const cache = new RegistryCache(openDatabase(path.join(dir, 'r.db')));
  const options: RegistryClientOptions = { npm, cache, ttlMs: 3600_000, offline: false, concurrency: 1, timeoutMs: 2000, now: () => new Date('2026-11-29T00:00:00Z'), resolvedRegistries: registries };
  const info = await fetchRegistryInfo(['acme-logger'], options);
  const found = info.get('acme-logger');
  assert.equal(found?.status === 'found' ? found.packument.latest : undefined, '1.2.0');
  assert.deepEqual(corpHits, ['/api/npm/acme-logger Bearer corp-token']);
  assert.deepEqual(publicHits, [], 'the public namesake is never asked');
});
