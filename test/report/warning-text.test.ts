import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Warning } from '../../src/model/warning.js';
import { compareWarnings, sameWarning } from '../../src/model/warning.js';
import { sideWarningJson, sideWarningText, warningJson, warningText } from '../../src/report/warning-text.js';

// One warning of every code: each is worded on one line, and JSON keeps the code and details beside the words.
const every: Warning[] = [
  { code: 'lockfile-out-of-sync', sourceFile: 'node_modules', manifest: 'packages/api/package.json', name: 'ms', spec: '^2', problem: 'missing' },
  { code: 'lockfile-out-of-sync', sourceFile: 'pnpm-lock.yaml', manifest: 'package.json', name: 'ms', spec: '^3', problem: 'unsatisfied' },
  { code: 'lockfile-without-manifest', lockfile: 'package-lock.json' },
  { code: 'package-manager-mismatch', declared: 'pnpm@9.0.0', lockfile: 'package-lock.json' },
  { code: 'advisory-data-stale', days: 12 },
  { code: 'registry-metadata-unknown', packages: 3, reason: { kind: 'offline' } },
  { code: 'registry-metadata-unknown', packages: 4, reason: { kind: 'hosts-given-up', hosts: [{ host: 'registry.example', reason: '3 connection failures in a row' }] } },
  { code: 'registry-metadata-unknown', packages: 5, reason: { kind: 'deadline' } },
  { code: 'registry-metadata-unknown', packages: 6, reason: { kind: 'unexplained' } },
  { code: 'source-unparsed', error: 'src/a.js: Unexpected token (1:4)' },
  { code: 'base-code-too-large', mebibytes: 300 },
  { code: 'ignore-rule-expired', advisoryId: 'GHSA-1', package: 'ms', expires: '2020-01-01' },
  { code: 'ignore-rule-unused', advisoryId: 'GHSA-2', package: null },
  { code: 'advisory-sample-used', sample: 'built-in sample', reason: { kind: 'database-read-only' } },
  { code: 'advisory-sample-used', sample: 'built-in sample', reason: { kind: 'download-failed-recently', at: '2026-12-01T00:00:00.000Z', error: 'HTTP 503', retryAfter: '2026-12-01T01:00:00.000Z' } },
  { code: 'advisory-sample-used', sample: 'built-in sample', reason: { kind: 'download-failed', error: 'HTTP 503' } },
  { code: 'osv-api-failed', error: 'request failed', fallback: 'local database' },
  { code: 'database-unavailable', error: 'the deptrust database /tmp/x.db is corrupt' },
];

test('every warning code is worded on one line, naming its details', () => {
  const words = every.map(warningText);
  for (const line of words) assert.doesNotMatch(line, /\n|undefined|\[object/);
  assert.equal(new Set(words).size, every.length);
  assert.equal(words[0], 'node_modules is out of sync with packages/api/package.json: ms@^2 is not in the installed tree');
  assert.equal(words[6], 'registry metadata unknown for 4 packages (registry.example not asked again after 3 connection failures in a row): their maintenance signals are missing');
  assert.equal(words[11], 'ignore rule for GHSA-1 in ms expired on 2020-01-01: it no longer applies');
  assert.equal(words[15], 'NO ADVISORY DATABASE and the OSV dump could not be downloaded (HTTP 503). Using the built-in sample: findings are INCOMPLETE. Run "deptrust db update" or "deptrust db import <zip>".');
  assert.equal(words[16], 'the OSV API failed (request failed); using local database instead');
});

test('JSON carries the code and details, then the words; a diff says which side', () => {
  assert.deepEqual(warningJson({ code: 'advisory-data-stale', days: 12 }), { code: 'advisory-data-stale', days: 12, message: 'the advisory data is 12 days old; run "deptrust db update"' });
  assert.deepEqual(Object.keys(sideWarningJson({ code: 'base-code-too-large', mebibytes: 300 }, 'base')), ['side', 'code', 'mebibytes', 'message']);
  assert.equal(sideWarningText({ code: 'base-code-too-large', mebibytes: 300 }, 'base'), "base: the base has 300 MiB of code: its reachability is judged with the change's code");
  assert.equal(sideWarningText({ code: 'advisory-data-stale', days: 1 }, 'head'), warningText({ code: 'advisory-data-stale', days: 1 }));
});

test('warnings sort by code, then details, and compare by value', () => {
  const sorted = [...every].reverse().sort(compareWarnings);
  assert.deepEqual(sorted.map((w) => w.code), [...every.map((w) => w.code)].sort());
  const [missing, unsatisfied] = every;
  assert.ok(missing && unsatisfied);
  assert.ok(sameWarning({ ...missing }, missing));
  assert.ok(!sameWarning(missing, unsatisfied));
});
