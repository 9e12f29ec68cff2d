import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OsvRecord } from '../../src/model/advisory.js';
import type { AdvisoryProvider } from '../../src/advisories/providers.js';
import { renderTable } from '../../src/report/table.js';
import { COLOUR_STYLE } from '../../src/report/terminal-style.js';
import { scanProject } from '../../src/pipeline/scan-project.js';
import { osvRecord } from '../helpers/osv-records.js';
import { fixtureProject } from '../helpers/paths.js';

// Several advisories on one package (lodash), a long GHSA id, a malware record:
// the shapes that made one row per advisory hard to read.
const records: OsvRecord[] = [
  osvRecord('GHSA-jf85-cpcp-j695', 'lodash', [{ introduced: '0' }, { fixed: '4.17.12' }], {
    aliases: ['CVE-2019-10744'],
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:H' }],
  }),
  osvRecord('GHSA-35jh-r3h4-6jhm', 'lodash', [{ introduced: '0' }, { fixed: '4.17.21' }], {
    aliases: ['CVE-2021-23337'],
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H' }],
  }),
  osvRecord('GHSA-p6mc-m468-83gw', 'lodash', [{ introduced: '4.17.0' }, { fixed: '4.17.20' }], { database_specific: { severity: 'HIGH' } }),
  osvRecord('GHSA-9c47-m6qq-7p4h', 'json5', [{ introduced: '0' }, { fixed: '1.0.2' }], { database_specific: { severity: 'HIGH' } }),
  osvRecord('GHSA-rv95-896h-c2vc', 'express', [{ introduced: '0' }, { fixed: '4.19.2' }], { database_specific: { severity: 'MODERATE' } }),
  osvRecord('GHSA-mpath-0000-0001', 'mpath', [{ introduced: '0' }, { fixed: '0.5.1' }], { database_specific: { severity: 'CRITICAL' } }),
];
const provider: AdvisoryProvider = {
  info: () => ({ kind: 'database', description: 'test records', updatedAt: '2026-11-29T00:00:00Z', advisoryCount: records.length }),
  recordsFor: async () => records,
};
const now = () => new Date('2026-11-29T00:00:00Z');
const result = await scanProject(fixtureProject('old-express-api'), { provider, now });
const verdict = { passed: false, violations: [{ componentId: 'x', rule: 'fail-on high' }], failOn: 'high' };
// eslint-disable-next-line no-control-regex -- the escape character is what is being removed
const stripAnsi = (text: string): string => text.replace(/\x1b\[[0-9;]*m/g, '');

// [terminal width]
for (const width of [60, 80, 100, 120, 200]) {
  test(`the table fits a ${width}-column terminal: no line is longer`, () => {
    const text = renderTable(result, { now: now(), width, verdict });
    const long = text.split('\n').filter((line) => line.length > width);
    assert.deepEqual(long, []);
    // Colour changes nothing a reader sees.
    assert.equal(stripAnsi(renderTable(result, { now: now(), width, verdict, style: COLOUR_STYLE })), text);
  });
}

test('one row per vulnerable package version, however many advisories it has', () => {
  const text = renderTable(result, { now: now(), width: 200, verdict });
  const rows = text.split('\n').filter((line) => line.startsWith('│') && !line.includes('Package'));
  const names = rows.map((line) => line.split('│')[2]?.trim());
  assert.equal(new Set(names).size, names.length, `a package on two rows:\n${text}`);
  const vulnerable = new Set(result.findings.map((f) => f.componentId)).size;
  assert.equal(rows.length, vulnerable);
  assert.ok(result.findings.length > vulnerable, 'the fixture has packages with several advisories');
  const lodash = rows.find((line) => line.includes('lodash@4.17.4'));
  assert.match(lodash ?? '', /GHSA-jf85-cpcp-j695, GHSA-35jh-r3h4-6jhm, GHSA-p6mc-m468-83gw|GHSA-p6mc-m468-83gw, GHSA-jf85-cpcp-j695/);
});

test('it leads with the verdict and the components to act on first; Risk is the component score they share', () => {
  const text = renderTable(result, { now: now(), width: 80, verdict });
  const lines = text.split('\n');
  assert.match(lines[0] ?? '', /^FAIL {2}1 policy violation in 1 package \(fail-on high\)$/);
  assert.equal(lines[1], 'Act first on:');
  const firstAct = /^ +(\d+) {2}(\S+)/.exec(lines[2] ?? '');
  const table = lines.findIndex((line) => line.startsWith('│ Risk'));
  assert.ok(table > 2);
  const firstRow = lines.slice(table + 2).find((line) => line.startsWith('│'));
  const [, risk, pkg] = /^│ (\d+) +│ (\S+)/.exec(firstRow ?? '') ?? [];
  const score = result.scores.find((s) => s.componentId === result.inventory.components.find((c) => `${c.name}@${c.version}` === pkg)?.id)?.score;
  assert.equal(Number(risk), score, 'the Risk column is the component risk score');
  if (firstAct && firstAct[2] === pkg) assert.equal(firstAct[1], risk, 'Act first and the table agree');
});

test('--wide keeps every column and every cell whole', () => {
  const text = renderTable(result, { now: now(), width: 80, wide: true, verdict });
  assert.match(text, /│ First path +│/);
  assert.doesNotMatch(text, /Cut to fit/);
  assert.doesNotMatch(text.split('\n').filter((line) => line.startsWith('│')).join('\n'), /…/);
});

test('at 80 columns the path goes first and the reader is told how to see it', () => {
  const text = renderTable(result, { now: now(), width: 80, verdict });
  assert.doesNotMatch(text, /First path/);
  assert.match(text, /│ Risk +│ Package +│ Severity +│ Advisories +│ Fix/);
  assert.match(text, /Cut to fit the terminal: --wide shows every column whole/);
});

test('a passing scan says so first', () => {
  const text = renderTable(result, { now: now(), width: 80, verdict: { passed: true, violations: [], failOn: 'critical' } });
  assert.match(text, /^PASS {2}no policy violations \(fail-on critical; malware always fails\)\n/);
});
