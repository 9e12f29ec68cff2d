// `portfolio audit` applies each record's ignore rules (kept with the record)
// exactly as the scan's verdict does: checked against evaluatePolicy itself,
// through a real (SQLite) store.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { Inventory } from '../../src/model/component.js';
import { matchInventory } from '../../src/match/match-inventory.js';
import type { IgnoreRule } from '../../src/model/policy.js';
import { evaluatePolicy } from '../../src/policy/evaluate-policy.js';
import { auditPortfolio } from '../../src/portfolio/audit.js';
import { toRecordedFinding } from '../../src/portfolio/recorded-finding.js';
import { renderPortfolioAudit } from '../../src/report/portfolio-audit.js';
import { SqlitePortfolioStore } from '../../src/store/sqlite-portfolio-store.js';
import { makeComponent } from '../helpers/make-component.js';
import { osvRecord } from '../helpers/osv-records.js';
import { tempDir } from '../helpers/temp-dir.js';
import { component, record } from './store-contract.js';

const recordedAt = '2026-01-01T00:00:00.000Z';
const now = new Date('2026-04-01T12:00:00Z');

const packages = [
  ['lodash', '4.17.15'],
  ['minimist', '1.2.5'],
  ['evil-pkg', '1.0.0'],
  ['qs', '6.5.0'],
  ['ms', '2.0.0'],
  ['debug', '2.6.8'],
] as const;

const advisories = [
  osvRecord('GHSA-lodash', 'lodash', [{ introduced: '0' }, { fixed: '4.17.21' }], { aliases: ['CVE-2021-23337'], database_specific: { severity: 'HIGH' } }),
  osvRecord('GHSA-minimist', 'minimist', [{ introduced: '0' }, { fixed: '1.2.6' }], { database_specific: { severity: 'CRITICAL' } }),
  osvRecord('MAL-2026-7', 'evil-pkg', [{ introduced: '0' }]),
  osvRecord('GHSA-qs', 'qs', [{ introduced: '0' }, { fixed: '6.5.3' }], { database_specific: { severity: 'HIGH' } }),
  osvRecord('GHSA-ms', 'ms', [{ introduced: '0' }, { fixed: '2.0.1' }], { database_specific: { severity: 'HIGH' } }),
  osvRecord('GHSA-debug', 'debug', [{ introduced: '0' }, { fixed: '2.6.9' }], { database_specific: { severity: 'LOW' } }),
];

const rules: IgnoreRule[] = [
  // Covers lodash by its alias, package and range.
  { id: 'CVE-2021-23337', package: 'lodash', versions: '<4.17.21', reason: 'only trusted input reaches merge', expires: '2027-01-31', justification: 'protected_at_runtime' },
  // Names another package: covers nothing here.
  { id: 'GHSA-minimist', package: 'minimist-lite', reason: 'a different package entirely', expires: '2027-01-31' },
  // Malware is ignored only by a rule naming its id: this one does.
  { id: 'MAL-2026-7', reason: 'a placeholder name held by our own team', expires: '2027-01-31' },
  // Its range leaves the installed version out.
  { id: 'GHSA-qs', versions: '>=6.6.0', reason: 'only newer releases are mitigated', expires: '2027-01-31' },
  // In force when ms was recorded, expired since: the ms finding fails again.
  { id: 'GHSA-ms', reason: 'waiting for the upstream release', expires: '2026-03-15' },
];

test("the audit suppresses and fails exactly the findings the scan's verdict does with the record's ignore rules", async () => {
  const scanned = packages.map(([name, version]) => makeComponent(name, version));
  const { findings } = matchInventory({ components: scanned, edges: [] }, advisories);
  const inventory: Inventory = { root: '/p', project: { name: 'p' }, sourceFile: 'package-lock.json', components: scanned, edges: [], paths: new Map(), workspaces: [], warnings: [] };
  const verdict = evaluatePolicy({ findings, inventory, signals: [], scores: [] }, { failOn: { severity: 'high', signals: [], deniedLicenses: [] }, ignore: rules }, now);
  const byId = new Map(scanned.map((c) => [c.id, c]));
  const key = (name: string | undefined, id: string): string => `${name ?? '?'} ${id}`;
  const scanSuppressed = verdict.suppressed.map((s) => key(byId.get(s.componentId)?.name, s.primaryId)).sort();
  const scanViolations = verdict.violations.map((v) => key(byId.get(v.componentId)?.name, v.primaryId)).sort();
  assert.deepEqual(scanSuppressed, ['evil-pkg MAL-2026-7', 'lodash GHSA-lodash']);
  assert.deepEqual(scanViolations, ['minimist GHSA-minimist', 'ms GHSA-ms', 'qs GHSA-qs']);

  // The record as `scan --record` made it on 2026-01-01, when only ms's advisory existed (and its rule was in force).
  const recorded = packages.map(([name, version]) => component(name, version));
  const msComponent = scanned.find((c) => c.name === 'ms');
  const msFinding = findings.find((f) => f.componentId === msComponent?.id);
  assert.ok(msComponent && msFinding);
  const store = SqlitePortfolioStore.open(path.join(tempDir(), 'portfolio.db'));
  try {
    await store.record(record('acme/api', recordedAt, recorded, [toRecordedFinding(msFinding, msComponent)], { ignore: rules }));
    // A project without rules gets the same news unsuppressed.
    await store.record(record('acme/bare', recordedAt, recorded, [toRecordedFinding(msFinding, msComponent)]));
    const [api, bare] = await auditPortfolio(store, { recordsFor: async () => advisories, failOn: 'high', now });
    assert.ok(api && bare);
    assert.deepEqual(api.ignored.map((i) => key(i.finding.name, i.finding.primaryId)).sort(), scanSuppressed);
    assert.deepEqual(api.failing.map((f) => key(f.name, f.primaryId)).sort(), scanViolations);
    assert.deepEqual(api.ignoreExpired.map((i) => [i.finding.name, i.rule.expires]), [['ms', '2026-03-15']]);
    assert.deepEqual(api.ignored.find((i) => i.finding.name === 'lodash')?.rule, rules[0]);
    assert.deepEqual(bare.ignored, []);
    assert.deepEqual(bare.failing.map((f) => key(f.name, f.primaryId)).sort(), ['evil-pkg MAL-2026-7', 'lodash GHSA-lodash', 'minimist GHSA-minimist', 'qs GHSA-qs']);

    // Before the ms rule expired, the scan and the audit both still suppress nothing more and fail nothing for ms.
    const earlier = new Date('2026-03-15T23:00:00Z');
    const [stillIgnored] = await auditPortfolio(store, { recordsFor: async () => advisories, failOn: 'high', now: earlier });
    assert.deepEqual(stillIgnored?.ignoreExpired, []);
    assert.ok(!stillIgnored?.failing.some((f) => f.name === 'ms'));

    const json = JSON.parse(renderPortfolioAudit([api], { data: { source: 'test' }, failOn: 'high' }, 'json')) as {
      summary: { added: number; failing: number; ignored: number; ignoreExpired: number };
      projects: Array<{ added: Array<{ name: string; failsPolicy: boolean; ignoredBy: { id: string; expires: string } | null }>; ignoreExpired: Array<{ name: string; failsPolicy: boolean }> }>;
    };
    assert.deepEqual(json.summary, { projects: 1, added: 5, failing: 3, ignored: 2, ignoreExpired: 1, resolved: 0 });
    assert.deepEqual(json.projects[0]?.added.find((f) => f.name === 'lodash')?.ignoredBy, { id: 'CVE-2021-23337', reason: rules[0]?.reason, expires: '2027-01-31' });
    assert.deepEqual(json.projects[0]?.ignoreExpired.map((f) => [f.name, f.failsPolicy]), [['ms', true]]);
    const table = renderPortfolioAudit([api], { data: { source: 'test' }, failOn: 'high' }, 'markdown');
    assert.match(table, /\| new \(ignored until 2027-01-31\) \| `lodash@4\.17\.15` \|/);
    assert.match(table, /\| ignore expired \(fails\) \| `ms@2\.0\.0` \|/);
  } finally {
    await store.close();
  }
});
