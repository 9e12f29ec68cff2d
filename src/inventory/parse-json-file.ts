import { parseJsonInput, readInputBytes, readInputText } from '../files/read-input-file.js';
import { ProjectError } from '../model/errors.js';

/** The project's files, read as every input file is (files/read-input-file.ts), failing as a project that cannot be read (exit 2). */

const projectError = (message: string, options?: ErrorOptions): ProjectError => new ProjectError(message, options);

/** Reads and parses a JSON file, turning every failure into one line that names the file and, for syntax errors, the line and column. */
export function parseJsonFile(file: string, label: string = file): unknown {
  return parseJsonText(readProjectFile(file, label), label);
}

/** A regular file's text, of valid UTF-8, or a one-line error naming it. */
export function readProjectFile(file: string, label: string = file): string {
  return readInputText(file, label, projectError);
}

/** A regular file's bytes, or a one-line error naming it. */
export function readProjectBytes(file: string, label: string = file): Buffer {
  return readInputBytes(file, label, projectError);
}

export function parseJsonText(text: string, label: string): unknown {
  return parseJsonInput(text, label, projectError);
}
