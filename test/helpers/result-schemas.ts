import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { compileJsonSchema } from '../../src/schema/json-schema-validator.js';
import { repoRoot } from './paths.js';

// The published JSON schemas of deptrust's own reports (docs/schemas),
// compiled once per test process: compiling one costs a quarter of a second.

const SCAN_RESULT_ID = 'https://deptrust.dev/schemas/scan-result.v2.schema.json';

function readSchema(name: string): object {
  return JSON.parse(readFileSync(path.join(repoRoot, 'docs', 'schemas', name), 'utf8')) as object;
}

let scanResult: ValidateFunction | undefined;
let diffResult: ValidateFunction | undefined;

/** Validates a `scan --format json` document against docs/schemas/scan-result.v2.schema.json. */
export function scanResultValidator(): ValidateFunction {
  scanResult ??= compileJsonSchema(readSchema('scan-result.v2.schema.json'));
  return scanResult;
}

/** Validates a `diff --format json` document against docs/schemas/diff-result.v2.schema.json (which refers to the scan result's). */
export function diffResultValidator(): ValidateFunction {
  diffResult ??= compileJsonSchema(readSchema('diff-result.v2.schema.json'), { references: { [SCAN_RESULT_ID]: readSchema('scan-result.v2.schema.json') } });
  return diffResult;
}
