import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AnySchema, ValidateFunction } from 'ajv';
import type { CycloneDxSpecVersion } from './cyclonedx.js';
import type { CompileOptions } from '../schema/json-schema-validator.js';
import { loadPrecompiledValidator } from '../schema/precompiled-validator.js';
import { describeSchemaErrors, resolvePackageFile, type SchemaValidationIssue } from '../schema/schema-issues.js';
import type { StandaloneValidatorBuild } from '../schema/write-standalone-validator.js';

// The CycloneDX library ships the official schemas (res/schema); we compile
// them the way its JsonStrictValidator does (ajv with ajv-formats,
// `idn-email` from ajv-formats-draft2019, `iri-reference` accepted), with a
// linear-time `uniqueItems` (see json-schema-validator.ts). The build
// compiles them once into standalone validators (src/pipeline/build-steps.ts):
// compiling the 1.6 schema takes about a second, loading its code a few ms.

const CYCLONEDX_LIBRARY = '@cyclonedx/cyclonedx-library';
const REFERENCED = {
  'http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json': 'res/schema/spdx.SNAPSHOT.schema.json',
  'http://cyclonedx.org/schema/cryptography-defs.SNAPSHOT.schema.json': 'res/schema/cryptography-defs.SNAPSHOT.schema.json',
  'http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json': 'res/schema/jsf-0.82.SNAPSHOT.schema.json',
} as const;

export const CYCLONEDX_SPECS: readonly CycloneDxSpecVersion[] = ['1.4', '1.5', '1.6'];

const compiled = new Map<CycloneDxSpecVersion, ValidateFunction>();

function readSchema(relativePath: string): AnySchema {
  return JSON.parse(readFileSync(resolvePackageFile(CYCLONEDX_LIBRARY, relativePath), 'utf8')) as AnySchema;
}

/** The schema of a spec version and how to compile it. */
export function cycloneDxSchema(spec: CycloneDxSpecVersion): { schema: AnySchema; options: CompileOptions } {
  const references: Record<string, AnySchema> = {};
  for (const [id, file] of Object.entries(REFERENCED)) references[id] = readSchema(file);
  return { schema: readSchema(`res/schema/bom-${spec}.SNAPSHOT.schema.json`), options: { references, lenientFormats: ['iri-reference'], draft2019Formats: ['idn-email'] } };
}

/** Where the build writes the standalone validator of a spec version. */
export function precompiledValidatorFile(spec: CycloneDxSpecVersion): URL {
  return new URL(`./generated/cyclonedx-${spec}.cjs`, import.meta.url);
}

/** How the build makes the validator of each spec version. */
export function cycloneDxValidatorBuilds(): StandaloneValidatorBuild[] {
  const inputs = [fileURLToPath(import.meta.url), resolvePackageFile(CYCLONEDX_LIBRARY, 'package.json')];
  return CYCLONEDX_SPECS.map((spec) => ({ file: precompiledValidatorFile(spec), from: `CycloneDX ${spec}'s official schema`, inputs, schema: () => cycloneDxSchema(spec) }));
}

async function validatorFor(spec: CycloneDxSpecVersion): Promise<ValidateFunction> {
  let validate = compiled.get(spec);
  if (!validate) {
    validate = loadPrecompiledValidator(precompiledValidatorFile(spec));
    if (!validate) {
      // Only without the build's validators: ajv's compiler is loaded for this alone.
      const { compileJsonSchema } = await import('../schema/json-schema-validator.js');
      const { schema, options } = cycloneDxSchema(spec);
      validate = compileJsonSchema(schema, options);
    }
    compiled.set(spec, validate);
  }
  return validate;
}

/** Validates a CycloneDX JSON document against the official schema of its spec version; returns the problems found. */
export async function validateCycloneDxJson(document: unknown, spec: CycloneDxSpecVersion): Promise<SchemaValidationIssue[]> {
  const validate = await validatorFor(spec);
  return validate(document) ? [] : describeSchemaErrors(validate.errors);
}
