import { mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnySchema } from 'ajv';
import type { CompileOptions } from './json-schema-validator.js';
import { resolvePackageFile } from './schema-issues.js';

/** One standalone validator the build writes (src/pipeline/build-steps.ts lists them all). */
export interface StandaloneValidatorBuild {
  /** Where the validator goes (a `.cjs` file beside the module that loads it). */
  file: URL;
  /** What it says it was generated from, for its first line. */
  from: string;
  /** The files it is made from besides the compiler (the module describing it, the schema, the library shipping it). */
  inputs: readonly string[];
  /** The schema and how to compile it, read only when the validator is written. */
  schema(): { schema: AnySchema; options?: CompileOptions };
}

/** What every standalone validator is also made from: the compiler, this module and ajv. */
function compilerInputs(): string[] {
  return [fileURLToPath(new URL('./json-schema-validator.js', import.meta.url)), fileURLToPath(import.meta.url), resolvePackageFile('ajv', 'package.json')];
}

const modifiedAt = (file: string): number => statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Number.NEGATIVE_INFINITY;

/**
 * A build step: writes each validator that is not newer than everything it is
 * made from (the build is incremental; `buildInputs` is what every one is
 * made from, such as the build script), through a temporary file so that an
 * interrupted build leaves no half-written validator. ajv's compiler loads
 * only when one is written. Returns how many were.
 */
export async function writeStandaloneValidators(builds: readonly StandaloneValidatorBuild[], buildInputs: readonly string[] = []): Promise<number> {
  const shared = Math.max(...[...compilerInputs(), ...buildInputs].map((input) => statSync(input).mtimeMs));
  const stale = builds.filter((build) => modifiedAt(fileURLToPath(build.file)) <= Math.max(shared, ...build.inputs.map((input) => statSync(input).mtimeMs)));
  if (stale.length === 0) return 0;
  const { standaloneValidatorSource } = await import('./json-schema-validator.js');
  for (const build of stale) {
    const file = fileURLToPath(build.file);
    const { schema, options } = build.schema();
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, `// Generated from ${build.from} by the build. Do not edit.\n${standaloneValidatorSource(schema, options)}`);
    renameSync(`${file}.tmp`, file);
  }
  return stale.length;
}
