import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';

// The build compiles large or often-used schemas once into standalone
// validators (write-standalone-validator.ts); a command loads that code, a
// few milliseconds, instead of loading ajv's compiler and compiling the
// schema on every run. Loading one needs ajv's small runtime helpers only.

const require = createRequire(import.meta.url);

/** The validator the build wrote at `file`, or undefined when it is not there (then the caller compiles the schema). */
export function loadPrecompiledValidator(file: URL): ValidateFunction | undefined {
  try {
    const loaded: unknown = require(file.pathname);
    return typeof loaded === 'function' ? (loaded as ValidateFunction) : undefined;
  } catch (error) {
    if (error && typeof error === 'object' && 'code' in error && error.code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}
