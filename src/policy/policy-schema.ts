import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { loadPrecompiledValidator } from '../schema/precompiled-validator.js';
import type { StandaloneValidatorBuild } from '../schema/write-standalone-validator.js';

/** The policy file's JSON Schema, published with the docs. */
export const POLICY_SCHEMA_FILE = fileURLToPath(new URL('../../../docs/schemas/policy.v1.schema.json', import.meta.url));

/** Where the build writes the policy schema's standalone validator (src/pipeline/build-steps.ts). */
export const PRECOMPILED_POLICY_VALIDATOR = new URL('./generated/policy.v1.cjs', import.meta.url);

export function readPolicySchema(): object {
  return JSON.parse(readFileSync(POLICY_SCHEMA_FILE, 'utf8')) as object;
}

/** How the build makes the policy validator. */
export function policyValidatorBuild(): StandaloneValidatorBuild {
  return { file: PRECOMPILED_POLICY_VALIDATOR, from: 'docs/schemas/policy.v1.schema.json', inputs: [fileURLToPath(import.meta.url), POLICY_SCHEMA_FILE], schema: () => ({ schema: readPolicySchema() }) };
}

/**
 * The policy validator: the build's standalone code (a few milliseconds to
 * load), or, without it, the schema compiled now (ajv's compiler and formats,
 * about 90 modules, and the compilation: about 120 ms of CPU in a fresh
 * process, paid by every scan that has a policy file).
 */
export async function policyValidator(): Promise<ValidateFunction> {
  const precompiled = loadPrecompiledValidator(PRECOMPILED_POLICY_VALIDATOR);
  if (precompiled) return precompiled;
  const { compileJsonSchema } = await import('../schema/json-schema-validator.js');
  return compileJsonSchema(readPolicySchema());
}
