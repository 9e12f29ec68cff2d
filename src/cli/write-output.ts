import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { describeFsError, UsageError } from '../model/errors.js';

/**
 * Writes `content` to `file` atomically: into a temporary file in the same
 * folder, flushed, then renamed over the target, so a reader (or a crash)
 * never sees half a file and an existing file is replaced only when the new
 * one is complete. Without a file, writes to stdout.
 */
export function writeOutput(file: string | undefined, content: string): void {
  if (file === undefined || file === '-') {
    process.stdout.write(content);
    return;
  }
  const target = path.resolve(file);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    const fd = openSync(temporary, 'wx', 0o644);
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new UsageError(`cannot write ${file}: ${describeFsError(error)}`, { cause: error });
  }
}
