import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { requestLimits } from '../../src/pipeline/network-settings.js';
import { startServer } from '../helpers/http-server.js';
import { writeNpmProject } from '../helpers/npm-project.js';
import { osvRecord } from '../helpers/osv-records.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

test("--timeout and --retries win over npm's fetch-timeout and fetch-retries; the project's .npmrc over the user's, npm_config_* over both", () => {
  const dir = tempDir();
  const userconfig = path.join(dir, 'user-npmrc');
  writeFileSync(userconfig, 'fetch-timeout=9000\nfetch-retries=1\n');
  const project = path.join(dir, 'project');
  writeNpmProject(project, { name: 'app' }, []);
  const env = { npm_config_userconfig: userconfig };
  assert.deepEqual(requestLimits({}, project, env), { timeoutMs: 9000, retries: 1 }, "the user's npm config");
  writeFileSync(path.join(project, '.npmrc'), 'fetch-timeout=1500\nfetch-retries=4\n');
  assert.deepEqual(requestLimits({}, project, env), { timeoutMs: 1500, retries: 4 }, "the project's .npmrc");
  assert.deepEqual(requestLimits({}, project, { ...env, npm_config_fetch_timeout: '700', npm_config_fetch_retries: '0' }), { timeoutMs: 700, retries: 0 }, 'npm_config_* variables');
  assert.deepEqual(requestLimits({ timeout: 2, retries: 0 }, project, env), { timeoutMs: 2000, retries: 0 }, 'the flags');
  assert.deepEqual(requestLimits({ timeout: 2 }, project, env), { timeoutMs: 2000, retries: 4 }, 'each setting on its own');
  // npm's "never time out" (0) and values npm would not take leave deptrust's own defaults.
  writeFileSync(path.join(project, '.npmrc'), 'fetch-timeout=0\nfetch-retries=many\n');
  assert.deepEqual(requestLimits({}, project, { npm_config_userconfig: path.join(dir, 'none') }), {});
  assert.deepEqual(requestLimits({}, undefined, env), {}, 'no npm configuration asked for');
  // Longer than a Node timer can wait (it would fire after 1 ms, with a warning on stderr): cut to the longest it can.
  assert.deepEqual(requestLimits({ timeout: 3_000_000 }, undefined, env), { timeoutMs: 2 ** 31 - 1 }, 'a huge --timeout');
  writeFileSync(path.join(project, '.npmrc'), 'fetch-timeout=99999999999\n');
  assert.deepEqual(requestLimits({}, project, { npm_config_userconfig: path.join(dir, 'none') }), { timeoutMs: 2 ** 31 - 1 }, 'a huge fetch-timeout');
});

test("db import: a server that stalls is ended by the npmrc's fetch-timeout and tried fetch-retries more times; --retries wins", async () => {
  const dir = tempDir();
  const server = await startServer(() => new Promise(() => undefined)); // accepts, never answers
  writeFileSync(path.join(dir, '.npmrc'), 'fetch-timeout=150\nfetch-retries=2\n');
  const env = { DEPTRUST_DB: path.join(dir, 'deptrust.db'), DEPTRUST_RETRY_BACKOFF_MS: '1' };
  const result = await runCli(['db', 'import', `${server.url}/all.zip`], { cwd: dir, env });
  assert.equal(result.code, 3, result.stderr);
  assert.match(result.stderr, /^deptrust: .*all\.zip.*\n$/);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
  assert.equal(server.requests.length, 3, 'one request and fetch-retries=2 more');

  server.requests.length = 0;
  const flagged = await runCli(['db', 'import', `${server.url}/all.zip`, '--retries', '0'], { cwd: dir, env });
  assert.equal(flagged.code, 3, flagged.stderr);
  assert.equal(server.requests.length, 1, '--retries 0 over fetch-retries=2');
});

test("scan: the registry client takes the project's fetch-timeout and fetch-retries too", async () => {
  const dir = tempDir();
  const packages = [
    { name: 'alpha', version: '1.0.0' },
    { name: 'beta', version: '1.0.0' },
  ];
  const project = writeNpmProject(path.join(dir, 'project'), { name: 'app', dependencies: { alpha: '1.0.0', beta: '1.0.0' } }, packages);
  writeFileSync(path.join(project, '.npmrc'), 'fetch-timeout=150\nfetch-retries=1\n');
  // One advisory for a package the project lacks: the scan needs the registry only.
  const record = path.join(dir, 'GHSA-lim-its-0001.json');
  writeFileSync(record, JSON.stringify(osvRecord('GHSA-lim-its-0001', 'gamma', [{ introduced: '0' }, { fixed: '1.0.1' }])));
  const env = { DEPTRUST_DB: path.join(dir, 'deptrust.db') };
  assert.equal((await runCli(['db', 'import', record], { env })).code, 0);
  const registry = await startServer(() => new Promise(() => undefined));
  const result = await runCli(['scan', project, '--fail-on', 'none'], { env: { ...env, npm_config_registry: `${registry.url}/` } });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /warning: registry metadata unknown for 2 packages/);
  assert.deepEqual(registry.requests.map((r) => r.path).sort(), ['/alpha', '/alpha', '/beta', '/beta'], 'each package asked once and retried once');
});
