import { readFileSync } from 'node:fs';
import { describeFsError, ProjectError } from '../model/errors.js';

/**
 * Reads and parses a JSON file, turning every failure into one line that
 * names the file and, for syntax errors, the line and column.
 */
export function parseJsonFile(file: string, label: string = file): unknown {
  return parseJsonText(readProjectFile(file, label), label);
}

/** A file's text, or a one-line error naming it. */
export function readProjectFile(file: string, label: string = file): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ProjectError(`cannot read ${label}: ${describeFsError(error)}`, { cause: error });
  }
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
