import { accessSync, chmodSync, closeSync, constants, fsyncSync, lstatSync, openSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, writeSync, type Stats } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { OutputText } from '../report/output-formats.js';
import { describeFsError, UsageError } from '../model/errors.js';
import type { CliProcess } from './cli-process.js';

/**
 * Where one output goes, decided before anything is written:
 * - `stdout`: no file, `-` or `/dev/stdout`;
 * - `replace`: a regular file (or a new one), written to a temporary file in
 *   its folder, flushed, then renamed over it, so a reader (or a crash) never
 *   sees half a file. A symlink is followed: its target is replaced, the link stays;
 * - `in-place`: a character or block device, a FIFO or a socket (`/dev/null`,
 *   `/dev/tty`, a named pipe), opened and written as it is. Renaming over one
 *   would replace the device with a regular file: as root, `-o /dev/null` would
 *   break every program on the machine that writes to it.
 */
export type OutputTarget =
  | { kind: 'stdout' }
  | { kind: 'replace'; file: string; path: string; mode: number }
  | { kind: 'in-place'; file: string; path: string };

const MAX_LINKS = 40;

/** Checks one `-o` target (UsageError, exit 2, naming it, when it cannot be written) and says how it will be written. */
export function prepareOutput(file: string | undefined, io: Pick<CliProcess, 'cwd'>): OutputTarget {
  if (file === undefined || file === '-' || file === '/dev/stdout') return { kind: 'stdout' };
  const given = path.resolve(io.cwd(), file);
  const fail = (reason: string, cause?: unknown): never => {
    throw new UsageError(`cannot write ${file}: ${reason}`, cause === undefined ? undefined : { cause });
  };
  try {
    const existing = statSync(given, { throwIfNoEntry: false });
    if (existing === undefined) {
      // A new file, or a symlink to one that does not exist yet: created where the link points.
      const target = followDanglingLinks(given);
      const folder = statSync(path.dirname(target), { throwIfNoEntry: false });
      if (!folder) return fail('no such file');
      if (!folder.isDirectory()) return fail('not a directory');
      accessSync(path.dirname(target), constants.W_OK);
      return { kind: 'replace', file, path: target, mode: 0o644 };
    }
    if (existing.isDirectory()) return fail('is a directory');
    accessSync(given, constants.W_OK);
    if (!existing.isFile()) return { kind: 'in-place', file, path: given };
    const target = realpathSync(given);
    accessSync(path.dirname(target), constants.W_OK);
    return { kind: 'replace', file, path: target, mode: modeOf(existing) };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    return fail(describeFsError(error), error);
  }
}

/** Writes one output to a target `prepareOutput` accepted. */
export function writePrepared(target: OutputTarget, content: OutputText, io: Pick<CliProcess, 'stdout' | 'whileBlocked'>): void {
  if (target.kind === 'stdout') {
    io.stdout.write(wholeText(content));
    return;
  }
  if (target.kind === 'in-place') {
    // A FIFO's open waits for a reader, and a write for room in the pipe, as a shell's `>` does: the signals stay able to end it.
    const write = (): void => writeInPlace(target, content);
    if (io.whileBlocked) io.whileBlocked(write);
    else write();
    return;
  }
  replaceWith(target, stageReplacement(target, content));
}

/** Writes `content` to `file` (stdout without one): checked, then written as `prepareOutput` decides. */
export function writeOutput(file: string | undefined, content: OutputText, io: Pick<CliProcess, 'cwd' | 'stdout' | 'whileBlocked'>): void {
  writePrepared(prepareOutput(file, io), content, io);
}

/**
 * Every target checked first, so one that cannot be written leaves all the
 * others untouched; then every file written to its temporary file (an
 * output in pieces is rendered as it is written), and only when all are
 * written is each renamed over its file, in order: an output that fails to
 * render or write leaves every file as it was. Stdout and devices get
 * their text whole, once every file is staged; devices before any file is
 * renamed, since a write to one can fail too.
 */
export function writeOutputsChecked(
  outputs: ReadonlyArray<{ file: string | undefined; content: OutputText }>,
  io: Pick<CliProcess, 'cwd' | 'stdout' | 'whileBlocked'>,
  /** Told once every output is made and staged, before anything is replaced or said (a progress line is cleared then). */
  onStaged: (() => void) | undefined,
  onWritten: (file: string) => void,
): void {
  const targets = outputs.map(({ file }) => prepareOutput(file, io));
  refuseSharedFiles(targets);
  const staged: Array<string | undefined> = [];
  const texts: Array<string | undefined> = [];
  try {
    outputs.forEach(({ content }, index) => {
      const target = targets[index];
      if (target?.kind === 'replace') staged[index] = stageReplacement(target, content);
      else texts[index] = wholeText(content);
    });
  } catch (error) {
    for (const temporary of staged) if (temporary !== undefined) rmSync(temporary, { force: true });
    throw error;
  }
  onStaged?.();
  // Devices first: a write to one can still fail (/dev/full: no space left), and while no file is renamed yet
  // such a failure leaves every file as it was (their staged copies are removed) instead of half the outputs new.
  try {
    outputs.forEach(({ file }, index) => {
      const target = targets[index];
      if (target?.kind !== 'in-place') return;
      writePrepared(target, texts[index] ?? '', io);
      if (file !== undefined) onWritten(file);
    });
  } catch (error) {
    for (const temporary of staged) if (temporary !== undefined) rmSync(temporary, { force: true });
    throw error;
  }
  outputs.forEach(({ file }, index) => {
    const target = targets[index];
    const temporary = staged[index];
    if (!target || target.kind === 'in-place') return;
    if (target.kind === 'replace' && temporary !== undefined) replaceWith(target, temporary);
    else writePrepared(target, texts[index] ?? '', io);
    if (file !== undefined && target.kind !== 'stdout') onWritten(file);
  });
}

/**
 * Two outputs renamed over one file (`-o json=r.json -o sarif=r.json`, or
 * through a symlink) would leave only the last, each said to be written: a
 * usage error, like two outputs on stdout. Devices take what each writes.
 */
function refuseSharedFiles(targets: readonly OutputTarget[]): void {
  const seen = new Map<string, string>();
  for (const target of targets) {
    if (target.kind !== 'replace') continue;
    const first = seen.get(target.path);
    if (first !== undefined) throw new UsageError(`two outputs would be written to one file: ${first === target.file ? first : `${first} and ${target.file}`}; give each its own`);
    seen.set(target.path, target.file);
  }
}

function wholeText(content: OutputText): string {
  return typeof content === 'string' ? content : [...content].join('');
}

function writeInPlace(target: Extract<OutputTarget, { kind: 'in-place' }>, content: OutputText): void {
  try {
    const fd = openSync(target.path, 'w');
    try {
      writeText(fd, content);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw new UsageError(`cannot write ${target.file}: ${describeFsError(error)}`, { cause: error });
  }
}

/** Writes the content to a new temporary file beside the target, flushed and with the target's mode; its path. */
function stageReplacement(target: Extract<OutputTarget, { kind: 'replace' }>, content: OutputText): string {
  const temporary = path.join(path.dirname(target.path), `.${path.basename(target.path)}.${process.pid}.${Date.now()}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = openSync(temporary, 'wx', target.mode);
    try {
      writeText(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    // openSync's mode passes through the umask; the replaced file keeps its own.
    chmodSync(temporary, target.mode);
    return temporary;
  } catch (error) {
    rmSync(temporary, { force: true });
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot write ${target.file}: ${describeFsError(error)}`, { cause: error });
  }
}

/** Renames a staged temporary file over its target (removed when that fails). */
function replaceWith(target: Extract<OutputTarget, { kind: 'replace' }>, temporary: string): void {
  try {
    renameSync(temporary, target.path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new UsageError(`cannot write ${target.file}: ${describeFsError(error)}`, { cause: error });
  }
}

/** Characters encoded at a time: a report of 100 MB is never copied whole into a buffer beside its text. */
const WRITE_CHUNK = 4 * 1024 * 1024;

/** Writes the text, or its pieces gathered into chunks of about `WRITE_CHUNK` characters. */
function writeText(fd: number, content: OutputText): void {
  if (typeof content === 'string') {
    writeString(fd, content);
    return;
  }
  let pending: string[] = [];
  let length = 0;
  for (const piece of content) {
    pending.push(piece);
    length += piece.length;
    if (length >= WRITE_CHUNK) {
      writeString(fd, pending.join(''));
      pending = [];
      length = 0;
    }
  }
  writeString(fd, pending.join(''));
}

function writeString(fd: number, content: string): void {
  for (let start = 0; start < content.length; ) {
    let end = Math.min(content.length, start + WRITE_CHUNK);
    // Never between the two halves of a surrogate pair.
    if (end < content.length && /[\ud800-\udbff]/.test(content.charAt(end - 1))) end--;
    const bytes = Buffer.from(content.slice(start, end), 'utf8');
    // A pipe or a FIFO may take a write in parts.
    for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    start = end;
  }
}

function modeOf(stats: Stats): number {
  return stats.mode & 0o7777;
}

/** The path a chain of symlinks ends at when its last target does not exist (the path itself when it is no link). */
function followDanglingLinks(file: string): string {
  let current = file;
  for (let hops = 0; hops < MAX_LINKS; hops++) {
    const stats = lstatSync(current, { throwIfNoEntry: false });
    if (!stats?.isSymbolicLink()) return current;
    current = path.resolve(path.dirname(current), readlinkSync(current));
  }
  throw new UsageError(`cannot write ${file}: too many symbolic links`);
}
