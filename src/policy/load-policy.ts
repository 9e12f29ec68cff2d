import { isUtf8 } from 'node:buffer';
import { closeSync, constants, existsSync, fstatSync, openSync, readFileSync } from 'node:fs';
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
  const document = parsePolicyText(readPolicyText(file), file);
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


/** The largest policy file read, as for project files: V8's longest string (about 512 MiB) could not hold more. */
const MAX_POLICY_BYTES = 512 * 1024 * 1024;

/**
 * The policy file's text, read as the project's own files are
 * (inventory/parse-json-file.ts): only a regular file, opened without
 * blocking (a FIFO would block the read for ever, deaf even to SIGTERM, as
 * the process's only thread waits), and only valid UTF-8 (decoding invalid
 * bytes as U+FFFD would change an ignore rule's id, which would then match
 * nothing without a word).
 */
function readPolicyText(file: string): string {
  let descriptor: number;
  try {
    descriptor = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new ConfigError(`cannot read ${file}: ${describeFsError(error)}`, '/', { cause: error });
  }
  let bytes: Buffer;
  try {
    const stats = fstatSync(descriptor);
    if (stats.isDirectory()) throw new ConfigError(`cannot read ${file}: is a directory`, '/');
    if (!stats.isFile()) throw new ConfigError(`${file} is not a regular file`, '/');
    if (stats.size > MAX_POLICY_BYTES) throw new ConfigError(`${file} is larger than ${MAX_POLICY_BYTES / 1024 / 1024} MiB`, '/');
    bytes = readFileSync(descriptor);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`cannot read ${file}: ${describeFsError(error)}`, '/', { cause: error });
  } finally {
    closeSync(descriptor);
  }
  if (!isUtf8(bytes)) throw new ConfigError(`${file} is not valid UTF-8`, '/');
  return bytes.toString('utf8');
}

/** The JSON document; a syntax error names its line and column. A byte order mark (Notepad writes one) is allowed. */
function parsePolicyText(text: string, file: string): unknown {
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(json);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(message)?.[1];
    const offset = position !== undefined ? Number(position) : message.includes('end of JSON input') ? json.length : -1;
    const before = json.slice(0, Math.max(offset, 0));
    const where = offset < 0 ? '' : ` at line ${before.split('\n').length}, column ${offset - before.lastIndexOf('\n')}`;
    // V8's message quotes the text around the error: only its first clause is kept.
    const reason = message.replace(/ in JSON at position \d+.*$/s, '').replace(/, ".*$/s, '').trim();
    throw new ConfigError(`${file} is not valid JSON${where}: ${reason}`, '/', { cause: error });
  }
}
