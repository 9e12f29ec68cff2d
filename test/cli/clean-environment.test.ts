import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { osvRecord } from '../helpers/osv-records.js';
import { fixtureProject } from '../helpers/paths.js';
import { runCli, spawnCli } from '../helpers/run-cli.js';
import { tempDir, writeTree } from '../helpers/temp-dir.js';

// A developer who ran the README's `db import` has a filled database at the
// default place, and an npm configuration of their own. Neither may reach the
// deptrust a test runs, in process or spawned (test/helpers/run-cli.ts): the
// test process's environment is made to look like that developer's, and the
// results must be those of a clean machine.

const project = fixtureProject('workspaces-shared-dependency'); // ms@2.1.2 and ms@2.1.3
const explainMs = ['explain', 'ms', project];
const scanOffline = ['scan', project, '--offline', '--no-registry', '--format', 'json', '--reproducible'];
// Each run has a home of its own (a new temporary folder), which messages may name.
const run = async (args: readonly string[], runner = runCli) => {
  const result = await runner(args);
  return { ...result, stderr: result.stderr.replace(/deptrust-home-[^/]+/g, '<home>') };
};

test("the user's database, cache and npm configuration do not change what deptrust reports in a test", async () => {
  const clean = { explain: await run(explainMs), scan: await run(scanOffline) };
  assert.equal(clean.explain.code, 0, clean.explain.stderr);
  assert.doesNotMatch(clean.explain.stdout, /GHSA-/);
  assert.equal(clean.scan.code, 3, 'offline with no advisory data is a data error');

  // The user's home: a database filled with an advisory on ms, at the default place and named by DEPTRUST_DB.
  const userHome = tempDir('deptrust-user-home-');
  const userDb = path.join(userHome, '.cache', 'deptrust', 'deptrust.db');
  mkdirSync(path.dirname(userDb), { recursive: true });
  const advisories = writeTree(path.join(userHome, 'advisories'), {
    'GHSA-user-0000-0001.json': osvRecord('GHSA-user-0000-0001', 'ms', [{ introduced: '0' }, { fixed: '3.0.0' }], { database_specific: { severity: 'HIGH' } }),
  });
  const imported = await runCli(['db', 'import', advisories], { env: { DEPTRUST_DB: userDb } });
  assert.equal(imported.code, 0, imported.stderr);
  // That database does change results when it is asked for: the check below is not vacuous.
  const withUserDb = await runCli(explainMs, { env: { DEPTRUST_DB: userDb } });
  assert.match(withUserDb.stdout, /GHSA-user-0000-0001/);
  writeFileSync(path.join(userHome, '.npmrc'), 'registry=http://127.0.0.1:1/user-registry/\n');

  const saved = { ...process.env };
  try {
    Object.assign(process.env, {
      HOME: userHome,
      XDG_CACHE_HOME: path.join(userHome, '.cache'),
      DEPTRUST_DB: userDb,
      DEPTRUST_OSV_DUMP_URL: 'http://127.0.0.1:1/user-mirror',
      npm_config_userconfig: path.join(userHome, '.npmrc'),
      npm_config_registry: 'http://127.0.0.1:1/user-registry/',
      npm_config_cache: path.join(userHome, '.npm'),
    });
    const inUserEnv = { explain: await run(explainMs), scan: await run(scanOffline) };
    assert.deepEqual(inUserEnv, clean);
    assert.deepEqual(await run(scanOffline, spawnCli), clean.scan, 'a spawned deptrust gets a clean environment too');
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
});
