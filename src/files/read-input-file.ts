import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readFileSync, statSync } from 'node:fs';
import { describeFsError, type DeptrustError } from '../model/errors.js';

/**
 * Reading the files a user or a repository hands deptrust (lockfiles,
 * package.json, settings files, the policy file): none of them is trusted to
 * be what its name says.
 */

/**
 * The largest input file read: V8's longest string (about 512 MiB) could not
 * hold more, and real lockfiles stay far below it (100,000 packages: 53 MB).
 */
export const MAX_INPUT_FILE_BYTES = 512 * 1024 * 1024;

/** The error a failure to read is reported as: the caller's kind (a project file's, a policy file's), one line naming the file. */
export type InputErrorOf = (message: string, options?: ErrorOptions) => DeptrustError;

/**
 * A regular file's bytes. Opened without blocking and checked before any
 * read: a FIFO would block the read for ever (deaf even to SIGTERM, as the
 * process's only thread waits) and a device such as /dev/zero never end.
 */
export function readInputBytes(file: string, label: string, errorOf: InputErrorOf): Buffer {
  let descriptor: number;
  try {
    // Non-blocking, so that opening a FIFO returns at once and is refused below instead of waiting for a writer.
    descriptor = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw errorOf(`cannot read ${label}: ${describeFsError(error)}`, { cause: error });
  }
  let failure: DeptrustError | undefined;
  try {
    const stats = fstatSync(descriptor);
    if (stats.isDirectory()) failure = errorOf(`cannot read ${label}: is a directory`);
    else if (!stats.isFile()) failure = errorOf(`${label} is not a regular file`);
    else if (stats.size > MAX_INPUT_FILE_BYTES) failure = errorOf(`${label} is larger than ${MAX_INPUT_FILE_BYTES / 1024 / 1024} MiB`);
    else return readFileSync(descriptor);
  } catch (error) {
    failure = errorOf(`cannot read ${label}: ${describeFsError(error)}`, { cause: error });
  } finally {
    closeSync(descriptor);
  }
  throw failure;
}

/**
 * A regular file's text, which must be valid UTF-8: decoding invalid bytes as
 * U+FFFD would rename a package (matching no advisory) or an ignore rule's id
 * (ignoring nothing), without a word.
 */
export function readInputText(file: string, label: string, errorOf: InputErrorOf): string {
  const bytes = readInputBytes(file, label, errorOf);
  if (!isUtf8(bytes)) throw errorOf(`${label} is not valid UTF-8 (line ${lineOfFirstInvalidByte(bytes)})`);
  return bytes.toString('utf8');
}

/** A JSON document; a syntax error is one line naming the file, line and column. A UTF-8 byte order mark (Notepad writes one) is allowed. */
export function parseJsonInput(text: string, label: string, errorOf: InputErrorOf): unknown {
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(json);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw errorOf(`malformed JSON in ${label}${positionSuffix(json, message)}: ${firstClause(message)}`, { cause: error });
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

function positionSuffix(text: string, message: string): string {
  const match = /at position (\d+)/.exec(message);
  const offset = match?.[1] !== undefined ? Number(match[1]) : message.includes('end of JSON input') ? text.length : -1;
  if (offset < 0) return '';
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return ` at line ${line}, column ${column}`;
}

/** V8's message without its quote of the text around the error (which could hold line breaks). */
function firstClause(message: string): string {
  return message.replace(/ in JSON at position \d+.*$/s, '').replace(/, ".*$/s, '').replace(/\s+/g, ' ').trim();
}

/**
 * Whether a path (a link followed) is a regular file, for inputs that are
 * skipped rather than refused when they are not: a FIFO would block the read
 * for ever, a device never end it; a path that cannot be looked at (absent,
 * a dangling link, EACCES) is not one.
 */
export function isRegularFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
