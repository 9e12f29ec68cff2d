// Build step (`npm run build`, after tsc): compiles the policy file's JSON
// Schema into a standalone validator (policy-schema.ts loads it), so that a
// scan with a policy file does not load ajv's compiler and compile the
// schema. Incremental, like the CycloneDX validators: kept while newer than
// this script, the schema, the compiler and ajv.
import { fileURLToPath } from 'node:url';
import { writeStandaloneValidator } from '../schema/write-standalone-validator.js';
import { POLICY_SCHEMA_FILE, PRECOMPILED_POLICY_VALIDATOR, readPolicySchema } from './policy-schema.js';

writeStandaloneValidator({
  file: PRECOMPILED_POLICY_VALIDATOR,
  from: 'docs/schemas/policy.v1.schema.json',
  schema: readPolicySchema(),
  inputs: [fileURLToPath(import.meta.url), POLICY_SCHEMA_FILE],
});
