import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DependencyEdge, EdgeType, Inventory } from '../../src/model/component.js';
import { ROOT_ID } from '../../src/model/component.js';
import type { Finding } from '../../src/model/finding.js';
import type { ScanResult } from '../../src/model/scan-result.js';
import { buildReduceReport } from '../../src/reduce/reduce-report.js';
import { foldableDuplicates } from '../../src/reduce/foldable-duplicates.js';
import { makeComponent } from '../helpers/make-component.js';

const id = (name: string, version = '1.0.0'): string => `pkg:npm/${name}@${version}`;
const edge = (from: string, to: string, spec = '^1.0.0', type: EdgeType = 'prod'): DependencyEdge => ({ from, to, name: to.slice(8, to.lastIndexOf('@')), spec, type, valid: true });

// root -> heavy -> {a -> b, shared}; root -> light -> shared; root -(dev)-> tool -> a;
// root -> popular, and heavy -> popular (so removing popular's declaration keeps it).
const components = [
  makeComponent('heavy'),
  makeComponent('light'),
  makeComponent('tool', '1.0.0', { scope: 'dev' }),
  makeComponent('popular'),
  makeComponent('a', '1.0.0', { direct: false }),
  makeComponent('b', '1.0.0', { direct: false, hasInstallScript: true }),
  makeComponent('c', '1.0.0', { direct: false }),
  makeComponent('shared', '1.0.0', { direct: false }),
  makeComponent('moment', '2.0.0'),
];
const inventory: Inventory = {
  root: '/p',
  project: { name: 'api' },
  sourceFile: 'package-lock.json',
  components,
  edges: [
    edge(ROOT_ID, id('heavy')),
    edge(ROOT_ID, id('light')),
    edge(ROOT_ID, id('tool'), '^1.0.0', 'dev'),
    edge(ROOT_ID, id('popular')),
    edge(ROOT_ID, id('moment', '2.0.0'), '^2.0.0'),
    edge(id('heavy'), id('b')),
    edge(id('heavy'), id('c')),
    edge(id('heavy'), id('shared')),
    edge(id('heavy'), id('popular')),
    edge(id('light'), id('shared')),
    edge(id('tool'), id('a')),
  ],
  paths: new Map(),
  workspaces: [],
  warnings: [],
};
const finding = (componentId: string, primaryId: string, level: 'high' | 'malware'): Finding => ({
  componentId,
  advisoryIds: [primaryId],
  ids: [primaryId],
  primaryId,
  summary: '',
  rating: { level, method: 'database' },
  malicious: level === 'malware',
  advisories: [],
  fix: { fixedVersions: [], lockfileRefreshFixes: false, declaredBy: [] },
});
const scan: Pick<ScanResult, 'inventory' | 'findings' | 'signals'> = {
  inventory,
  findings: [finding(id('b'), 'GHSA-b', 'high'), finding(id('popular'), 'GHSA-p', 'high')],
  signals: [{ code: 'install-script', componentId: id('b'), evidence: {} }],
};

test('exclusive subtree: what leaves with a direct dependency alone, over every scope', () => {
  const report = buildReduceReport(scan, (name) => (name === 'moment' ? [{ kind: 'documented', use: 'day.js' }] : []));
  const byName = new Map(report.dependencies.map((d) => [d.name, d]));
  // heavy takes b and c with it; shared stays (light needs it), popular stays (declared by the root too).
  assert.deepEqual(byName.get('heavy')?.exclusive, [id('b'), id('c')]);
  assert.deepEqual(byName.get('heavy')?.advisories.map((a) => a.id), ['GHSA-b']);
  assert.deepEqual(byName.get('heavy')?.installScripts, [id('b')]);
  assert.deepEqual(byName.get('heavy')?.signals, { 'install-script': 1 });
  assert.deepEqual(byName.get('light')?.exclusive, []);
  assert.deepEqual(byName.get('tool')?.exclusive, [id('a')], 'a devDependency counts too');
  // popular is still needed by heavy: removing the declaration saves nothing, its advisory included.
  assert.equal(byName.get('popular')?.stillNeeded, true);
  assert.deepEqual(byName.get('popular')?.advisories, []);
  assert.deepEqual(byName.get('moment')?.replacements, [{ kind: 'documented', use: 'day.js' }]);
  // Ranked by savings: heavy (2 packages, a high advisory, an install script) first.
  assert.equal(report.dependencies[0]?.name, 'heavy');
  assert.deepEqual(report.totals, { components: components.length, direct: 5 });
});

test('duplicates a dedupe would fold: one version satisfies every range that resolves to any of them', () => {
  const dup: Inventory = {
    ...inventory,
    components: [makeComponent('x', '1.0.0'), makeComponent('x', '1.2.0'), makeComponent('y', '1.0.0'), makeComponent('y', '2.0.0')],
    edges: [edge(ROOT_ID, id('x', '1.2.0'), '^1.1.0'), edge(id('x', '1.2.0'), id('x', '1.0.0'), '^1.0.0'), edge(ROOT_ID, id('y', '2.0.0'), '^2.0.0'), edge(id('x', '1.2.0'), id('y', '1.0.0'), '^1.0.0')],
  };
  assert.deepEqual(foldableDuplicates(dup), [{ name: 'x', versions: ['1.0.0', '1.2.0'], foldTo: '1.2.0' }]);
});
