import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Component, DependencyEdge } from '../../src/model/component.js';
import { matchInventory } from '../../src/match/match-inventory.js';
import { makeComponent } from '../helpers/make-component.js';
import { osvRecord } from '../helpers/osv-records.js';

function component(name: string, version: string, kind: Component['source']['kind'] = 'registry', aliases: string[] = []): Component {
  return makeComponent(name, version, { id: `pkg:npm/${name}@${version}${kind === 'registry' ? '' : `#${kind}`}`, aliases, source: { kind }, isWorkspace: kind === 'workspace' });
}

const edge = (from: string, to: Component, spec: string): DependencyEdge => ({ from, to: to.id, name: to.name, spec, type: 'prod', valid: true });

test('a GHSA and the CVE record it aliases are one finding listing every id', () => {
  const lodash = component('lodash', '4.17.4');
  const records = [
    osvRecord('GHSA-jf85-cpcp-j695', 'lodash', [{ introduced: '0' }, { fixed: '4.17.12' }], { aliases: ['CVE-2019-10744'] }),
    osvRecord('CVE-2019-10744', 'lodash', [{ introduced: '0' }, { fixed: '4.17.12' }]),
    osvRecord('GHSA-p6mc-m468-83gw', 'lodash', [{ introduced: '3.7.0' }, { fixed: '4.17.19' }], { aliases: ['CVE-2020-8203'] }),
  ];
  const { findings } = matchInventory({ components: [lodash], edges: [] }, records);
  assert.deepEqual(
    findings.map((f) => f.ids),
    [
      ['GHSA-jf85-cpcp-j695', 'CVE-2019-10744'],
      ['GHSA-p6mc-m468-83gw', 'CVE-2020-8203'],
    ],
  );
  assert.deepEqual(findings[0]?.advisoryIds, ['GHSA-jf85-cpcp-j695', 'CVE-2019-10744']);
});

test('withdrawn records never match; several affected entries are a union', () => {
  const ms = component('ms', '0.7.0');
  const records = [
    osvRecord('GHSA-withdrawn', 'ms', [{ introduced: '0' }], { withdrawn: '2024-01-01T00:00:00Z' }),
    {
      ...osvRecord('GHSA-union', 'ms', [{ introduced: '5.0.0' }]),
      affected: [
        { package: { ecosystem: 'npm', name: 'ms' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '5.0.0' }] }] },
        { package: { ecosystem: 'npm', name: 'ms' }, versions: ['0.7.0'] },
      ],
    },
  ];
  const { findings } = matchInventory({ components: [ms], edges: [] }, records);
  assert.deepEqual(findings.map((f) => f.primaryId), ['GHSA-union']);
});

test('an npm: alias matches under the real name; other ecosystems and other names do not', () => {
  const aliased = component('ms', '0.7.0', 'registry', ['ms-old']);
  const records = [
    osvRecord('GHSA-ms', 'ms', [{ introduced: '0' }, { fixed: '0.7.1' }]),
    osvRecord('GHSA-alias-name', 'ms-old', [{ introduced: '0' }]),
    { ...osvRecord('PYSEC-1', 'ms', [{ introduced: '0' }]), affected: [{ package: { ecosystem: 'PyPI', name: 'ms' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }] }] },
  ];
  assert.deepEqual(matchInventory({ components: [aliased], edges: [] }, records).findings.map((f) => f.primaryId), ['GHSA-ms']);
});

test('git, tarball, file, link and workspace components are not matched by version but reported as unverifiable', () => {
  const kinds: Array<Component['source']['kind']> = ['git', 'tarball', 'file', 'directory', 'link', 'workspace'];
  const components = kinds.map((kind) => component('my-api', '1.0.0', kind));
  const malware = osvRecord('MAL-2024-1', 'my-api', [{ introduced: '0' }]);
  const { findings, unverifiable } = matchInventory({ components, edges: [] }, [malware]);
  assert.deepEqual(findings, []);
  assert.deepEqual(unverifiable.map((u) => u.reason), kinds);
});

test('malware advisories are their own top category and sort first', () => {
  const a = component('a', '1.0.0');
  const b = component('b', '1.0.0');
  const { findings } = matchInventory({ components: [a, b], edges: [] }, [
    osvRecord('GHSA-crit', 'a', [{ introduced: '0' }], { severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }] }),
    osvRecord('MAL-2024-9', 'b', [{ introduced: '0' }]),
  ]);
  assert.deepEqual(findings.map((f) => [f.primaryId, f.rating.level, f.malicious]), [
    ['MAL-2024-9', 'malware', true],
    ['GHSA-crit', 'critical', false],
  ]);
});

test('fix information: the lowest fixed version above the installed one, and whether the parents admit it', () => {
  const send = component('send', '0.16.2');
  const ms = component('ms', '2.0.0');
  const debug = component('debug', '2.6.9');
  const record = osvRecord('GHSA-ms', 'ms', [{ introduced: '0' }, { fixed: '1.0.0' }, { introduced: '2.0.0' }, { fixed: '2.0.3' }, { introduced: '3.0.0' }, { fixed: '3.1.0' }]);
  const refreshable = matchInventory({ components: [ms, debug], edges: [edge(debug.id, ms, '^2.0.0'), edge('', ms, '~2.0.0')] }, [record]);
  assert.deepEqual(refreshable.findings[0]?.fix, {
    fixedIn: '2.0.3',
    fixedVersions: ['1.0.0', '2.0.3', '3.1.0'],
    lockfileRefreshFixes: true,
    declaredBy: [
      { from: '', spec: '~2.0.0', admitsFix: true },
      { from: debug.id, spec: '^2.0.0', admitsFix: true },
    ],
  });
  const pinned = matchInventory({ components: [ms, debug, send], edges: [edge(debug.id, ms, '2.0.0'), edge(send.id, ms, 'npm:ms@^2.0.0')] }, [record]);
  assert.equal(pinned.findings[0]?.fix.lockfileRefreshFixes, false);
  // debug pins 2.0.0 exactly; send's `npm:ms@^2.0.0` alias range admits 2.0.3.
  assert.deepEqual(pinned.findings[0]?.fix.declaredBy.map((d) => [d.from, d.admitsFix]), [
    [debug.id, false],
    [send.id, true],
  ]);
  const noFix = matchInventory({ components: [ms], edges: [] }, [osvRecord('GHSA-nofix', 'ms', [{ introduced: '0' }, { last_affected: '2.0.0' }])]);
  assert.equal(noFix.findings[0]?.fix.fixedIn, undefined);
});

test('an invalid installed version never matches and never throws', () => {
  const weird = component('ms', 'not-a-version');
  assert.deepEqual(matchInventory({ components: [weird], edges: [] }, [osvRecord('GHSA-ms', 'ms', [{ introduced: '0' }])]).findings, []);
});

test('fields import does not check (references, severity, database_specific) of another type are read as absent: the record still matches, nothing throws', () => {
  const minimist = component('minimist', '1.2.0');
  // Found by mutating real records: each of these once ended every scan of the package in an internal error.
  const odd = (id: string, extra: Record<string, unknown>) => osvRecord(id, 'minimist', [{ introduced: '0' }, { fixed: '1.2.6' }], extra as Partial<ReturnType<typeof osvRecord>>);
  const records = [
    odd('GHSA-refs', { references: 'https://example.com', database_specific: 'oops' }),
    odd('GHSA-severity', { severity: { type: 'CVSS_V3' }, database_specific: 7 }),
    odd('GHSA-affected', { references: [{ type: { toString: 1 }, url: 'https://example.com/a' }, null] }),
  ];
  (records[1]?.affected ?? [])[0]!.database_specific = 'x' as unknown as Record<string, unknown>;
  (records[2]?.affected ?? [])[0]!.severity = 'CVSS:3.1' as unknown as [];
  const { findings } = matchInventory({ components: [minimist], edges: [] }, records);
  assert.deepEqual(findings.map((f) => f.primaryId).sort(), ['GHSA-affected', 'GHSA-refs', 'GHSA-severity']);
  assert.ok(findings.every((f) => f.rating.level === 'unknown' && !f.malicious));
  assert.deepEqual(findings.find((f) => f.primaryId === 'GHSA-affected')?.advisories[0]?.references, [{ type: 'OTHER', url: 'https://example.com/a' }]);
});
