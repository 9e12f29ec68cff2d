// Build steps (`npm run build`, after tsc).
//
// 1. Compiles the JSON schemas deptrust checks against into standalone
// validators beside the modules that load them, so that no command loads
// ajv's compiler and compiles a schema: the CycloneDX schemas (`sbom`, `scan
// -o cyclonedx`; the 1.6 schema takes about a second to compile) and the
// policy schema (every scan with a policy file, about 120 ms). Incremental: a
// validator newer than what it is made from (this script, the module
// describing it, its schema, the compiler and ajv) is kept, and then the
// compiler is not even loaded.
// 2. Writes the digest of the compiled code, validators included, that keys
// the inventory cache (code-digest.ts). Last, since it covers what step 1 wrote.
import { fileURLToPath } from 'node:url';
import { policyValidatorBuild } from '../policy/policy-schema.js';
import { cycloneDxValidatorBuilds } from '../report/validate-cyclonedx.js';
import { writeStandaloneValidators } from '../schema/write-standalone-validator.js';
import { writeCodeDigest } from './code-digest.js';

await writeStandaloneValidators([...cycloneDxValidatorBuilds(), policyValidatorBuild()], [fileURLToPath(import.meta.url)]);
writeCodeDigest();
