import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import type { ValidateFunction } from 'ajv';
import { compileJsonSchema } from '../../src/schema/json-schema-validator.js';
import { describeSchemaErrors } from '../../src/schema/schema-issues.js';
import { CYCLONEDX_SPECS, cycloneDxSchema, precompiledValidatorFile } from '../../src/report/validate-cyclonedx.js';

// The build compiles the CycloneDX schemas into standalone code; it must
// judge documents exactly as the schema compiled at run time does.

const require = createRequire(import.meta.url);

function documents(spec: string): Array<[string, unknown]> {
  const base = { bomFormat: 'CycloneDX', specVersion: spec, version: 1 };
  const library = (name: string, extra: object = {}) => ({ type: 'library', name, 'bom-ref': name, ...extra });
  return [
    ['minimal', base],
    ['components', { ...base, components: [library('a', { version: '1.0.0', purl: 'pkg:npm/a@1.0.0' }), library('b')] }],
    ['duplicate items (linear uniqueItems)', { ...base, components: [library('a'), library('a')] }],
    ['same keys in another order are duplicates', { ...base, components: [{ name: 'a', type: 'library' }, { type: 'library', name: 'a' }] }],
    ['bad date-time format', { ...base, metadata: { timestamp: 'yesterday' } }],
    ['missing required', { bomFormat: 'CycloneDX', version: 1 }],
    ['unknown enum value', { ...base, components: [{ type: 'gadget', name: 'a' }] }],
    ['idn-email', { ...base, metadata: { authors: [{ name: 'x', email: 'not an email' }] } }],
  ];
}

for (const spec of CYCLONEDX_SPECS) {
  test(`the precompiled CycloneDX ${spec} validator agrees with the schema compiled at run time`, () => {
    const file = fileURLToPath(precompiledValidatorFile(spec));
    assert.ok(existsSync(file), `${file} is written by npm run build`);
    const precompiled = require(file) as ValidateFunction;
    const { schema, options } = cycloneDxSchema(spec);
    const runtime = compileJsonSchema(schema, options);
    const valid: string[] = [];
    for (const [label, document] of documents(spec)) {
      const expected = runtime(document);
      assert.equal(precompiled(document), expected, label);
      assert.deepEqual(describeSchemaErrors(precompiled.errors), describeSchemaErrors(runtime.errors), label);
      if (expected) valid.push(label);
    }
    assert.deepEqual(valid, ['minimal', 'components']);
  });
}
