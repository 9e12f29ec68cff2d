import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { ConfigError, describeFsError } from '../model/errors.js';
import type { Policy } from '../model/policy.js';
import { DEFAULT_POLICY } from '../model/policy.js';
import { parsePolicy } from '../policy/parse-policy.js';
import { compileJsonSchema } from '../report/json-schema-validator.js';

export const POLICY_FILE = '.deptrust.json';
const SCHEMA_FILE = fileURLToPath(new URL('../../../docs/schemas/policy.v1.schema.json', import.meta.url));

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
export function loadPolicy(projectDir: string, explicit: string | undefined): Policy {
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
  validator ??= compileJsonSchema(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object);
  if (!validator(document)) {
    const error = validator.errors?.[0];
    const where = error?.instancePath || '/';
    const detail = error?.keyword === 'additionalProperties' ? `unknown key ${JSON.stringify(error.params['additionalProperty'])}` : (error?.message ?? 'is invalid');
    const allowed = error?.keyword === 'enum' ? ` (${(error.params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')})` : '';
    throw new ConfigError(`${file}: ${where}: ${detail}${allowed}`, where);
  }
  return parsePolicy(document, file);
}

/** The starter file `deptrust init` writes. */
export function starterPolicy(): string {
  const expires = new Date(Date.now() + 90 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  return `${JSON.stringify(
    {
      $schema: 'https://deptrust.dev/schemas/policy.v1.schema.json',
      version: 1,
      failOn: {
        severity: 'high',
        riskScore: 80,
        signals: ['typosquat', 'malware'],
        licenses: { deny: ['AGPL-3.0-only', 'GPL-3.0-only'] },
        sources: { allow: ['registry', 'workspace', 'link'] },
      },
      omit: [],
      ignore: [
        {
          id: 'GHSA-xxxx-xxxx-xxxx',
          package: 'example-package',
          versions: '<2.0.0',
          reason: 'Replace with why this advisory does not apply to us, then remove this example.',
          expires,
          justification: 'code_not_reachable',
        },
      ],
    },
    null,
    2,
  )}\n`;
}
