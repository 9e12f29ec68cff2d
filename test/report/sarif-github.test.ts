import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { AdvisoryProvider } from '../../src/advisories/providers.js';
import type { OsvRecord } from '../../src/model/advisory.js';
import { renderSarif, SARIF_DESCRIPTION_LIMIT } from '../../src/report/sarif.js';
import { scanProject } from '../../src/pipeline/scan-project.js';
import { gitInit } from '../helpers/git.js';
import { osvRecord } from '../helpers/osv-records.js';
import { fixtureProject } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp-dir.js';

// What GitHub code scanning needs from SARIF (docs/scan.md, "SARIF"): paths
// from the repository root, rule ids and fingerprints that survive advisory
// updates, descriptions within its limits, one location per result, inert links.

const now = () => new Date('2026-11-29T00:00:00Z');
const tool = { name: 'deptrust', version: '0.0.0-test' };
const providerOf = (records: OsvRecord[]): AdvisoryProvider => ({
  info: () => ({ kind: 'database', description: 'test records', advisoryCount: records.length }),
  recordsFor: async () => records,
});

interface SarifRun {
  tool: { driver: { rules: Array<{ id: string; fullDescription: { text: string }; help: { text: string; markdown: string }; helpUri: string }> } };
  originalUriBaseIds?: Record<string, unknown>;
  results: Array<{
    ruleId: string;
    message: { text: string };
    locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region?: { startLine: number } } }>;
    relatedLocations?: Array<{ physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }>;
    partialFingerprints: Record<string, string>;
  }>;
}
const runOf = (sarif: string): SarifRun => {
  const run = (JSON.parse(sarif) as { runs: SarifRun[] }).runs[0];
  assert.ok(run);
  return run;
};

test('a project in services/api of its repository: every location is relative to the repository root', async () => {
  const repository = tempDir();
  gitInit(repository);
  const project = path.join(repository, 'services', 'api');
  mkdirSync(path.dirname(project), { recursive: true });
  cpSync(fixtureProject('nested-duplicate-versions'), project, { recursive: true });
  const records = [osvRecord('GHSA-aaaa-bbbb-cccc', 'ms', [{ introduced: '0' }, { fixed: '2.0.1' }]), osvRecord('GHSA-dddd-eeee-ffff', 'debug', [{ introduced: '0' }, { fixed: '2.6.10' }])];
  const run = runOf(renderSarif(await scanProject(project, { provider: providerOf(records), now }), { tool }));
  const uris = run.results.flatMap((r) => [...r.locations, ...(r.relatedLocations ?? [])].map((l) => `${l.physicalLocation.artifactLocation.uri} ${l.physicalLocation.region?.startLine}`));
  assert.deepEqual(uris.sort(), ['services/api/package-lock.json 15', 'services/api/package-lock.json 24', 'services/api/package.json 1']);
  assert.ok(run.results.every((r) => r.locations.every((l) => l.physicalLocation.artifactLocation.uriBaseId === '%SRCROOT%')));
  assert.ok(run.originalUriBaseIds?.['%SRCROOT%'], '%SRCROOT% is declared');
  assert.doesNotMatch(JSON.stringify(run), new RegExp(repository.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 'no absolute path of this machine');
});

test('rule ids and fingerprints stay when an advisory gains aliases later (a CVE, a GHSA for an NSWG record)', async () => {
  const dir = fixtureProject('nested-duplicate-versions');
  const before = [
    osvRecord('GHSA-aaaa-bbbb-cccc', 'ms', [{ introduced: '0' }, { fixed: '2.0.1' }]),
    osvRecord('NSWG-ECO-0001', 'debug', [{ introduced: '0' }, { fixed: '2.6.10' }]),
  ];
  // The same records after an update: a CVE assigned to the GHSA, a GHSA and a MAL id aliased to the NSWG record.
  const after = [
    { ...before[0], aliases: ['CVE-2099-0001'], modified: '2025-01-01T00:00:00Z' } as OsvRecord,
    { ...before[1], aliases: ['GHSA-0000-1111-2222', 'CVE-2099-0002'], modified: '2025-01-01T00:00:00Z' } as OsvRecord,
  ];
  const identity = async (records: OsvRecord[]) => {
    const run = runOf(renderSarif(await scanProject(dir, { provider: providerOf(records), now }), { tool }));
    return { rules: run.tool.driver.rules.map((r) => r.id), results: run.results.map((r) => `${r.ruleId} ${r.partialFingerprints['primaryLocationLineHash']}`) };
  };
  const was = await identity(before);
  const is = await identity(after);
  assert.deepEqual(was.rules, ['GHSA-aaaa-bbbb-cccc', 'NSWG-ECO-0001']);
  assert.deepEqual(is, was);
});

test('fingerprints: from the rule, the package and the lockfile, not its version or line; two versions of one package get :1 and :2', async () => {
  const dir = fixtureProject('nested-duplicate-versions');
  const records = [osvRecord('GHSA-aaaa-bbbb-cccc', 'ms', [{ introduced: '0' }])];
  const result = await scanProject(dir, { provider: providerOf(records), now });
  const run = runOf(renderSarif(result, { tool }));
  const hashes = run.results.map((r) => r.partialFingerprints['primaryLocationLineHash'] ?? '');
  assert.equal(hashes.length, 2, 'ms@2.0.0 and ms@2.1.3');
  assert.equal(hashes[0]?.split(':')[0], hashes[1]?.split(':')[0]);
  assert.deepEqual(hashes.map((h) => h.split(':')[1]), ['1', '2']);
  // The lockfile's lines move (an entry added above): the fingerprints do not.
  for (const lines of [result.declarations.lockfile?.lines]) for (const [key, line] of lines ?? []) lines?.set(key, line + 40);
  assert.deepEqual(runOf(renderSarif(result, { tool })).results.map((r) => r.partialFingerprints['primaryLocationLineHash']), hashes);
});

test(`fullDescription stays within GitHub's ${SARIF_DESCRIPTION_LIMIT} characters; the whole text is in help`, async () => {
  const details = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');
  assert.ok(details.length > 2000);
  const records = [osvRecord('GHSA-aaaa-bbbb-cccc', 'ms', [{ introduced: '0' }, { fixed: '2.0.1' }], { details, summary: 's'.repeat(500) })];
  const rule = runOf(renderSarif(await scanProject(fixtureProject('nested-duplicate-versions'), { provider: providerOf(records), now }), { tool })).tool.driver.rules[0];
  assert.ok(rule);
  assert.ok(rule.fullDescription.text.length <= SARIF_DESCRIPTION_LIMIT, `${rule.fullDescription.text.length}`);
  assert.ok(rule.fullDescription.text.length > 900, 'cut near the limit, not far below it');
  assert.match(rule.fullDescription.text, /…$/);
  assert.ok(rule.help.text.includes(details), 'help carries the whole text');
});

test('an npm: alias: the related location is the alias line, not the same-named dependency', async () => {
  // aliased-dependency declares "ms-old": "npm:ms@0.7.1" and "ms": "2.1.3"; only 0.7.1 is vulnerable.
  const records = [osvRecord('GHSA-aaaa-bbbb-cccc', 'ms', [{ introduced: '0' }, { fixed: '2.0.0' }])];
  const run = runOf(renderSarif(await scanProject(fixtureProject('aliased-dependency'), { provider: providerOf(records), now }), { tool }));
  assert.equal(run.results.length, 1);
  const result = run.results[0];
  assert.equal(result?.locations.length, 1);
  assert.match(result?.locations[0]?.physicalLocation.artifactLocation.uri ?? '', /package-lock\.json$/);
  assert.deepEqual(result?.relatedLocations?.map((l) => `${l.physicalLocation.artifactLocation.uri.replace(/.*\//, '')}:${l.physicalLocation.region?.startLine}`), ['package.json:1']);
  assert.match(JSON.stringify(result?.relatedLocations), /declared as ms-old@npm:ms@0\.7\.1/);
});

test('reference URLs: only http(s) become links, with ), |, backticks and spaces escaped; javascript: never', async () => {
  const references = [
    { type: 'WEB', url: 'javascript:alert(document.domain)' },
    { type: 'ADVISORY', url: 'https://example.test/a)b|c`d e' },
    { type: 'PACKAGE', url: 'data:text/html,<script>alert(1)</script>' },
  ];
  const records = [osvRecord('GHSA-aaaa-bbbb-cccc', 'ms', [{ introduced: '0' }, { fixed: '2.0.1' }], { references, details: 'See [here](javascript:alert(1)) and <img src=x onerror=alert(1)>.' })];
  const rule = runOf(renderSarif(await scanProject(fixtureProject('nested-duplicate-versions'), { provider: providerOf(records), now }), { tool })).tool.driver.rules[0];
  assert.ok(rule);
  assert.equal(rule.helpUri, 'https://example.test/a%29b%7Cc%60d%20e');
  // A link is `](` after an unescaped `]`; the advisory's own `\[here\](…)` is escaped text.
  const links = [...rule.help.markdown.matchAll(/(?<!\\)\]\(([^)]*)\)/g)].map((m) => m[1]);
  assert.deepEqual(links, ['https://example.test/a%29b%7Cc%60d%20e']);
  assert.doesNotMatch(rule.help.markdown, /(?<!\\)\]\(javascript:|(?<!\\)<img/);
});

test('pnpm-lock.yaml (9.0, 6.0, 5.4), yarn.lock (classic, berry) and bun.lock: each result points at its package\'s entry line, as for package-lock.json', async () => {
  const records = [
    osvRecord('GHSA-mini-mist-0001', 'minimist', [{ introduced: '0' }, { fixed: '1.2.6' }]),
    osvRecord('GHSA-ajvk-eywo-0002', 'ajv-keywords', [{ introduced: '0' }, { fixed: '9.0.0' }]),
    osvRecord('GHSA-lo-da-sh-0003', 'lodash', [{ introduced: '0' }, { fixed: '4.17.21' }]),
    osvRecord('GHSA-br-ace-0004', 'brace-expansion', [{ introduced: '0' }, { fixed: '9.0.0' }]),
  ];
  const expected = ['ajv-keywords@5.1.0', 'brace-expansion@1.1.22', 'lodash@4.17.20', 'minimist@1.2.5'];
  for (const manager of ['pnpm', 'pnpm-v6', 'pnpm-v5.4', 'yarn-classic', 'yarn-berry', 'bun']) {
    const project = fixtureProject(path.join('multi-manager', manager));
    const result = await scanProject(project, { provider: providerOf(records), now });
    const lockfile = result.inventory.sourceFile;
    const text = readFileSync(path.join(project, lockfile), 'utf8').split('\n');
    const run = runOf(renderSarif(result, { tool }));
    const found: string[] = [];
    for (const sarifResult of run.results.filter((r) => r.ruleId.startsWith('GHSA-'))) {
      const location = sarifResult.locations[0]?.physicalLocation;
      assert.ok(location?.artifactLocation.uri.endsWith(`multi-manager/${manager}/${lockfile}`), `${manager}: ${location?.artifactLocation.uri}`);
      const line = location?.region?.startLine;
      assert.ok(line !== undefined, `${manager}: ${sarifResult.ruleId} has a line`);
      const finding = result.findings.find((f) => f.primaryId === sarifResult.ruleId);
      const component = result.inventory.components.find((c) => c.id === finding?.componentId);
      assert.ok(component);
      // The entry starts at that line (it names the package; pnpm 5.4 as /name/version) and gives its version there or just below.
      const entry = text.slice(line - 1, line + 2).join('\n');
      assert.match(text[line - 1] ?? '', new RegExp(`${component.name}[@/]`), `${manager}: line ${line} is ${component.name}'s entry`);
      assert.ok(entry.includes(component.version), `${manager}: ${component.name}'s entry at line ${line} gives ${component.version}`);
      found.push(`${component.name}@${component.version}`);
    }
    assert.deepEqual(found.sort(), expected, manager);
  }
});
