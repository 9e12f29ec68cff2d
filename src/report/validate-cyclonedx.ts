import { readFileSync } from 'node:fs';
import type { AnySchema, ValidateFunction } from 'ajv';
import type { CycloneDxSpecVersion } from './cyclonedx.js';
import { compileJsonSchema, describeSchemaErrors, resolvePackageFile, type SchemaValidationIssue } from './json-schema-validator.js';

// The CycloneDX library ships the official schemas (res/schema); we compile
// them the way its JsonStrictValidator does (ajv with ajv-formats,
// `idn-email` from ajv-formats-draft2019, `iri-reference` accepted), with a
// linear-time `uniqueItems` (see json-schema-validator.ts).

const LIBRARY = '@cyclonedx/cyclonedx-library';
const REFERENCED = {
  'http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json': 'res/schema/spdx.SNAPSHOT.schema.json',
  'http://cyclonedx.org/schema/cryptography-defs.SNAPSHOT.schema.json': 'res/schema/cryptography-defs.SNAPSHOT.schema.json',
  'http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json': 'res/schema/jsf-0.82.SNAPSHOT.schema.json',
} as const;

const compiled = new Map<CycloneDxSpecVersion, ValidateFunction>();

function readSchema(relativePath: string): AnySchema {
  return JSON.parse(readFileSync(resolvePackageFile(LIBRARY, relativePath), 'utf8')) as AnySchema;
}

function validatorFor(spec: CycloneDxSpecVersion): ValidateFunction {
  let validate = compiled.get(spec);
  if (!validate) {
    const references: Record<string, AnySchema> = {};
    for (const [id, file] of Object.entries(REFERENCED)) references[id] = readSchema(file);
    validate = compileJsonSchema(readSchema(`res/schema/bom-${spec}.SNAPSHOT.schema.json`), {
      references,
      lenientFormats: ['iri-reference'],
      draft2019Formats: ['idn-email'],
    });
    compiled.set(spec, validate);
  }
  return validate;
}

/** Validates a CycloneDX JSON document against the official schema of its spec version; returns the problems found. */
export function validateCycloneDxJson(document: unknown, spec: CycloneDxSpecVersion): SchemaValidationIssue[] {
  const validate = validatorFor(spec);
  return validate(document) ? [] : describeSchemaErrors(validate.errors);
}
