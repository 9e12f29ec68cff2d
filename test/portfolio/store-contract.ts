// One contract for every portfolio store backend: sqlite-store.test.ts and
// postgres.test.ts run these same tests against a real SQLite file and a real
// PostgreSQL server.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { PortfolioRecord, PortfolioStore, RecordedComponent, RecordedFinding } from '../../src/model/portfolio.js';
import type { IgnoreRule } from '../../src/model/policy.js';
import { severityCounts } from '../../src/portfolio/build-record.js';

export function component(name: string, version: string, extra: Partial<RecordedComponent> = {}): RecordedComponent {
  return {
    name,
    version,
    purl: `pkg:npm/${name.replace('@', '%40')}@${version}`,
    scope: 'prod',
    sourceKind: 'registry',
    direct: true,
    depth: 1,
    pathCount: 1,
    license: 'MIT',
    samplePath: `${name}@${version}`,
    risk: 10,
    ...extra,
  };
}

export function finding(of: RecordedComponent, primaryId: string, extra: Partial<RecordedFinding> = {}): RecordedFinding {
  return { purl: of.purl, name: of.name, version: of.version, primaryId, ids: [primaryId], severity: 'high', malicious: false, fixedVersions: ['9.9.9'], ...extra };
}

export function record(key: string, recordedAt: string, components: RecordedComponent[], findings: RecordedFinding[] = [], extra: Partial<PortfolioRecord> = {}): PortfolioRecord {
  return {
    id: randomUUID(),
    project: { key, name: key.split('/').pop() ?? key, repository: `git.example/${key}`, folder: '' },
    branch: 'main',
    commit: 'a'.repeat(40),
    recordedAt,
    toolVersion: '0.1.0',
    data: { source: 'local database (test)', updatedAt: '2026-01-01T00:00:00.000Z' },
    components,
    findings,
    counts: severityCounts(findings),
    highestRisk: components.reduce((n, c) => Math.max(n, c.risk), 0),
    verdict: { passed: findings.length === 0, violations: findings.length },
    ignore: [],
    ...extra,
  };
}

/** Registers the contract's tests; `open` gives a fresh, empty store each time. */
export function storeContract(backend: string, open: () => Promise<PortfolioStore>): void {
  const withStore = async (work: (store: PortfolioStore) => Promise<void>): Promise<void> => {
    const store = await open();
    try {
      await work(store);
    } finally {
      await store.close();
    }
  };

  test(`${backend}: latest() gives the newest record of each project and branch, history kept apart`, () =>
    withStore(async (store) => {
      const lodashOld = component('lodash', '4.17.15');
      const lodashNew = component('lodash', '4.17.21');
      await store.record(record('acme/api', '2026-01-01T00:00:00.000Z', [lodashOld], [finding(lodashOld, 'GHSA-p6mc-m468-83gw')]));
      await store.record(record('acme/api', '2026-02-01T00:00:00.000Z', [lodashNew]));
      await store.record(record('acme/api', '2026-01-15T00:00:00.000Z', [lodashOld], [], { branch: 'release' }));
      await store.record(record('acme/web', '2026-01-10T00:00:00.000Z', [component('express', '4.18.2'), lodashOld]));
      const latest = await store.latest();
      assert.deepEqual(
        latest.map((h) => [h.project.key, h.branch, h.recordedAt, h.componentCount]),
        [
          ['acme/api', 'main', '2026-02-01T00:00:00.000Z', 1],
          ['acme/api', 'release', '2026-01-15T00:00:00.000Z', 1],
          ['acme/web', 'main', '2026-01-10T00:00:00.000Z', 2],
        ],
      );
      const api = latest[0];
      assert.ok(api);
      assert.deepEqual(api.counts, { malware: 0, critical: 0, high: 0, medium: 0, low: 0, unknown: 0 });
      assert.deepEqual(api.verdict, { passed: true, violations: 0 });
      assert.deepEqual(api.project, { key: 'acme/api', name: 'api', repository: 'git.example/acme/api', folder: '' });
      assert.equal(api.commit, 'a'.repeat(40));
      assert.deepEqual(api.data, { source: 'local database (test)', updatedAt: '2026-01-01T00:00:00.000Z' });
    }));

  test(`${backend}: who() reads only the latest records; latestPackages() lists registry packages once`, () =>
    withStore(async (store) => {
      await store.record(record('acme/api', '2026-01-01T00:00:00.000Z', [component('lodash', '4.17.15')]));
      await store.record(record('acme/api', '2026-02-01T00:00:00.000Z', [component('lodash', '4.17.21')]));
      await store.record(record('acme/web', '2026-01-10T00:00:00.000Z', [component('lodash', '4.17.15', { direct: false, depth: 3, pathCount: 4, samplePath: 'a@1.0.0 > b@2.0.0 > lodash@4.17.15', scope: 'dev' })]));
      await store.record(record('acme/cli', '2026-01-10T00:00:00.000Z', [component('lodash', '4.17.15', { sourceKind: 'git', purl: 'pkg:npm/lodash@4.17.15?vcs_url=git' }), component('lodash-es', '4.17.15')]));
      const rows = await store.who('lodash');
      const seen = rows.map((row) => [row.record.project.key, row.component.version, row.component.sourceKind]).sort();
      assert.deepEqual(seen, [
        ['acme/api', '4.17.21', 'registry'],
        ['acme/cli', '4.17.15', 'git'],
        ['acme/web', '4.17.15', 'registry'],
      ]);
      const web = rows.find((row) => row.record.project.key === 'acme/web');
      assert.deepEqual(web?.component, component('lodash', '4.17.15', { direct: false, depth: 3, pathCount: 4, samplePath: 'a@1.0.0 > b@2.0.0 > lodash@4.17.15', scope: 'dev' }));
      assert.deepEqual(await store.who('left-pad'), []);
      const packages = (await store.latestPackages()).map((p) => `${p.name}@${p.version}`).sort();
      assert.deepEqual(packages, ['lodash-es@4.17.15', 'lodash@4.17.15', 'lodash@4.17.21']);
    }));

  test(`${backend}: baselines and affected components round-trip; a stored audit becomes the next baseline; ignore rules are kept`, () =>
    withStore(async (store) => {
      const minimist = component('minimist', '1.2.5');
      delete minimist.license;
      const evil = component('evil-pkg', '0.0.1', { direct: false, depth: 2 });
      const findings = [finding(minimist, 'GHSA-xvch-5gv4-984h', { ids: ['GHSA-xvch-5gv4-984h', 'CVE-2021-44906'], severity: 'critical', fixedVersions: ['1.2.6', '0.2.4'] }), finding(evil, 'MAL-2026-1', { malicious: true, severity: 'malware', fixedVersions: [] })];
      const ignore: IgnoreRule[] = [
        { id: 'CVE-2021-44906', package: 'minimist', versions: '<1.2.6', reason: 'only trusted arguments reach it', expires: '2027-01-31', justification: 'protected_at_runtime' },
        { id: 'GHSA-other', reason: 'not reachable from our code', expires: '2026-06-30' },
      ];
      const stored = record('acme/api', '2026-01-01T00:00:00.000Z', [minimist, evil, component('left-pad', '1.3.0', { sourceKind: 'git', purl: 'pkg:npm/left-pad@1.3.0?vcs_url=git' })], findings, { ignore });
      await store.record(stored);
      // An older record of the same project and branch, and another project: neither is read for acme/api.
      await store.record(record('acme/api', '2025-12-01T00:00:00.000Z', [component('minimist', '1.2.5')], [finding(minimist, 'GHSA-gone')]));
      const web = record('acme/web', '2026-01-02T00:00:00.000Z', [component('minimist', '1.2.0')]);
      await store.record(web);
      const [header] = await store.latest();
      assert.ok(header);
      assert.deepEqual(header.counts, { malware: 1, critical: 1, high: 0, medium: 0, low: 0, unknown: 0 });
      assert.deepEqual(header.ignore, ignore);

      const wanted = [{ name: 'minimist', version: '1.2.5' }, { name: 'evil-pkg', version: '0.0.1' }, { name: 'minimist', version: '1.2.0' }, { name: 'left-pad', version: '1.3.0' }];
      const components = (await store.latestComponents(wanted)).map((row) => [row.recordId, row.component.name, row.component.version]).sort();
      // Registry components only (left-pad comes from git), latest records only.
      assert.deepEqual(components, [[header.id, 'evil-pkg', '0.0.1'], [header.id, 'minimist', '1.2.5'], [web.id, 'minimist', '1.2.0']].sort());
      assert.deepEqual((await store.latestComponents([{ name: 'minimist', version: '1.2.5' }])).map((row) => row.component), [minimist]);
      assert.deepEqual(await store.latestComponents([]), []);

      const baselines = await store.latestBaselines();
      assert.deepEqual([...baselines.keys()].sort(), [header.id, web.id].sort());
      assert.deepEqual(sortFindings(baselines.get(header.id)?.findings ?? []), sortFindings(findings));
      assert.equal(baselines.get(header.id)?.auditedAt, undefined);
      assert.deepEqual(baselines.get(web.id), { findings: [] });

      await store.recordAudits([
        { id: randomUUID(), recordId: header.id, auditedAt: '2026-03-01T00:00:00.000Z', data: { source: 'x' }, findings: [findings[0] as RecordedFinding] },
        { id: randomUUID(), recordId: web.id, auditedAt: '2026-03-01T00:00:00.000Z', data: { source: 'x' }, findings: [] },
      ]);
      await store.recordAudits([{ id: randomUUID(), recordId: header.id, auditedAt: '2026-02-01T00:00:00.000Z', data: { source: 'x' }, findings: [] }]);
      const audited = await store.latestBaselines();
      assert.deepEqual(audited.get(header.id), { findings: [findings[0]], auditedAt: '2026-03-01T00:00:00.000Z' });
      assert.deepEqual(audited.get(web.id), { findings: [], auditedAt: '2026-03-01T00:00:00.000Z' });
    }));

  test(`${backend}: recorded strings are data, stored and read back byte for byte`, () =>
    withStore(async (store) => {
      const hostile = `x'); DROP TABLE portfolio_records; -- ?$1 \u202e\u001b[31m"\\ é 🦀`;
      const odd = component('@scope/na\'me', `1.0.0-${'rc'}`, { samplePath: hostile, license: hostile });
      await store.record(record(hostile, '2026-01-01T00:00:00.000Z', [odd], [], { branch: hostile, commit: hostile }));
      const [header] = await store.latest();
      assert.equal(header?.project.key, hostile);
      assert.equal(header?.branch, hostile);
      const rows = await store.who("@scope/na'me");
      assert.equal(rows.length, 1);
      assert.deepEqual(rows[0]?.component, odd);
      assert.deepEqual(await store.who("x' OR '1'='1"), []);
    }));

  test(`${backend}: many records written at once all land, none twice`, () =>
    withStore(async (store) => {
      const records = Array.from({ length: 24 }, (_, i) =>
        record(`acme/svc-${String(i).padStart(2, '0')}`, '2026-01-01T00:00:00.000Z', Array.from({ length: 50 }, (_, j) => component(`pkg-${j}`, `1.0.${i}`))),
      );
      await Promise.all(records.map((r) => store.record(r)));
      const latest = await store.latest();
      assert.equal(latest.length, 24);
      assert.deepEqual(new Set(latest.map((h) => h.id)), new Set(records.map((r) => r.id)));
      assert.ok(latest.every((h) => h.componentCount === 50));
      assert.equal((await store.who('pkg-7')).length, 24);
    }));

  test(`${backend}: prune --keep n keeps the newest n of each project and branch; --older-than never removes the latest`, () =>
    withStore(async (store) => {
      const times = ['2026-01-01', '2026-01-02', '2026-01-03'].map((day) => `${day}T00:00:00.000Z`);
      const lodash = component('lodash', '4.17.15');
      for (const at of times) await store.record(record('acme/api', at, [lodash], [finding(lodash, 'GHSA-1')]));
      await store.record(record('acme/old', '2025-01-01T00:00:00.000Z', [lodash]));
      assert.equal(await store.prune({ keep: 2 }), 1);
      assert.equal(await store.prune({ keep: 2 }), 0);
      assert.equal(await store.prune({ olderThan: '2026-06-01T00:00:00.000Z' }), 1);
      const latest = await store.latest();
      assert.deepEqual(latest.map((h) => [h.project.key, h.recordedAt]), [
        ['acme/api', times[2]],
        ['acme/old', '2025-01-01T00:00:00.000Z'],
      ]);
      const [api] = latest;
      assert.ok(api);
      assert.deepEqual((await store.latestBaselines()).get(api.id)?.findings.map((f) => f.primaryId), ['GHSA-1']);
      assert.equal((await store.who('lodash')).length, 2);
    }));
}

function sortFindings(findings: readonly RecordedFinding[]): RecordedFinding[] {
  return [...findings].sort((a, b) => (a.primaryId < b.primaryId ? -1 : 1));
}
