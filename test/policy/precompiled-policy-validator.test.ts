import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadPrecompiledValidator } from '../../src/schema/precompiled-validator.js';
import { compileJsonSchema } from '../../src/schema/json-schema-validator.js';
import { PRECOMPILED_POLICY_VALIDATOR, readPolicySchema } from '../../src/policy/policy-schema.js';

// The build compiles the policy schema into standalone code that every scan
// with a policy file loads; it must judge policies exactly as the schema
// compiled at run time does, down to the first error (which loadPolicy reports).

const policies: Array<[string, unknown]> = [
  ['minimal', { version: 1 }],
  ['full', { version: 1, failOn: { severity: 'moderate', riskScore: 70, signals: ['typosquat', 'install-script'] }, ignore: [{ id: 'GHSA-aaaa-bbbb-cccc', reason: 'not reachable', expires: '2099-01-01' }] }],
  ['unknown key', { version: 1, failsOn: {} }],
  ['wrong version', { version: 2 }],
  ['severity not in the list', { version: 1, failOn: { severity: 'urgent' } }],
  ['risk score out of range', { version: 1, failOn: { riskScore: 101 } }],
  ['a signal twice (uniqueItems)', { version: 1, failOn: { signals: ['stale', 'stale'] } }],
  ['an ignore rule without its reason', { version: 1, ignore: [{ id: 'GHSA-aaaa-bbbb-cccc', expires: '2099-01-01' }] }],
  ['not an object', ['version', 1]],
];

test('the build wrote the policy validator, and it judges every policy as the schema compiled now does', () => {
  const precompiled = loadPrecompiledValidator(PRECOMPILED_POLICY_VALIDATOR);
  assert.ok(precompiled, `${PRECOMPILED_POLICY_VALIDATOR.pathname} is built by npm run build`);
  const compiled = compileJsonSchema(readPolicySchema());
  const verdict = (validate: typeof compiled, document: unknown) => {
    const valid = validate(document);
    return { valid, errors: (validate.errors ?? []).map((e) => ({ keyword: e.keyword, instancePath: e.instancePath, params: e.params, message: e.message })) };
  };
  const valid: string[] = [];
  for (const [name, document] of policies) {
    const expected = verdict(compiled, document);
    assert.deepEqual(verdict(precompiled, document), expected, name);
    if (expected.valid) valid.push(name);
  }
  assert.deepEqual(valid, ['minimal', 'full']);
});
