// Build step (`npm run build`, after tsc): compiles the CycloneDX JSON
// schemas into standalone validators next to validate-cyclonedx.js, so that
// `sbom` and `scan` load generated code instead of compiling a large schema
// on every run. Incremental: a validator newer than what it is made from
// (this script and validate-cyclonedx.js as tsc last emitted them, the
// installed CycloneDX library, the compiler and ajv) is kept.
import { fileURLToPath } from 'node:url';
import { resolvePackageFile } from '../schema/schema-issues.js';
import { writeStandaloneValidator } from '../schema/write-standalone-validator.js';
import { CYCLONEDX_LIBRARY, CYCLONEDX_SPECS, cycloneDxSchema, precompiledValidatorFile } from './validate-cyclonedx.js';

const inputs = [fileURLToPath(import.meta.url), fileURLToPath(new URL('./validate-cyclonedx.js', import.meta.url)), resolvePackageFile(CYCLONEDX_LIBRARY, 'package.json')];

for (const spec of CYCLONEDX_SPECS) {
  const { schema, options } = cycloneDxSchema(spec);
  writeStandaloneValidator({ file: precompiledValidatorFile(spec), from: `CycloneDX ${spec}'s official schema`, schema, options, inputs });
}
