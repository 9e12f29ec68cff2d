import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sampleProvider } from '../../src/advisories/providers.js';
import { fetchOptions } from '../../src/signals/registry-client.js';
import { SAMPLE_FILE } from '../../src/pipeline/data-files.js';
import { scanProject } from '../../src/pipeline/scan-project.js';
import { fixtureProject } from '../helpers/paths.js';

test('direct dependencies the example API never imports are flagged for removal; imported ones reach their subtree', async () => {
  const result = await scanProject(fixtureProject('old-express-api'), { provider: sampleProvider(SAMPLE_FILE), now: () => new Date('2026-11-29T00:00:00Z') });
  const names = new Map(result.inventory.components.map((c) => [c.id, c.name]));
  const unused = result.signals.filter((s) => s.code === 'unused-dependency').map((s) => names.get(s.componentId)).sort();
  // src/ imports express, body-parser, helmet, morgan, cors, dotenv, jsonwebtoken, lodash,
  // moment, mongoose, axios, validator and (dynamically) handlebars; tests import supertest and chai
  // and call mocha's describe/it. The project has no scripts or configuration: eslint and nodemon run from nowhere.
  assert.deepEqual(unused, ['bcrypt', 'debug', 'eslint', 'marked', 'node-uuid', 'nodemon', 'request', 'winston', 'ws']);
  const exposureOf = (name: string) => result.exposure.get(result.inventory.components.find((c) => c.name === name)?.id ?? '');
  assert.equal(exposureOf('mpath')?.reachable, true, 'mongoose is imported, so its dependency mpath is reached');
  assert.equal(exposureOf('handlebars')?.reachable, true, 'a literal dynamic import counts');
  assert.equal(exposureOf('chai')?.reachable, false, 'only tests import chai');
  assert.equal(result.sourceAnalysis?.filesParsed, 4); // server.js, auth.js, orders.js, report.mjs
});

test('npm proxy and TLS settings are passed to npm-registry-fetch under its own names', () => {
  assert.deepEqual(
    fetchOptions({ registry: 'https://r.example/', 'https-proxy': 'http://proxy:3128', noproxy: 'localhost', 'strict-ssl': 'false', '//r.example/:_authToken': 't' }),
    { registry: 'https://r.example/', '//r.example/:_authToken': 't', proxy: 'http://proxy:3128', noProxy: 'localhost', strictSSL: false },
  );
});
