import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Component } from '../../src/model/component.js';
import type { Finding } from '../../src/model/finding.js';
import type { Exposure, Signal } from '../../src/model/signal.js';
import { makeComponent } from '../helpers/make-component.js';
import { exposureFactor, scoreComponents, scoreFinding } from '../../src/score/score-components.js';

const component = (id: string): Component => makeComponent(id, '1.0.0', { id, locations: [] });

const finding = (componentId: string, level: Finding['rating']['level'], vector?: string, malicious = false): Finding => ({
  componentId,
  advisoryIds: [`GHSA-${componentId}-${level}`],
  ids: [`GHSA-${componentId}-${level}`],
  primaryId: `GHSA-${componentId}-${level}`,
  summary: '',
  rating: { level, method: vector ? 'CVSSv31' : 'database', ...(vector ? { vector, score: 7.5 } : {}) },
  malicious,
  advisories: [],
  fix: { fixedVersions: [], lockfileRefreshFixes: false, declaredBy: [] },
});

const exposure = (overrides: Partial<Exposure> = {}): Exposure => ({
  runtime: true,
  devOnly: false,
  optionalOrPeer: false,
  direct: true,
  depth: 1,
  pathCount: 1,
  dependents: 1,
  reachable: true,
  ...overrides,
});

const network = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H';
const local = 'CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H';

test('exposure factors: runtime and reachable count fully, dev-only much less', () => {
  // [exposure, factor]
  const cases: Array<[Partial<Exposure>, number]> = [
    [{}, 1],
    [{ reachable: false }, 0.7],
    [{ reachable: 'unknown' }, 0.9],
    [{ runtime: false, devOnly: true }, 0.3],
    [{ runtime: false, optionalOrPeer: true }, 0.6],
    [{ runtime: false, devOnly: true, reachable: false }, 0.21],
  ];
  for (const [overrides, factor] of cases) assert.equal(exposureFactor(exposure(overrides)), factor, JSON.stringify(overrides));
});

test('a moderate advisory in the request path outranks a critical one in a dev tool', () => {
  const runtimeModerate = scoreFinding(finding('a', 'medium', network), exposure());
  const devCritical = scoreFinding(finding('b', 'critical'), exposure({ runtime: false, devOnly: true, reachable: false }));
  assert.deepEqual([runtimeModerate, devCritical], [30, 13]);
});

test('each score lists its reasons and points', () => {
  const signals: Signal[] = [
    { code: 'install-script', componentId: 'a', evidence: { scripts: 'preinstall/install/postinstall' } },
    { code: 'typosquat', componentId: 'b', evidence: { imitates: 'lodash', distance: 1 } },
  ];
  const findings = [finding('a', 'high', network), finding('a', 'low', local), finding('c', 'critical', undefined, true)];
  const exposures = new Map([
    ['a', exposure()],
    ['b', exposure({ reachable: 'unknown' })],
    ['c', exposure({ runtime: false, devOnly: true })],
  ]);
  const [a, b, c] = scoreComponents([component('a'), component('b'), component('c')], findings, signals, exposures);
  assert.deepEqual(a, {
    componentId: 'a',
    score: 69,
    base: 69,
    exposureFactor: 1,
    reasons: [
      { code: 'advisory:high', points: 54, detail: 'GHSA-a-high (high 7.5, network vector ×1.2)' },
      { code: 'more-advisories', points: 5, detail: '1 more advisories' },
      { code: 'install-script', points: 10, detail: 'scripts=preinstall/install/postinstall' },
      { code: 'exposure', points: 1, detail: 'runtime, reached by the code' },
    ],
  });
  assert.deepEqual([b?.score, b?.reasons.map((r) => [r.code, r.points])], [27, [['typosquat', 30], ['exposure', 0.9]]]);
  assert.equal(c?.score, 100, 'malware scores 100 even in a dev dependency');
  assert.equal(c?.reasons.at(-1)?.detail, 'dev only, reached by the code (malware scores 100 whatever the exposure)');
});
