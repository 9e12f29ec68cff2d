import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DependencyEdge, EdgeType, Inventory } from '../../src/model/component.js';
import { ROOT_ID } from '../../src/model/component.js';
import { scopeGivingPath } from '../../src/inventory/scope-path.js';
import { renderExplainText } from '../../src/report/explain.js';
import { makeComponent } from '../helpers/make-component.js';

const edge = (from: string, to: string, type: EdgeType = 'prod'): DependencyEdge => ({ from, to, name: to.replace(/^pkg:npm\/|@[^@]*$/g, ''), spec: '*', type, valid: true });
const id = (name: string): string => `pkg:npm/${name}@1.0.0`;

// root -dev-> dev-tool -> shared (two hops) and root -> app-lib -> mid -> shared (three hops, all prod):
// shared is prod because of the longer path, and that is the path to show first.
const shared = makeComponent('shared', '1.0.0', { direct: false, depth: 2 });
const inventory: Inventory = {
  root: '/p',
  project: { name: 'api' },
  sourceFile: 'package-lock.json',
  components: [makeComponent('app-lib'), makeComponent('dev-tool', '1.0.0', { scope: 'dev' }), makeComponent('mid', '1.0.0', { direct: false }), shared],
  edges: [edge(ROOT_ID, id('app-lib')), edge(ROOT_ID, id('dev-tool'), 'dev'), edge(id('app-lib'), id('mid')), edge(id('dev-tool'), id('shared')), edge(id('mid'), id('shared'))],
  paths: new Map([[shared.id, { count: 2, sample: [[id('dev-tool'), id('shared')], [id('app-lib'), id('mid'), id('shared')]] }]]),
  workspaces: [],
  warnings: [],
};

test('the path that gives a component its scope: prod through prod edges, even when a dev path is shorter', () => {
  assert.deepEqual(scopeGivingPath(inventory, shared), [id('app-lib'), id('mid'), id('shared')]);
  // A dev component: any shortest path.
  const devOnly = makeComponent('shared', '1.0.0', { scope: 'dev' });
  assert.deepEqual(scopeGivingPath(inventory, devOnly), [id('dev-tool'), id('shared')]);
  // Nothing reaches it: no path.
  assert.equal(scopeGivingPath(inventory, makeComponent('orphan')), undefined);
});

test('explain shows the scope-giving path first, then the others', () => {
  const scopePaths = new Map([[shared.id, [id('app-lib'), id('mid'), id('shared')]]]);
  const text = renderExplainText({ inventory, query: 'shared', matches: [shared], scopePaths }, { maxPaths: 5 });
  assert.match(text, /paths \(2\):\n {4}api > app-lib@1\.0\.0 > mid@1\.0\.0 > shared@1\.0\.0\n {4}api > dev-tool@1\.0\.0 > shared@1\.0\.0\n/);
  const one = renderExplainText({ inventory, query: 'shared', matches: [shared], scopePaths }, { maxPaths: 1 });
  assert.match(one, /paths \(2\):\n {4}api > app-lib@1\.0\.0 > mid@1\.0\.0 > shared@1\.0\.0\n {4}… and 1 more\n/);
});
