import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Component, DependencyEdge, EdgeType } from '../../src/model/component.js';
import { ROOT_ID } from '../../src/model/component.js';
import type { UsageSource } from '../../src/model/usage.js';
import type { CollectedUsage } from '../../src/signals/usage/collect-usage.js';
import { judgeUsage } from '../../src/signals/usage/judge-usage.js';

const edge = (from: string, to: string, name: string, type: EdgeType = 'prod'): DependencyEdge => ({ from, to, name, spec: '*', type, valid: true });
const component = (id: string): Component => ({
  id, name: id, version: '1.0.0', aliases: [], purl: id, source: { kind: 'registry' }, flags: { dev: false, optional: false, devOptional: false, peer: false, bundled: false },
  scope: 'prod', direct: false, depth: 1, hasInstallScript: false, locations: [], workspaces: [], isWorkspace: false,
});
const searched: Record<UsageSource, number> = { code: 1, 'package-script': 0, 'git-hook': 0, docker: 0, ci: 0, config: 0, 'package-graph': 0 };

test('a declared package that a used package, or one it brings in, takes as a peer is used; one only an unused package or nothing takes is not', () => {
  // app imports `framework`, which brings in `plugin-host`, whose peer is `react`; `orphan` (unused) has peer `vue`; `lonely` needs nothing.
  const edges = [
    edge(ROOT_ID, 'framework', 'framework'),
    edge(ROOT_ID, 'orphan', 'orphan'),
    edge(ROOT_ID, 'react', 'react'),
    edge(ROOT_ID, 'vue', 'vue'),
    edge(ROOT_ID, 'lonely', 'lonely'),
    edge('framework', 'plugin-host', 'plugin-host'),
    edge('plugin-host', 'react', 'react', 'peer'),
    edge('orphan', 'vue', 'vue', 'peerOptional'),
    edge('lonely', 'leaf', 'leaf'),
  ];
  const components = ['framework', 'orphan', 'react', 'vue', 'lonely', 'plugin-host', 'leaf'].map(component);
  const collected: CollectedUsage = {
    evidence: new Map([['framework', [{ kind: 'import', source: 'code', file: 'src/app.js', line: 1, context: 'runtime', detail: 'framework' }]]]),
    dynamicLoads: [],
    unparsed: [],
    searched,
    sawCode: true,
  };
  const declarations = ['framework', 'orphan', 'react', 'vue', 'lonely'].map((name) => ({ name, workspace: '', declaredAs: 'prod' as const }));
  const verdicts = judgeUsage(collected, declarations, { components, edges }).dependencies.map((d) => `${d.name}: ${d.verdict} ${d.evidence.map((e) => e.detail).join(', ')}`);
  assert.deepEqual(verdicts, ['framework: used framework', 'lonely: unused ', 'orphan: unused ', 'react: used peer dependency of framework', 'vue: unused ']);
});
