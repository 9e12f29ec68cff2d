import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { ConfigError, describeFsError } from '../model/errors.js';
import type { Policy } from '../model/policy.js';
import { DEFAULT_POLICY } from '../model/policy.js';
import { parsePolicy } from './parse-policy.js';
import { policyValidator } from './policy-schema.js';
import { POLICY_FILE } from './policy-file.js';

/** `--config`, else the first `.deptrust.json` walking up from the scanned directory, else the defaults. */
export function findPolicyFile(projectDir: string, explicit: string | undefined): string | undefined {
  if (explicit) return path.resolve(explicit);
  let dir = path.resolve(projectDir);
  for (;;) {
    const candidate = path.join(dir, POLICY_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

let validator: ValidateFunction | undefined;

/** Reads and validates a policy file; an invalid one is a ConfigError (exit 2) naming the JSON path at fault. */
export async function loadPolicy(projectDir: string, explicit: string | undefined): Promise<Policy> {
  const file = findPolicyFile(projectDir, explicit);
  if (!file) return DEFAULT_POLICY;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read ${file}: ${describeFsError(error)}`, '/', { cause: error });
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, '/', { cause: error });
  }
  // The validator loads only when there is a policy file to check.
  validator ??= await policyValidator();
  if (!validator(document)) {
    const error = validator.errors?.[0];
    const where = error?.instancePath || '/';
    const detail = error?.keyword === 'additionalProperties' ? `unknown key ${JSON.stringify(error.params['additionalProperty'])}` : (error?.message ?? 'is invalid');
    const allowed = error?.keyword === 'enum' ? ` (${(error.params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')})` : '';
    throw new ConfigError(`${file}: ${where}: ${detail}${allowed}`, where);
  }
  return parsePolicy(document, file);
}

