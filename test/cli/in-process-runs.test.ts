import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fixtureProject } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

// Tests run the CLI's program in their own process (test/helpers/run-cli.ts):
// a run must see only the environment it is given and change nothing of the
// process it runs in, or one test's run would change another's.

const project = fixtureProject('nested-duplicate-versions');

test("a run in process reads its own environment only, not the test process's, and leaves exit code, environment and folder as they were", async () => {
  const before = { env: { ...process.env }, cwd: process.cwd(), exitCode: process.exitCode };
  process.env['DEPTRUST_RETRIES'] = 'not-a-number';
  try {
    const offline = ['scan', project, '--offline', '--no-registry'];
    const env = { DEPTRUST_DB: path.join(tempDir(), 'empty.db') };
    // The test process's DEPTRUST_RETRIES (commander reads option variables from the global environment) is not the run's.
    const clean = await runCli(offline, { env });
    assert.equal(clean.code, 3, clean.stderr);
    assert.match(clean.stderr, /^deptrust: no advisory data in the database and --offline is set/);
    // The run's own is read, parsed and refused as commander would.
    const refused = await runCli(offline, { env: { ...env, DEPTRUST_RETRIES: 'many' } });
    assert.equal(refused.code, 2);
    assert.equal(refused.stderr, `deptrust: option '--retries <n>' value 'many' from env 'DEPTRUST_RETRIES' is invalid. expected a whole number, 0 or more (run "deptrust scan --help" for usage)\n`);
    // A flag still wins over the environment.
    assert.equal((await runCli([...offline, '--retries', '1'], { env: { ...env, DEPTRUST_RETRIES: 'many' } })).code, 3);
  } finally {
    delete process.env['DEPTRUST_RETRIES'];
  }
  assert.deepEqual({ env: { ...process.env }, cwd: process.cwd(), exitCode: process.exitCode }, before);
});
