import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { describeFsError, ProjectError } from '../model/errors.js';

/**
 * The largest project file read: V8's longest string (about 512 MiB) could
 * not hold more, and real lockfiles stay far below it (100,000 packages: 53 MB).
 */
export const MAX_PROJECT_FILE_BYTES = 512 * 1024 * 1024;

/**
 * Reads and parses a JSON file, turning every failure into one line that
 * names the file and, for syntax errors, the line and column.
 */
export function parseJsonFile(file: string, label: string = file): unknown {
  return parseJsonText(readProjectFile(file, label), label);
}

/**
 * A file's text, or a one-line error naming it: it must be a regular file
 * (a FIFO would block the read forever, /dev/zero fill the memory) of valid
 * UTF-8 (decoding invalid bytes as U+FFFD would rename a package, and a
 * renamed package matches no advisory).
 */
export function readProjectFile(file: string, label: string = file): string {
  const bytes = readProjectBytes(file, label);
  if (!isUtf8(bytes)) throw new ProjectError(`${label} is not valid UTF-8 (line ${lineOfFirstInvalidByte(bytes)})`);
  return bytes.toString('utf8');
}

/** A regular file's bytes, or a one-line error naming it. */
export function readProjectBytes(file: string, label: string = file): Buffer {
  let descriptor: number;
  try {
    // Non-blocking, so that opening a FIFO returns at once and is refused below instead of waiting for a writer.
    descriptor = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new ProjectError(`cannot read ${label}: ${describeFsError(error)}`, { cause: error });
  }
  try {
    const stats = fstatSync(descriptor);
    if (stats.isDirectory()) throw new ProjectError(`cannot read ${label}: is a directory`);
    if (!stats.isFile()) throw new ProjectError(`${label} is not a regular file`);
    if (stats.size > MAX_PROJECT_FILE_BYTES) throw new ProjectError(`${label} is larger than ${MAX_PROJECT_FILE_BYTES / 1024 / 1024} MiB`);
    return readFileSync(descriptor);
  } catch (error) {
    if (error instanceof ProjectError) throw error;
    throw new ProjectError(`cannot read ${label}: ${describeFsError(error)}`, { cause: error });
  } finally {
    closeSync(descriptor);
  }
}

/** The 1-based line of the first byte sequence that is not UTF-8 (a genuine U+FFFD in the text is skipped). */
function lineOfFirstInvalidByte(bytes: Buffer): number {
  const text = bytes.toString('utf8');
  for (let index = text.indexOf('\uFFFD'); index >= 0; index = text.indexOf('\uFFFD', index + 1)) {
    const offset = Buffer.byteLength(text.slice(0, index));
    const genuine = bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd;
    if (!genuine) return text.slice(0, index).split('\n').length;
  }
  return 1;
}

export function parseJsonText(text: string, label: string): unknown {
  try {
    // A UTF-8 byte order mark is legal in a file but not in JSON.
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ProjectError(`malformed JSON in ${label}${positionSuffix(text, message)}: ${firstClause(message)}`, {
      cause: error,
    });
  }
}

function positionSuffix(text: string, message: string): string {
  const match = /at position (\d+)/.exec(message);
  const offset = match?.[1] !== undefined ? Number(match[1]) : message.includes('end of JSON input') ? text.length : -1;
  if (offset < 0) return '';
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return ` at line ${line}, column ${column}`;
}

function firstClause(message: string): string {
  return message.replace(/ in JSON at position \d+.*$/s, '').replace(/\s+/g, ' ').trim();
}
