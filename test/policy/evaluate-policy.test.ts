import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Inventory } from '../../src/model/component.js';
import type { Finding } from '../../src/model/finding.js';
import type { IgnoreRule, Policy } from '../../src/model/policy.js';
import { evaluatePolicy } from '../../src/policy/evaluate-policy.js';
import { licenseDenied } from '../../src/policy/license-allowed.js';
import { makeComponent } from '../helpers/make-component.js';

const lodash = makeComponent('lodash', '4.17.4', { license: 'MIT' });
const gpl = makeComponent('gpl-thing', '1.0.0', { license: '(GPL-3.0-only AND MIT)' });
const dual = makeComponent('dual', '1.0.0', { license: '(GPL-3.0-only OR MIT)' });
const fromGit = makeComponent('from-git', '1.0.0', { source: { kind: 'git', url: 'git+https://example.org/x.git' } });
const inventory: Pick<Inventory, 'components'> & Inventory = {
  root: '/p',
  project: { name: 'p' },
  sourceFile: 'package-lock.json',
  components: [lodash, gpl, dual, fromGit],
  edges: [],
  paths: new Map(),
  workspaces: [],
  warnings: [],
};
const finding = (id: string, level: Finding['rating']['level'], aliases: string[] = []): Finding => ({
  componentId: lodash.id,
  advisoryIds: [id],
  ids: [id, ...aliases],
  primaryId: id,
  summary: id,
  rating: { level, method: 'database' },
  malicious: level === 'malware',
  advisories: [],
  fix: { fixedVersions: [], lockfileRefreshFixes: false, declaredBy: [] },
});
const base: Pick<Policy, 'failOn' | 'ignore'> = { failOn: { severity: 'high', signals: [], deniedLicenses: [] }, ignore: [] };
const rule = (overrides: Partial<IgnoreRule>): IgnoreRule => ({ id: 'GHSA-jf85-cpcp-j695', reason: 'template() is never called', expires: '2026-12-31', ...overrides });
const result = (findings: Finding[]) => ({ inventory, findings, signals: [], scores: [] });
const now = new Date('2026-11-29T12:00:00Z');

test('an ignore rule suppresses by id or alias, package and version range, until the end of its expiry day', () => {
  const findings = [finding('GHSA-jf85-cpcp-j695', 'critical', ['CVE-2019-10744'])];
  // [rule, suppressed?]
  const cases: Array<[IgnoreRule, boolean]> = [
    [rule({}), true],
    [rule({ id: 'CVE-2019-10744' }), true],
    [rule({ package: 'lodash', versions: '<4.17.12' }), true],
    [rule({ package: 'underscore' }), false],
    [rule({ versions: '>=4.17.12' }), false],
    [rule({ expires: '2026-11-29' }), true], // the last day still applies
    [rule({ expires: '2026-11-28' }), false], // expired: the finding fails again
  ];
  for (const [ignore, suppressed] of cases) {
    const verdict = evaluatePolicy(result(findings), { ...base, ignore: [ignore] }, now);
    assert.equal(verdict.suppressed.length === 1, suppressed, JSON.stringify(ignore));
    assert.equal(verdict.passed, suppressed, JSON.stringify(ignore));
  }
  const expired = evaluatePolicy(result(findings), { ...base, ignore: [rule({ expires: '2026-11-01' })] }, now);
  assert.deepEqual(expired.warnings, [{ code: 'ignore-rule-expired', advisoryId: 'GHSA-jf85-cpcp-j695', package: null, expires: '2026-11-01' }]);
  assert.deepEqual(expired.violations.map((v) => v.rule), ['fail-on high']);
});

test('unused ignore rules warn; severity threshold, malware, risk score, signals, licences, sources each name their rule', () => {
  const verdict = evaluatePolicy(
    {
      inventory,
      findings: [finding('GHSA-low', 'low'), finding('GHSA-unknown', 'unknown'), finding('MAL-2024-1', 'malware')],
      signals: [{ code: 'typosquat', componentId: fromGit.id, evidence: { imitates: 'lodash', distance: 1 } }],
      scores: [{ componentId: lodash.id, score: 90, base: 90, exposureFactor: 1, reasons: [] }],
    },
    {
      failOn: { severity: 'medium', riskScore: 80, signals: ['typosquat'], deniedLicenses: ['GPL-3.0-only'], allowedSources: ['registry'] },
      ignore: [rule({ id: 'GHSA-nothing' })],
    },
    now,
  );
  assert.deepEqual(verdict.violations.map((v) => v.rule), [
    'fail-on medium', // unknown severity counts as medium
    'malware',
    'risk score 90 >= 80',
    'signal typosquat',
    'license GPL-3.0-only denied', // (GPL-3.0-only AND MIT); the OR one passes through MIT
    'source git not allowed',
  ]);
  assert.deepEqual(verdict.warnings, [{ code: 'ignore-rule-unused', advisoryId: 'GHSA-nothing', package: null }]);
});

test('licence expressions: OR needs one acceptable side, AND needs both', () => {
  // [expression, denied, blocking licence]
  const cases: Array<[string | undefined, string[], string | undefined]> = [
    ['MIT', ['GPL-3.0-only'], undefined],
    ['GPL-3.0-only', ['GPL-3.0-only'], 'GPL-3.0-only'],
    ['GPL-3.0-or-later', ['GPL-3.0-only'], 'GPL-3.0-or-later'],
    ['(MIT OR GPL-3.0-only)', ['GPL-3.0-only'], undefined],
    ['(MIT AND GPL-3.0-only)', ['GPL-3.0-only'], 'GPL-3.0-only'],
    ['(AGPL-3.0-only OR GPL-3.0-only)', ['GPL-3.0-only', 'AGPL-3.0-only'], 'AGPL-3.0-only'],
    ['not an spdx expression', ['GPL-3.0-only'], undefined],
    [undefined, ['GPL-3.0-only'], undefined],
  ];
  for (const [expression, denied, blocking] of cases) assert.equal(licenseDenied(expression, denied), blocking, String(expression));
});
