import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareScans } from '../../src/diff/compare-scans.js';
import type { Component } from '../../src/model/component.js';
import type { Finding } from '../../src/model/finding.js';
import type { ScanResult } from '../../src/model/scan-result.js';
import type { Signal } from '../../src/model/signal.js';
import { makeComponent } from '../helpers/make-component.js';

type Side = Pick<ScanResult, 'inventory' | 'findings' | 'signals' | 'scores' | 'risk'>;

function side(components: Component[], findings: Array<[Component, string[]]> = [], signals: Signal[] = [], scores: Record<string, number> = {}): Side {
  const counts = { components: components.length, direct: components.filter((c) => c.direct).length, transitive: 0, prod: components.length, dev: 0, optional: 0 };
  return {
    inventory: { root: '/p', project: { name: 'p' }, sourceFile: 'package-lock.json', components, edges: [], paths: new Map(), workspaces: [], warnings: [] },
    findings: findings.map(([component, ids]): Finding => ({
      componentId: component.id,
      advisoryIds: [ids[0] ?? ''],
      ids,
      primaryId: ids[0] ?? '',
      summary: '',
      rating: { level: 'high', method: 'none' },
      malicious: false,
      advisories: [],
      fix: { fixedVersions: [], lockfileRefreshFixes: false, declaredBy: [] },
    })),
    signals,
    scores: components.map((c) => ({ componentId: c.id, score: scores[c.id] ?? 0, base: 0, exposureFactor: 1, reasons: [] })),
    risk: { distribution: { '0-19': 0, '20-39': 0, '40-59': 0, '60-79': 0, '80-100': 0 }, top: [], counts, weight: [] },
  };
}

test('versions of one package pair highest with highest: upgrades, downgrades, additions, removals and source changes', () => {
  const gitQs = makeComponent('qs', '6.5.0', { id: 'pkg:npm/qs@6.5.0?vcs_url=git', source: { kind: 'git', url: 'git+https://example.com/qs.git' } });
  const base = side([makeComponent('a', '1.0.0'), makeComponent('b', '2.0.0'), makeComponent('c', '1.0.0'), makeComponent('c', '2.0.0'), makeComponent('qs', '6.5.0'), makeComponent('gone', '1.0.0')]);
  const head = side([makeComponent('a', '1.2.0'), makeComponent('b', '1.9.0'), makeComponent('c', '2.0.0'), makeComponent('c', '3.0.0'), makeComponent('c', '3.1.0'), gitQs, makeComponent('new', '0.1.0')]);
  const diff = compareScans(base, head, { base: [], head: [] });
  assert.deepEqual(
    diff.changes.map((c) => `${c.kind}${c.sourceChanged ? '*' : ''} ${c.name} ${c.before?.version ?? '-'} ${c.after?.version ?? '-'}`),
    ['upgraded a 1.0.0 1.2.0', 'downgraded b 2.0.0 1.9.0', 'upgraded c 1.0.0 3.1.0', 'added c - 3.0.0', 'removed gone 1.0.0 -', 'added new - 0.1.0', 'source-changed* qs 6.5.0 6.5.0'],
  );
  assert.deepEqual(diff.newDirect, ['pkg:npm/new@0.1.0']);
});

test('findings match across versions by package and any id or alias; violations by package, advisory and rule', () => {
  const oldLodash = makeComponent('lodash', '4.17.4');
  const newLodash = makeComponent('lodash', '4.17.5');
  const evil = makeComponent('evil', '1.0.0');
  const base = side([oldLodash], [[oldLodash, ['GHSA-1', 'CVE-1']], [oldLodash, ['GHSA-2']]], [], { [oldLodash.id]: 40 });
  // The upgrade is still affected by CVE-1 (now reported under its CVE id first): existing, not new.
  const head = side([newLodash, evil], [[newLodash, ['CVE-1']], [evil, ['GHSA-9']]], [{ componentId: evil.id, code: 'install-script', evidence: {} }], { [newLodash.id]: 30, [evil.id]: 70 });
  const diff = compareScans(base, head, {
    base: [{ componentId: oldLodash.id, primaryId: '', rule: 'risk score 40 >= 30' }],
    head: [
      { componentId: newLodash.id, primaryId: '', rule: 'risk score 30 >= 30' },
      { componentId: evil.id, primaryId: 'GHSA-9', rule: 'fail-on high' },
    ],
  });
  assert.deepEqual(diff.findings.introduced.map((f) => f.primaryId), ['GHSA-9']);
  assert.deepEqual(diff.findings.existing.map((f) => f.primaryId), ['CVE-1']);
  assert.deepEqual(diff.findings.resolved.map((f) => f.primaryId), ['GHSA-2']);
  assert.deepEqual(diff.signals.introduced.map((s) => s.code), ['install-script']);
  assert.deepEqual(diff.violations.introduced.map((v) => v.rule), ['fail-on high']);
  assert.deepEqual(diff.violations.existing.map((v) => v.rule), ['risk score 30 >= 30']);
  assert.deepEqual(diff.riskDelta, [
    { name: 'evil', before: 0, after: 70, delta: 70 },
    { name: 'lodash', before: 40, after: 30, delta: -10 },
  ]);
  assert.deepEqual([diff.base.totalRisk, diff.head.totalRisk, diff.base.maxRisk, diff.head.maxRisk], [40, 100, 40, 70]);
});

test('a registry package without a resolved URL is from the configured registry: no phantom source change', () => {
  const fromUrl = (name: string, version: string, host: string): Component =>
    makeComponent(name, version, { source: { kind: 'registry', url: `https://${host}/${name}/-/${name}-${version}.tgz`, host } });
  const withoutUrl = (name: string, version: string): Component => makeComponent(name, version, { source: { kind: 'registry' } });
  // The base was locked with resolved URLs, the change with omit-lockfile-registry-resolved.
  const base = side([fromUrl('a', '1.0.0', 'registry.npmjs.org'), fromUrl('b', '1.0.0', 'npm.corp.example'), withoutUrl('c', '1.0.0'), fromUrl('d', '1.0.0', 'npm.corp.example'), fromUrl('e', '1.0.0', 'registry.yarnpkg.com')]);
  const head = side([withoutUrl('a', '1.1.0'), withoutUrl('b', '1.1.0'), withoutUrl('c', '1.1.0'), fromUrl('d', '1.1.0', 'evil.example'), withoutUrl('e', '1.1.0')]);
  const describe = (registryHost?: string): string[] =>
    compareScans(base, head, { base: [], head: [] }, registryHost === undefined ? {} : { registryHost }).changes.map((c) => `${c.kind}${c.sourceChanged ? '*' : ''} ${c.name}`);
  assert.deepEqual(describe('npm.corp.example'), ['upgraded a', 'upgraded b', 'upgraded c', 'upgraded* d', 'upgraded e']);
  // Configured for the public registry, a package that came from another host and now has no URL did change registry.
  assert.deepEqual(describe('registry.npmjs.org'), ['upgraded a', 'upgraded* b', 'upgraded c', 'upgraded* d', 'upgraded e']);
});
