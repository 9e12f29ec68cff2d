import { mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnySchema } from 'ajv';
import { resolvePackageFile } from './schema-issues.js';
import { standaloneValidatorSource, type CompileOptions } from './json-schema-validator.js';

/** The files every standalone validator is made from, besides its own build script and schema: the compiler and ajv. */
const COMPILER_INPUTS = [
  fileURLToPath(new URL('./json-schema-validator.js', import.meta.url)),
  fileURLToPath(new URL('./write-standalone-validator.js', import.meta.url)),
  resolvePackageFile('ajv', 'package.json'),
];

export interface StandaloneValidatorBuild {
  /** Where the validator goes (a `.cjs` file beside the module that loads it). */
  file: URL;
  /** What it says it was generated from, for its first line. */
  from: string;
  schema: AnySchema;
  options?: CompileOptions;
  /** The files it is made from besides the compiler (the build script, the schema, the library shipping it). */
  inputs: readonly string[];
}

/**
 * A build step: writes the standalone validator unless it is newer than
 * everything it is made from (the build is incremental), through a temporary
 * file so that an interrupted build leaves no half-written validator.
 * Returns whether it was written.
 */
export function writeStandaloneValidator(build: StandaloneValidatorBuild): boolean {
  const file = fileURLToPath(build.file);
  const newestInput = Math.max(...[...COMPILER_INPUTS, ...build.inputs].map((input) => statSync(input).mtimeMs));
  if ((statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Number.NEGATIVE_INFINITY) > newestInput) return false;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, `// Generated from ${build.from} by the build. Do not edit.\n${standaloneValidatorSource(build.schema, build.options)}`);
  renameSync(`${file}.tmp`, file);
  return true;
}
