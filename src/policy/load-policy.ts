import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { parseJsonInput, readInputText } from '../files/read-input-file.js';
import { ConfigError } from '../model/errors.js';
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

const policyError = (message: string, options?: ErrorOptions): ConfigError => new ConfigError(message, '/', options);

/** Reads and validates a policy file; an invalid one is a ConfigError (exit 2) naming the JSON path at fault. */
export async function loadPolicy(projectDir: string, explicit: string | undefined): Promise<Policy> {
  const file = findPolicyFile(projectDir, explicit);
  if (!file) return DEFAULT_POLICY;
  // Read as the project's own files are: a regular file only (a FIFO would hang every command), strict UTF-8 (an ignore rule's
  // id decoded with U+FFFD would ignore nothing), a byte order mark allowed, a syntax error named by line and column.
  const document = parseJsonInput(readInputText(file, file, policyError), file, policyError);
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
