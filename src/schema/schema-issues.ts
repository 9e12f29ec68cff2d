import { createRequire } from 'node:module';
import type { ErrorObject } from 'ajv';

// What a validation found, and where packages keep their schemas: apart from
// json-schema-validator.ts, so that running a validator the build generated
// never loads ajv's compiler (about 90 ms, in every SBOM's validation worker).

const require = createRequire(import.meta.url);

export interface SchemaValidationIssue {
  /** JSON Pointer into the document. */
  path: string;
  message: string;
}

export function describeSchemaErrors(errors: readonly ErrorObject[] | null | undefined): SchemaValidationIssue[] {
  return (errors ?? []).map((error) => ({
    path: error.instancePath || '/',
    message: `${error.message ?? 'is invalid'}${error.params && 'allowedValues' in error.params ? ` (${JSON.stringify(error.params['allowedValues'])})` : ''}`,
  }));
}

/** A file inside an installed package (its schemas), found from its package.json. */
export function resolvePackageFile(packageName: string, relativePath: string): string {
  const packageJson = require.resolve(`${packageName}/package.json`);
  return packageJson.slice(0, -'package.json'.length) + relativePath;
}
