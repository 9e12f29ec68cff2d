import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { AnySchema, KeywordCxt, ValidateFunction } from 'ajv';
import { _, Ajv } from 'ajv';
import { _Code } from 'ajv/dist/compile/codegen/code.js';
import standalone from 'ajv/dist/standalone/index.js';
import ajvFormats from 'ajv-formats';
import addDraft2019Formats from 'ajv-formats-draft2019';

const require = createRequire(import.meta.url);

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
  return createAjv(options, false).compile(withLinearUniqueItems(schema));
}

/**
 * The validator as standalone CommonJS source (ajv's standalone code), so a
 * build step can compile a large schema once instead of on every run. Formats
 * must come from modules (ajv-formats, ajv-formats-draft2019) or be lenient.
 */
export function standaloneValidatorSource(schema: AnySchema, options: CompileOptions = {}): string {
  if (options.formats && Object.keys(options.formats).length > 0) throw new Error('standalone validators take formats from modules only');
  const ajv = createAjv(options, true);
  // CommonJS with the function on `.default` as well, like ajv-formats.
  return standalone.default(ajv, ajv.compile(withLinearUniqueItems(schema)));
}

function createAjv(options: CompileOptions, standalone: boolean): Ajv {
  const ajv = new Ajv({
    strict: false,
    allErrors: false,
    useDefaults: false,
    addUsedSchema: false,
    schemas: Object.fromEntries(Object.entries(options.references ?? {}).map(([id, schema]) => [id, withLinearUniqueItems(schema)])),
    loadSchema: (uri: string) => {
      throw new Error(`remote schemas are disabled: ${uri}`);
    },
    // Standalone code looks formats up in this object, built from the same modules.
    ...(standalone ? { code: { source: true, esm: false, formats: new _Code(formatsModuleCode(options)) } } : {}),
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
    code(context: KeywordCxt) {
      if (context.schema !== true) return;
      // The function's own source goes into standalone code, so it must not refer to anything outside itself.
      const check = context.gen.scopeValue('func', { ref: allDistinct, code: new _Code(`(${allDistinct.toString()})`) });
      context.fail(_`!${check}(${context.data})`);
    },
    error: { message: 'must NOT have duplicate items' },
  });
  return ajv;
}

function formatsModuleCode(options: CompileOptions): string {
  const extra = [
    ...(options.draft2019Formats ?? []).map((name) => `${JSON.stringify(name)}: require(${JSON.stringify(`ajv-formats-draft2019/formats/${name}.js`)})`),
    ...(options.lenientFormats ?? []).map((name) => `${JSON.stringify(name)}: true`),
  ];
  return `Object.assign({}, require("ajv-formats/dist/formats").fullFormats, {${extra.join(', ')}})`;
}

export function readJsonResource(specifier: string): AnySchema {
  return JSON.parse(readFileSync(require.resolve(specifier), 'utf8')) as AnySchema;
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

/**
 * No two items are equal JSON values, in linear time. Equal values have the
 * same shallow fingerprint (keys, primitive values, container sizes), so
 * items are grouped by it and only items sharing one are compared by their
 * canonical serialisation (keys sorted). Self-contained: its source goes into
 * the build's standalone validators.
 */
export function allDistinct(items: readonly unknown[]): boolean {
  const shallow = (value: unknown): string => {
    if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
    if (Array.isArray(value)) return `[${value.length}`;
    const parts: string[] = [];
    for (const [key, item] of Object.entries(value)) {
      const summary = item === null || typeof item !== 'object' ? JSON.stringify(item) : Array.isArray(item) ? `[${item.length}` : `{${Object.keys(item).length}`;
      parts.push(`${JSON.stringify(key)}:${summary}`);
    }
    return `{${parts.sort().join(',')}`;
  };
  const canonical = (value: unknown): string => {
    if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
    if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
    }
    return JSON.stringify(value) ?? 'null';
  };
  // Per fingerprint: the first item, and the canonical forms once a second item shares it.
  const groups = new Map<string, { first: unknown; canonicals?: Set<string> }>();
  for (const item of items) {
    const key = shallow(item);
    const group = groups.get(key);
    if (!group) {
      groups.set(key, { first: item });
      continue;
    }
    group.canonicals ??= new Set([canonical(group.first)]);
    const form = canonical(item);
    if (group.canonicals.has(form)) return false;
    group.canonicals.add(form);
  }
  return true;
}
