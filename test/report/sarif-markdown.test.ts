import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import AjvDraft04Module from 'ajv-draft-04';
import type { OsvRecord } from '../../src/model/advisory.js';
import type { AdvisoryProvider } from '../../src/advisories/providers.js';
import { DEFAULT_POLICY } from '../../src/model/policy.js';
import { evaluatePolicy } from '../../src/policy/evaluate-policy.js';
import { renderCycloneDx } from '../../src/report/cyclonedx.js';
import { renderJson } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { validateCycloneDxJson } from '../../src/report/validate-cyclonedx.js';
import { renderSarif } from '../../src/report/sarif.js';
import { scanProject } from '../../src/pipeline/scan-project.js';
import { assertGolden } from '../helpers/golden.js';
import { osvRecord } from '../helpers/osv-records.js';
import { fixtureProject, repoRoot } from '../helpers/paths.js';

const records: OsvRecord[] = [
  osvRecord('GHSA-aaaa-bbbb-cccc', 'ms', [{ introduced: '0' }, { fixed: '2.0.1' }], {
    aliases: ['CVE-2099-0001'],
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' }],
    references: [{ type: 'ADVISORY', url: 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc' }],
    database_specific: { cwe_ids: ['CWE-1333'] },
  }),
  osvRecord('GHSA-dddd-eeee-ffff', 'debug', [{ introduced: '2.0.0' }, { fixed: '2.6.10' }], { database_specific: { severity: 'LOW' } }),
];
const provider: AdvisoryProvider = {
  info: () => ({ kind: 'database', description: 'test records', updatedAt: '2026-11-29T00:00:00Z', advisoryCount: records.length }),
  recordsFor: async () => records,
};
const now = () => new Date('2026-11-29T00:00:00Z');
const tool = { name: 'deptrust', version: '0.0.0-test' };
// The OASIS schema, committed with its source and licence (test/fixtures/schemas/README.md).
const sarifSchema = path.join(repoRoot, 'test', 'fixtures', 'schemas', 'sarif-schema-2.1.0.json');

test('SARIF: one rule per advisory, one location per result at the lockfile line (from the repository root), the declaration as a related location, stable fingerprints', async () => {
  const result = await scanProject(fixtureProject('nested-duplicate-versions'), { provider, now });
  // As if the project were services/api of its repository (detection has its own test).
  result.declarations.projectFolder = 'services/api';
  const sarif = renderSarif(result, { tool });
  assertGolden('scan/nested-duplicate-versions.sarif', sarif);
  const parsed = JSON.parse(sarif) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; properties: Record<string, unknown> }> } }; results: Array<{ ruleId: string; level: string; locations: unknown[]; relatedLocations?: unknown[]; partialFingerprints: Record<string, string> }> }> };
  const run = parsed.runs[0];
  assert.deepEqual(run?.tool.driver.rules.map((r) => [r.id, r.properties['security-severity']]), [
    ['GHSA-aaaa-bbbb-cccc', '7.5'],
    ['GHSA-dddd-eeee-ffff', '2.0'],
  ]);
  const debug = run?.results.find((r) => r.ruleId === 'GHSA-dddd-eeee-ffff');
  // debug is direct: one location (its lockfile entry), its package.json declaration related.
  assert.deepEqual(debug?.locations, [{ physicalLocation: { artifactLocation: { uri: 'services/api/package-lock.json', uriBaseId: '%SRCROOT%' }, region: { startLine: 15 } } }]);
  assert.deepEqual(debug?.relatedLocations, [
    { id: 1, physicalLocation: { artifactLocation: { uri: 'services/api/package.json', uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } }, message: { text: 'declared as debug@2.6.9' } },
  ]);
  assert.equal(debug?.level, 'note');
  assert.ok(run?.results.every((r) => r.locations.length === 1 && /^[0-9a-f]{16}:\d+$/.test(r.partialFingerprints['primaryLocationLineHash'] ?? '')));
  const again = await scanProject(fixtureProject('nested-duplicate-versions'), { provider, now });
  again.declarations.projectFolder = 'services/api';
  assert.equal(renderSarif(again, { tool }), sarif, 'same input, same bytes (fingerprints included)');
});

test('SARIF: licence, source and registry-host violations of the policy are results of their own rules', async () => {
  const result = await scanProject(fixtureProject('nested-duplicate-versions'), { provider, now });
  const verdict = evaluatePolicy(result, { ...DEFAULT_POLICY, failOn: { ...DEFAULT_POLICY.failOn, deniedLicenses: ['MIT'], allowedSources: ['git'] } }, now());
  const sarif = JSON.parse(renderSarif(result, { tool, policyViolations: verdict.violations })) as {
    runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } }; results: Array<{ ruleId: string; level: string; message: { text: string } }> }>;
  };
  const run = sarif.runs[0];
  assert.deepEqual(run?.tool.driver.rules.map((r) => r.id), ['GHSA-aaaa-bbbb-cccc', 'GHSA-dddd-eeee-ffff', 'deptrust/policy-license', 'deptrust/policy-source']);
  const policyResults = run?.results.filter((r) => r.ruleId.startsWith('deptrust/policy-')).map((r) => `${r.ruleId} ${r.level} ${r.message.text}`);
  assert.deepEqual(policyResults, [
    'deptrust/policy-license error debug@2.6.9: license MIT denied',
    'deptrust/policy-license error ms@2.0.0: license MIT denied',
    'deptrust/policy-license error ms@2.1.3: license MIT denied',
    'deptrust/policy-source error debug@2.6.9: source registry not allowed',
    'deptrust/policy-source error ms@2.0.0: source registry not allowed',
    'deptrust/policy-source error ms@2.1.3: source registry not allowed',
  ]);
});

test('SARIF validates against the OASIS SARIF 2.1.0 schema', async () => {
  const result = await scanProject(fixtureProject('old-express-api'), { provider, now });
  // ajv-draft-04 is CommonJS with its class on `.default`.
  const ajv = new AjvDraft04Module.default({ strict: false, allErrors: true });
  const validate = ajv.compile(JSON.parse(readFileSync(sarifSchema, 'utf8')) as object);
  const strict = evaluatePolicy(result, { ...DEFAULT_POLICY, failOn: { ...DEFAULT_POLICY.failOn, deniedLicenses: ['MIT'], allowedRegistryHosts: ['registry.example'] } }, now());
  const documents = [
    renderSarif(result, { tool }),
    renderSarif(result, { tool, policyViolations: strict.violations }),
    renderSarif(await scanProject(fixtureProject('nested-duplicate-versions'), { provider, now }), { tool }),
  ];
  for (const document of documents) {
    assert.equal(validate(JSON.parse(document)), true, JSON.stringify(validate.errors?.slice(0, 3)));
  }
});

test('Markdown: verdict, policy table, collapsible details, truncated with a notice under the limit', async () => {
  const result = await scanProject(fixtureProject('nested-duplicate-versions'), { provider, now });
  const verdict = evaluatePolicy(result, { failOn: { severity: 'high', signals: [], deniedLicenses: [] }, ignore: [] });
  const markdown = renderMarkdown(result, { now: now(), violations: verdict.violations, failOn: 'high' });
  assertGolden('scan/nested-duplicate-versions.md', markdown);
  assert.match(markdown, /^## deptrust: ❌ 1 finding\(s\) fail the policy\n/);
  assert.equal(markdown.match(/<details>/g)?.length, 2);
  const small = renderMarkdown(result, { now: now(), violations: verdict.violations, failOn: 'high', limit: markdown.length - 10 });
  assert.ok(small.length < markdown.length);
  assert.ok(small.length <= markdown.length - 10);
  assert.match(small, /\*\*Truncated:\*\* 1 of 5 rows are left out .* The full report: run `deptrust scan --format json` for every finding\./);
  assert.match(small, /_… 1 more findings not shown here\._/);
  assert.equal(small.match(/<details>/g)?.length, 1);
});

test('JSON and CycloneDX-with-vulnerabilities golden files; the suppressed finding is VEX', async () => {
  const result = await scanProject(fixtureProject('nested-duplicate-versions'), { provider, now });
  const policy = {
    failOn: { severity: 'high' as const, signals: [], deniedLicenses: [] },
    ignore: [{ id: 'GHSA-dddd-eeee-ffff', reason: 'debug output is disabled in production', expires: '2099-01-01', justification: 'requires_configuration' as const }],
  };
  const verdict = evaluatePolicy(result, policy, now());
  assertGolden('scan/nested-duplicate-versions.json', renderJson(result, { tool, verdict: { ...verdict, failOn: 'high', policyFile: null }, maxPaths: 5 }));
  const bom = renderCycloneDx(result.inventory, {
    spec: '1.6',
    format: 'json',
    reproducible: true,
    tool,
    risk: { findings: result.findings, suppressed: verdict.suppressed, scores: result.scores, signals: result.signals, remediations: result.remediations },
  });
  assert.deepEqual(await validateCycloneDxJson(JSON.parse(bom), '1.6'), []);
  assertGolden('scan/nested-duplicate-versions.cdx.json', bom);
  const vulnerabilities = (JSON.parse(bom) as { vulnerabilities: Array<{ id: string; analysis?: { state: string } }> }).vulnerabilities;
  assert.deepEqual(vulnerabilities.map((v) => [v.id, v.analysis?.state ?? null]), [
    ['GHSA-aaaa-bbbb-cccc', null],
    ['GHSA-dddd-eeee-ffff', 'not_affected'],
  ]);
});
