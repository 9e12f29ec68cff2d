import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { test } from 'node:test';
import { saveBody } from '../../src/net/http.js';
import { NetworkError } from '../../src/model/errors.js';
import { cleanEnv } from '../helpers/clean-env.js';
import { startServer } from '../helpers/http-server.js';
import { binPath } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp-dir.js';

/** Sends a zip header and then 64 KiB chunks until the client goes away. */
function endless(response: ServerResponse, onFirstChunk?: () => void): void {
  response.writeHead(200, { 'content-type': 'application/zip' });
  const chunk = Buffer.alloc(64 * 1024, 0x41);
  response.write(Buffer.from('PK\x03\x04'));
  onFirstChunk?.();
  const more = (): void => {
    while (!response.destroyed && response.write(chunk));
    if (!response.destroyed) response.once('drain', more);
  };
  more();
}

test('a download past its size cap is stopped with a network error (an endless dump never fills the disk)', async () => {
  const server = await startServer((_request, _body, response) => endless(response));
  const file = path.join(tempDir(), 'all.zip');
  const response = await fetch(`${server.url}/npm/all.zip`);
  await assert.rejects(saveBody(response, file, `${server.url}/npm/all.zip`, undefined, 1024 * 1024), (error: unknown) => {
    assert.ok(error instanceof NetworkError);
    assert.match(error.message, /^the download of .*all\.zip passed 1048576 bytes: stopped$/);
    return true;
  });
});

test('SIGTERM during the dump download exits 143 and removes the temporary folder', async () => {
  const dir = tempDir();
  const tmp = path.join(dir, 'tmp');
  mkdirSync(tmp);
  let started: () => void = () => undefined;
  const downloading = new Promise<void>((resolve) => (started = resolve));
  // Headers and a first chunk, then nothing: the download hangs half done.
  const server = await startServer((_request, _body, response) => {
    response.writeHead(200, { 'content-type': 'application/zip', 'content-length': String(100 * 1024 * 1024) });
    response.write(Buffer.alloc(256 * 1024, 0x41), () => started());
  });
  const child = spawn(process.execPath, [binPath, 'db', 'update'], {
    env: { ...cleanEnv(dir), TMPDIR: tmp, DEPTRUST_DB: path.join(dir, 'deptrust.db'), DEPTRUST_OSV_DUMP_URL: server.url },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await downloading;
  // The folder exists once the body is being written to it.
  while (!readdirSync(tmp).some((name) => name.startsWith('deptrust-dump-') && existsSync(path.join(tmp, name, 'all.zip')))) await new Promise((resolve) => setTimeout(resolve, 20));
  child.kill('SIGTERM');
  const [code] = (await once(child, 'close')) as [number | null];
  assert.equal(code, 143);
  assert.deepEqual(readdirSync(tmp), []);
});
