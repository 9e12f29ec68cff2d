import { accessSync, chmodSync, closeSync, constants, fsyncSync, lstatSync, openSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, writeSync, type Stats } from 'node:fs';
import path from 'node:path';
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
export function writePrepared(target: OutputTarget, content: string, io: Pick<CliProcess, 'stdout'>): void {
  if (target.kind === 'stdout') {
    io.stdout.write(content);
    return;
  }
  if (target.kind === 'in-place') {
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
    return;
  }
  const temporary = path.join(path.dirname(target.path), `.${path.basename(target.path)}.${process.pid}.${Date.now()}.tmp`);
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
    renameSync(temporary, target.path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new UsageError(`cannot write ${target.file}: ${describeFsError(error)}`, { cause: error });
  }
}

/** Writes `content` to `file` (stdout without one): checked, then written as `prepareOutput` decides. */
export function writeOutput(file: string | undefined, content: string, io: Pick<CliProcess, 'cwd' | 'stdout'>): void {
  writePrepared(prepareOutput(file, io), content, io);
}

/** Every target checked first, so one that cannot be written leaves all the others untouched; then each written. */
export function writeOutputsChecked(outputs: ReadonlyArray<{ file: string | undefined; content: string }>, io: Pick<CliProcess, 'cwd' | 'stdout'>, onWritten: (file: string) => void): void {
  const targets = outputs.map(({ file }) => prepareOutput(file, io));
  outputs.forEach(({ file, content }, index) => {
    const target = targets[index];
    if (!target) return;
    writePrepared(target, content, io);
    if (file !== undefined && target.kind !== 'stdout') onWritten(file);
  });
}

/** Characters encoded at a time: a report of 100 MB is never copied whole into a buffer beside its text. */
const WRITE_CHUNK = 4 * 1024 * 1024;

function writeText(fd: number, content: string): void {
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
