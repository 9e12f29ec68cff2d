import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { AnySchema, ErrorObject, ValidateFunction } from 'ajv';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import addDraft2019Formats from 'ajv-formats-draft2019';

const require = createRequire(import.meta.url);

export interface SchemaValidationIssue {
  /** JSON Pointer into the document. */
  path: string;
  message: string;
}

export interface CompileOptions {
  /** Other schemas referenced by `$ref`, keyed by their `$id`. */
  references?: Readonly<Record<string, AnySchema>>;
  /** Formats to accept without checking (e.g. CycloneDX's `iri-reference`). */
  lenientFormats?: readonly string[];
  /** Extra format checkers, by name. */
  formats?: Readonly<Record<string, RegExp | ((value: string) => boolean)>>;
  /** Formats to take from ajv-formats-draft2019 (`idn-email`, `iri`, …). */
  draft2019Formats?: readonly string[];
}

/**
 * `uniqueItems` as JSON Schema defines it (no two items deep-equal), in
 * linear time. Ajv compares every pair of object items with a deep-equal,
 * which on a 2,500-component SBOM costs about a second; equal JSON values
 * have equal canonical serialisations, so a set of those decides the same.
 */
const LINEAR_UNIQUE_ITEMS = 'x-deptrust-unique-items';

export function compileJsonSchema(schema: AnySchema, options: CompileOptions = {}): ValidateFunction {
  const ajv = new Ajv({
    strict: false,
    allErrors: false,
    useDefaults: false,
    addUsedSchema: false,
    schemas: Object.fromEntries(Object.entries(options.references ?? {}).map(([id, schema]) => [id, withLinearUniqueItems(schema)])),
    loadSchema: (uri: string) => {
      throw new Error(`remote schemas are disabled: ${uri}`);
    },
  });
  // ajv-formats is CommonJS with its plugin on `.default` as well.
  ajvFormats.default(ajv);
  if (options.draft2019Formats?.length) addDraft2019Formats(ajv, { formats: [...options.draft2019Formats] });
  for (const name of options.lenientFormats ?? []) ajv.addFormat(name, true);
  for (const [name, check] of Object.entries(options.formats ?? {})) ajv.addFormat(name, check);
  ajv.addKeyword({
    keyword: LINEAR_UNIQUE_ITEMS,
    type: 'array',
    schemaType: 'boolean',
    validate: (enabled: boolean, data: unknown[]) => !enabled || allDistinct(data),
    error: { message: 'must NOT have duplicate items' },
  });
  return ajv.compile(withLinearUniqueItems(schema));
}

export function describeSchemaErrors(errors: readonly ErrorObject[] | null | undefined): SchemaValidationIssue[] {
  return (errors ?? []).map((error) => ({
    path: error.instancePath || '/',
    message: `${error.message ?? 'is invalid'}${error.params && 'allowedValues' in error.params ? ` (${JSON.stringify(error.params['allowedValues'])})` : ''}`,
  }));
}

export function readJsonResource(specifier: string): AnySchema {
  return JSON.parse(readFileSync(require.resolve(specifier), 'utf8')) as AnySchema;
}

export function resolvePackageFile(packageName: string, relativePath: string): string {
  const packageJson = require.resolve(`${packageName}/package.json`);
  return packageJson.slice(0, -'package.json'.length) + relativePath;
}

function withLinearUniqueItems<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(withLinearUniqueItems) as T;
  if (schema === null || typeof schema !== 'object') return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'uniqueItems') copy[LINEAR_UNIQUE_ITEMS] = value;
    else copy[key] = withLinearUniqueItems(value);
  }
  return copy as T;
}

function allDistinct(items: readonly unknown[]): boolean {
  const seen = new Set<string>();
  for (const item of items) {
    const key = canonicalJson(item);
    if (seen.has(key)) return false;
    seen.add(key);
  }
  return true;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
