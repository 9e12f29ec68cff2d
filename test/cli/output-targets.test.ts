import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createReadStream, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { cleanEnv } from '../helpers/clean-env.js';
import { osvRecord } from '../helpers/osv-records.js';
import { binPath, fixtureProject } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { writeOutputsChecked } from '../../src/cli/write-output.js';
import { tempDir, writeTree } from '../helpers/temp-dir.js';

// `-o` onto what is not a regular file: devices, FIFOs and /dev/stdout are
// written in place (never replaced by a rename), symlinks are followed, and
// every target is checked before any is written.

const project = fixtureProject('aliased-dependency');
const work = tempDir();
const env = { DEPTRUST_DB: path.join(work, 'deptrust.db') };

before(async () => {
  const record = osvRecord('GHSA-aaaa-bbbb-cccc', 'ms', [{ introduced: '0' }, { fixed: '2.0.0' }]);
  const imported = await runCli(['db', 'import', writeTree(path.join(work, 'advisories'), { 'r.json': record })], { env });
  assert.equal(imported.code, 0, imported.stderr);
});

const isBom = (text: string): boolean => (JSON.parse(text) as { bomFormat?: string }).bomFormat === 'CycloneDX';
const leftovers = (dir: string): string[] => readdirSync(dir).filter((name) => name.endsWith('.tmp'));

test('-o /dev/null: written in place, /dev/null is still a character device afterwards (exit 0)', async () => {
  const before = statSync('/dev/null');
  assert.ok(before.isCharacterDevice());
  const sbom = await runCli(['sbom', project, '-o', '/dev/null']);
  const scan = await runCli(['scan', project, '--offline', '--no-registry', '-o', 'json=/dev/null', '-o', 'sarif=/dev/null', '-o', 'markdown=/dev/null'], { env });
  assert.equal(sbom.code, 0, sbom.stderr);
  assert.equal(scan.code, 0, scan.stderr);
  const after = statSync('/dev/null');
  assert.ok(after.isCharacterDevice(), '/dev/null is still a device');
  assert.equal(after.rdev, before.rdev);
  assert.equal(after.ino, before.ino, 'the same inode: never replaced');
  assert.deepEqual(leftovers('/dev'), []);
});

test('-o onto a FIFO: written in place to its reader, the FIFO stays a FIFO', async () => {
  const dir = tempDir();
  const fifo = path.join(dir, 'bom.pipe');
  execFileSync('mkfifo', [fifo]);
  let received = '';
  const reader = new Promise<void>((resolve, reject) => {
    createReadStream(fifo, { encoding: 'utf8' }).on('data', (chunk) => (received += String(chunk))).on('end', resolve).on('error', reject);
  });
  const result = await runCli(['sbom', project, '-o', fifo]);
  await reader;
  assert.equal(result.code, 0, result.stderr);
  assert.ok(isBom(received), 'the reader got the whole SBOM');
  assert.ok(lstatSync(fifo).isFIFO());
  assert.deepEqual(leftovers(dir), []);
});

test('-o onto a FIFO nobody reads: the open waits for a reader as a shell would, and SIGTERM still ends it at once', async () => {
  const dir = tempDir();
  const fifo = path.join(dir, 'nobody.pipe');
  execFileSync('mkfifo', [fifo]);
  const child = spawn(process.execPath, [binPath, 'sbom', project, '-o', fifo], { env: { ...cleanEnv(dir), ...env }, stdio: 'ignore' });
  let exitedEarly = false;
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => ((exitedEarly = true), resolve(signal))));
  // The kernel's name for where the main thread waits: a FIFO's open waiting for its other end.
  const wchan = (): string => (exitedEarly ? 'exited' : readFileSync(`/proc/${child.pid}/wchan`, 'utf8'));
  for (let waited = 0; waited < 20_000 && wchan() !== 'wait_for_partner' && !exitedEarly; waited += 20) await delay(20);
  assert.equal(wchan(), 'wait_for_partner', 'blocked in the open');
  child.kill('SIGTERM');
  // Before: caught for its handler, which the blocked thread never ran: the process waited for ever (killed here, not left behind).
  const ended = await Promise.race([exited, delay(10_000, 'still running')]);
  if (ended === 'still running') child.kill('SIGKILL');
  assert.equal(ended, 'SIGTERM');
});

test('-o /dev/stdout: the output goes to stdout', async () => {
  const result = await runCli(['sbom', project, '-o', '/dev/stdout']);
  assert.equal(result.code, 0, result.stderr);
  assert.ok(isBom(result.stdout));
});

test('-o onto a symlink: its target is replaced atomically, the link stays a link; a dangling link gets its target created', async () => {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'reports'));
  const real = path.join(dir, 'reports', 'bom.json');
  writeFileSync(real, 'old\n', { mode: 0o640 });
  const link = path.join(dir, 'bom.json');
  symlinkSync(path.join('reports', 'bom.json'), link);
  const result = await runCli(['sbom', project, '-o', link]);
  assert.equal(result.code, 0, result.stderr);
  assert.ok(lstatSync(link).isSymbolicLink(), 'the link is still a link');
  assert.ok(isBom(readFileSync(real, 'utf8')), 'its target has the SBOM');
  assert.equal(statSync(real).mode & 0o777, 0o640, 'the target keeps its mode');
  assert.deepEqual([...leftovers(dir), ...leftovers(path.join(dir, 'reports'))], []);

  const dangling = path.join(dir, 'next.json');
  symlinkSync(path.join('reports', 'next.json'), dangling);
  const created = await runCli(['sbom', project, '-o', dangling]);
  assert.equal(created.code, 0, created.stderr);
  assert.ok(lstatSync(dangling).isSymbolicLink());
  assert.ok(isBom(readFileSync(path.join(dir, 'reports', 'next.json'), 'utf8')));
});

test('one unwritable -o target: nothing is written (not even the targets before it), exit 2 naming it', async () => {
  const dir = tempDir();
  const first = path.join(dir, 'report.json');
  const existing = path.join(dir, 'comment.md');
  writeFileSync(existing, 'the previous comment\n');
  for (const bad of [path.join(dir, 'missing', 'x.sarif'), dir]) {
    const result = await runCli(['scan', project, '--offline', '--no-registry', '-o', `json=${first}`, '-o', `markdown=${existing}`, '-o', `sarif=${bad}`], { env });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, new RegExp(`deptrust: cannot write ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: (no such file|is a directory)\\n$`));
    assert.equal(lstatSync(first, { throwIfNoEntry: false }), undefined, 'the first target was not written');
    assert.equal(readFileSync(existing, 'utf8'), 'the previous comment\n', 'an existing file is untouched');
  }
  assert.deepEqual(leftovers(dir), []);
});

test('a device that fails its write (-o /dev/full: no space) leaves every file as it was, whatever the order of the outputs', async () => {
  const dir = tempDir();
  const existing = path.join(dir, 'report.json');
  const fresh = path.join(dir, 'comment.md');
  writeFileSync(existing, 'the previous report\n');
  const result = await runCli(['scan', project, '--offline', '--no-registry', '-o', `json=${existing}`, '-o', `markdown=${fresh}`, '-o', 'sarif=/dev/full'], { env });
  assert.equal(result.code, 2, result.stderr);
  assert.equal(result.stderr, 'deptrust: cannot write /dev/full: no space left on device\n');
  assert.equal(readFileSync(existing, 'utf8'), 'the previous report\n', 'replaced before the device failed');
  assert.equal(lstatSync(fresh, { throwIfNoEntry: false }), undefined);
  assert.deepEqual(leftovers(dir), []);
});

test('two outputs to one file (by its name, or through a symlink) are refused before anything is written; only the last would have stayed', () => {
  const dir = tempDir();
  const report = path.join(dir, 'report.json');
  symlinkSync(report, path.join(dir, 'link.json'));
  const io = { cwd: () => dir, stdout: { write: () => true } };
  for (const second of ['report.json', 'link.json']) {
    assert.throws(() => writeOutputsChecked([{ file: 'report.json', content: '{}' }, { file: second, content: 'sarif' }], io, undefined, () => undefined), /two outputs would be written to one file: report\.json/);
    assert.equal(lstatSync(report, { throwIfNoEntry: false }), undefined);
  }
  writeOutputsChecked([{ file: '/dev/null', content: 'a' }, { file: '/dev/null', content: 'b' }], io, undefined, () => undefined);
});

test('outputs in pieces: each file is staged whole before any is replaced, so a report that fails while it is made leaves every file as it was', () => {
  const dir = tempDir();
  const json = path.join(dir, 'report.json');
  const markdown = path.join(dir, 'comment.md');
  writeFileSync(json, 'the previous report\n');
  writeFileSync(markdown, 'the previous comment\n');
  const io = { cwd: () => dir, stdout: { write: () => true } };
  const written: string[] = [];
  function* failing(): Generator<string> {
    yield '{"half": ';
    throw new Error('rendering failed');
  }
  assert.throws(() => writeOutputsChecked([{ file: markdown, content: 'the new comment\n' }, { file: json, content: failing() }], io, undefined, (file) => written.push(file)), /rendering failed/);
  assert.equal(readFileSync(json, 'utf8'), 'the previous report\n');
  assert.equal(readFileSync(markdown, 'utf8'), 'the previous comment\n');
  assert.equal(written.length, 0);
  assert.deepEqual(leftovers(dir), []);

  const pieces = ['{', '"a": "é😀"', ',"b": [', '1', ']}\n'];
  writeOutputsChecked([{ file: markdown, content: 'the new comment\n' }, { file: json, content: pieces.values() }], io, () => written.push('staged'), (file) => written.push(file));
  assert.equal(readFileSync(json, 'utf8'), pieces.join(''));
  assert.equal(readFileSync(markdown, 'utf8'), 'the new comment\n');
  assert.deepEqual(written, ['staged', markdown, json]);
  assert.deepEqual(leftovers(dir), []);
});
