import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { cleanEnv } from '../helpers/clean-env.js';
import { startServer } from '../helpers/http-server.js';
import { writeNpmProject } from '../helpers/npm-project.js';
import { binPath } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp-dir.js';

/** Runs `diff --base <lockfile>` until it waits on the OSV API, interrupts it, and returns its exit code and what its TMPDIR held before and after. */
async function interruptDiff(signal: 'SIGINT' | 'SIGTERM'): Promise<{ code: number | null; during: string[]; after: string[] }> {
  const dir = tempDir();
  const tmp = path.join(dir, 'tmp');
  mkdirSync(tmp);
  const project = writeNpmProject(path.join(dir, 'project'), { name: 'app', dependencies: { 'left-pad': '1.3.0' } }, [{ name: 'left-pad', version: '1.3.0' }]);
  copyFileSync(path.join(project, 'package-lock.json'), path.join(dir, 'base-lock.json'));
  let asked: () => void = () => undefined;
  const waiting = new Promise<void>((resolve) => (asked = resolve));
  // The API never answers: the diff waits there, its base snapshot already written.
  const api = await startServer(() => {
    asked();
    return new Promise<void>(() => undefined);
  });
  const env = { ...cleanEnv(path.join(dir, 'home')), TMPDIR: tmp, DEPTRUST_DB: path.join(dir, 'deptrust.db'), DEPTRUST_OSV_API_URL: api.url };
  const child = spawn(process.execPath, [binPath, 'diff', project, '--base', path.join(dir, 'base-lock.json'), '--source', 'api', '--no-registry'], { env, stdio: 'ignore' });
  await waiting;
  const during = readdirSync(tmp);
  child.kill(signal);
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, during, after: readdirSync(tmp) };
}

test('an interrupted diff removes its base snapshot and exits as the signal would: 130 for SIGINT, 143 for SIGTERM', async () => {
  const [interrupted, terminated] = await Promise.all([interruptDiff('SIGINT'), interruptDiff('SIGTERM')]);
  for (const run of [interrupted, terminated]) {
    assert.equal(run.during.filter((name) => name.startsWith('deptrust-base-')).length, 1, `the snapshot was there: ${run.during.join(', ')}`);
    assert.deepEqual(run.after, []);
  }
  assert.equal(interrupted.code, 130);
  assert.equal(terminated.code, 143);
});
