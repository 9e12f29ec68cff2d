import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMaliciousRecord } from '../../src/match/malicious.js';
import { levelFor, recordRating } from '../../src/match/severity.js';
import { osvRecord } from '../helpers/osv-records.js';

const base = osvRecord('GHSA-x', 'x', [{ introduced: '0' }]);

// [severity entries, database_specific.severity, expected level, expected score, expected method]
const cases: Array<[Array<{ type: string; score: string }>, string | undefined, string, number | undefined, string]> = [
  [[{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }], undefined, 'critical', 9.8, 'CVSSv31'],
  [[{ type: 'CVSS_V3', score: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N' }], undefined, 'medium', 6.1, 'CVSSv3'],
  [[{ type: 'CVSS_V2', score: 'AV:N/AC:L/Au:N/C:P/I:P/A:P' }], undefined, 'high', 7.5, 'CVSSv2'],
  [[{ type: 'CVSS_V2', score: 'AV:N/AC:L/Au:N/C:C/I:C/A:C' }], undefined, 'high', 10, 'CVSSv2'],
  [[{ type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' }], undefined, 'critical', 9.3, 'CVSSv4'],
  // the newest CVSS version decides when several are given
  [
    [
      { type: 'CVSS_V2', score: 'AV:N/AC:L/Au:N/C:P/I:P/A:P' },
      { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N' },
    ],
    'CRITICAL',
    'low',
    3.7,
    'CVSSv31',
  ],
  // no vector: GHSA's database_specific.severity
  [[], 'MODERATE', 'medium', undefined, 'database'],
  [[], 'HIGH', 'high', undefined, 'database'],
  // an unparseable vector is skipped
  [[{ type: 'CVSS_V3', score: 'CVSS:3.1/garbage' }], 'LOW', 'low', undefined, 'database'],
  // nothing at all: never blank
  [[], undefined, 'unknown', undefined, 'none'],
];

for (const [severity, database, level, score, method] of cases) {
  test(`severity: ${JSON.stringify(severity.map((s) => s.score))} / ${database ?? '-'} → ${level}`, () => {
    const record = { ...base, severity, ...(database ? { database_specific: { severity: database } } : {}) };
    const rating = recordRating(record, false);
    assert.deepEqual([rating.level, rating.score, rating.method], [level, score, method]);
  });
}

test('CVSS qualitative ratings: v3/v4 bands, v2 has no critical', () => {
  assert.deepEqual([9, 8.9, 7, 6.9, 4, 3.9, 0.1, 0].map((s) => levelFor(s, 'CVSSv31')), ['critical', 'high', 'high', 'medium', 'medium', 'low', 'low', 'unknown']);
  assert.equal(levelFor(10, 'CVSSv2'), 'high');
});

test('malicious packages: MAL ids, MAL aliases, the malicious-packages feed and CWE-506', () => {
  assert.equal(isMaliciousRecord({ ...base, id: 'MAL-2024-1' }), true);
  assert.equal(isMaliciousRecord({ ...base, aliases: ['MAL-2024-2'] }), true);
  assert.equal(isMaliciousRecord({ ...base, database_specific: { 'malicious-packages-origins': [] } }), true);
  assert.equal(isMaliciousRecord({ ...base, database_specific: { cwe_ids: ['CWE-506'] } }), true);
  assert.equal(isMaliciousRecord(base), false);
  assert.equal(recordRating({ ...base, id: 'MAL-2024-1' }, true).level, 'malware');
});
