import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OsvAffected, OsvEvent, OsvRange } from '../../src/model/advisory.js';
import { affectedIncludes } from '../../src/match/affected-includes.js';
import { parseNpmVersion } from '../../src/match/npm-version.js';

const pkg = { ecosystem: 'npm', name: 'left-pad' };
const semverRange = (...events: OsvEvent[]): OsvRange => ({ type: 'SEMVER', events });
const ecosystemRange = (...events: OsvEvent[]): OsvRange => ({ type: 'ECOSYSTEM', events });
const i = (introduced: string): OsvEvent => ({ introduced });
const f = (fixed: string): OsvEvent => ({ fixed });
const la = (last_affected: string): OsvEvent => ({ last_affected });
const lim = (limit: string): OsvEvent => ({ limit });

function includes(affected: OsvAffected, version: string): boolean {
  const parsed = parseNpmVersion(version);
  return parsed !== null && affectedIncludes(affected, parsed);
}

// [description, affected entry, version, affected?]
const cases: Array<[string, OsvAffected, string, boolean]> = [
  // introduced is inclusive, fixed exclusive
  ['introduced 0, fixed 1.0.0: below', { package: pkg, ranges: [semverRange(i('0'), f('1.0.0'))] }, '0.0.1', true],
  ['introduced 0, fixed 1.0.0: 0.0.0', { package: pkg, ranges: [semverRange(i('0'), f('1.0.0'))] }, '0.0.0', true],
  ['introduced 0, fixed 1.0.0: just below', { package: pkg, ranges: [semverRange(i('0'), f('1.0.0'))] }, '0.9.99', true],
  ['introduced 0, fixed 1.0.0: the fix', { package: pkg, ranges: [semverRange(i('0'), f('1.0.0'))] }, '1.0.0', false],
  ['introduced 0, fixed 1.0.0: above', { package: pkg, ranges: [semverRange(i('0'), f('1.0.0'))] }, '1.0.1', false],
  ['introduced 1.2.0: the introduction', { package: pkg, ranges: [semverRange(i('1.2.0'), f('1.4.0'))] }, '1.2.0', true],
  ['introduced 1.2.0: before', { package: pkg, ranges: [semverRange(i('1.2.0'), f('1.4.0'))] }, '1.1.9', false],
  ['introduced 1.2.0: inside', { package: pkg, ranges: [semverRange(i('1.2.0'), f('1.4.0'))] }, '1.3.5', true],
  ['introduced 1.2.0: the fix', { package: pkg, ranges: [semverRange(i('1.2.0'), f('1.4.0'))] }, '1.4.0', false],
  ['introduced only: everything after', { package: pkg, ranges: [semverRange(i('2.0.0'))] }, '99.0.0', true],
  ['introduced only: before', { package: pkg, ranges: [semverRange(i('2.0.0'))] }, '1.9.9', false],
  ['introduced 0 only: every version', { package: pkg, ranges: [semverRange(i('0'))] }, '0.0.1', true],
  ['introduced 0 only: a prerelease', { package: pkg, ranges: [semverRange(i('0'))] }, '0.0.0-alpha', true],
  // last_affected is inclusive
  ['last_affected: equal', { package: pkg, ranges: [semverRange(i('0'), la('2.3.4'))] }, '2.3.4', true],
  ['last_affected: below', { package: pkg, ranges: [semverRange(i('0'), la('2.3.4'))] }, '2.3.3', true],
  ['last_affected: above', { package: pkg, ranges: [semverRange(i('0'), la('2.3.4'))] }, '2.3.5', false],
  ['last_affected: prerelease of next', { package: pkg, ranges: [semverRange(i('0'), la('2.3.4'))] }, '2.3.5-rc.1', false],
  ['last_affected with introduced 1.0.0: below introduced', { package: pkg, ranges: [semverRange(i('1.0.0'), la('1.5.0'))] }, '0.9.0', false],
  // several introduced/fixed pairs in one range
  ['two windows: first', { package: pkg, ranges: [semverRange(i('0'), f('1.2.6'), i('2.0.0'), f('2.0.3'))] }, '1.2.5', true],
  ['two windows: gap', { package: pkg, ranges: [semverRange(i('0'), f('1.2.6'), i('2.0.0'), f('2.0.3'))] }, '1.9.0', false],
  ['two windows: gap at fix', { package: pkg, ranges: [semverRange(i('0'), f('1.2.6'), i('2.0.0'), f('2.0.3'))] }, '1.2.6', false],
  ['two windows: second start', { package: pkg, ranges: [semverRange(i('0'), f('1.2.6'), i('2.0.0'), f('2.0.3'))] }, '2.0.0', true],
  ['two windows: second inside', { package: pkg, ranges: [semverRange(i('0'), f('1.2.6'), i('2.0.0'), f('2.0.3'))] }, '2.0.2', true],
  ['two windows: after', { package: pkg, ranges: [semverRange(i('0'), f('1.2.6'), i('2.0.0'), f('2.0.3'))] }, '2.0.3', false],
  // events are evaluated in version order, not in the order written
  ['unsorted events: inside', { package: pkg, ranges: [semverRange(f('2.0.3'), i('2.0.0'), f('1.2.6'), i('0'))] }, '2.0.1', true],
  ['unsorted events: gap', { package: pkg, ranges: [semverRange(f('2.0.3'), i('2.0.0'), f('1.2.6'), i('0'))] }, '1.5.0', false],
  ['unsorted events: first window', { package: pkg, ranges: [semverRange(f('2.0.3'), i('2.0.0'), f('1.2.6'), i('0'))] }, '0.1.0', true],
  ['"0" sorts first even when written last', { package: pkg, ranges: [semverRange(f('3.0.0'), i('0'))] }, '2.0.0', true],
  // several ranges are a union
  ['two ranges: first', { package: pkg, ranges: [semverRange(i('0'), f('1.0.0')), semverRange(i('2.0.0'), f('2.1.0'))] }, '0.5.0', true],
  ['two ranges: second', { package: pkg, ranges: [semverRange(i('0'), f('1.0.0')), semverRange(i('2.0.0'), f('2.1.0'))] }, '2.0.5', true],
  ['two ranges: neither', { package: pkg, ranges: [semverRange(i('0'), f('1.0.0')), semverRange(i('2.0.0'), f('2.1.0'))] }, '1.5.0', false],
  // ECOSYSTEM ranges for npm are semver too
  ['ECOSYSTEM range: inside', { package: pkg, ranges: [ecosystemRange(i('4.0.0'), f('4.17.12'))] }, '4.17.4', true],
  ['ECOSYSTEM range: fixed', { package: pkg, ranges: [ecosystemRange(i('4.0.0'), f('4.17.12'))] }, '4.17.12', false],
  ['ECOSYSTEM range: numeric not lexical order', { package: pkg, ranges: [ecosystemRange(i('0'), f('4.17.12'))] }, '4.17.9', true],
  ['ECOSYSTEM range: 4.17.20 > 4.17.12', { package: pkg, ranges: [ecosystemRange(i('0'), f('4.17.12'))] }, '4.17.20', false],
  // versions[] lists exact versions
  ['versions: listed', { package: pkg, versions: ['1.0.0', '1.0.1'] }, '1.0.1', true],
  ['versions: not listed', { package: pkg, versions: ['1.0.0', '1.0.1'] }, '1.0.2', false],
  ['versions: exact, not a range', { package: pkg, versions: ['1.0'] }, '1.0.0', false],
  ['versions: build metadata ignored', { package: pkg, versions: ['1.0.0+build.7'] }, '1.0.0', true],
  ['versions: prerelease is its own version', { package: pkg, versions: ['1.0.0'] }, '1.0.0-rc.1', false],
  ['versions: empty list', { package: pkg, versions: [] }, '1.0.0', false],
  ['versions or ranges: union (versions)', { package: pkg, versions: ['0.5.0'], ranges: [semverRange(i('1.0.0'), f('1.1.0'))] }, '0.5.0', true],
  ['versions or ranges: union (range)', { package: pkg, versions: ['0.5.0'], ranges: [semverRange(i('1.0.0'), f('1.1.0'))] }, '1.0.5', true],
  ['versions or ranges: neither', { package: pkg, versions: ['0.5.0'], ranges: [semverRange(i('1.0.0'), f('1.1.0'))] }, '0.6.0', false],
  // prereleases order as semver says
  ['prerelease below release: fixed 1.0.0', { package: pkg, ranges: [semverRange(i('0'), f('1.0.0'))] }, '1.0.0-rc.1', true],
  ['prerelease of fix: fixed at rc.2', { package: pkg, ranges: [semverRange(i('0'), f('1.0.0-rc.2'))] }, '1.0.0-rc.1', true],
  ['prerelease at fix', { package: pkg, ranges: [semverRange(i('0'), f('1.0.0-rc.2'))] }, '1.0.0-rc.2', false],
  ['release after prerelease fix', { package: pkg, ranges: [semverRange(i('0'), f('1.0.0-rc.2'))] }, '1.0.0', false],
  ['numeric prerelease ids: rc.10 > rc.9', { package: pkg, ranges: [semverRange(i('0'), f('1.0.0-rc.10'))] }, '1.0.0-rc.9', true],
  ['alpha < beta', { package: pkg, ranges: [semverRange(i('1.0.0-alpha'), f('1.0.0-beta'))] }, '1.0.0-alpha.5', true],
  ['introduced at prerelease: the release is in', { package: pkg, ranges: [semverRange(i('2.0.0-beta.1'), f('2.0.1'))] }, '2.0.0', true],
  ['introduced at prerelease: earlier prerelease out', { package: pkg, ranges: [semverRange(i('2.0.0-beta.1'), f('2.0.1'))] }, '2.0.0-alpha.9', false],
  // build metadata is ignored in ordering
  ['build metadata on installed version', { package: pkg, ranges: [semverRange(i('0'), f('1.0.0'))] }, '0.9.0+sha.abc', true],
  ['build metadata on the fix', { package: pkg, ranges: [semverRange(i('0'), f('1.0.0+build'))] }, '1.0.0', false],
  ['build metadata equal precedence', { package: pkg, ranges: [semverRange(i('1.0.0+a'), f('1.0.1'))] }, '1.0.0+b', true],
  // v prefixes (as in old advisory data) are read as node-semver does
  ['v-prefixed events', { package: pkg, ranges: [semverRange(i('v1.0.0'), f('v1.2.0'))] }, '1.1.0', true],
  ['v-prefixed installed version', { package: pkg, ranges: [semverRange(i('1.0.0'), f('1.2.0'))] }, 'v1.1.0', true],
  // limit caps a range (exclusive)
  ['limit: below', { package: pkg, ranges: [semverRange(i('1.0.0'), lim('2.0.0'))] }, '1.9.9', true],
  ['limit: at', { package: pkg, ranges: [semverRange(i('1.0.0'), lim('2.0.0'))] }, '2.0.0', false],
  ['limit: above', { package: pkg, ranges: [semverRange(i('1.0.0'), lim('2.0.0'))] }, '3.0.0', false],
  ['limit "*" means none', { package: pkg, ranges: [semverRange(i('1.0.0'), lim('*'))] }, '3.0.0', true],
  // BeforeLimits: below any one limit suffices, and every version is below "*" (found by differential testing against the schema's pseudocode)
  ['limit "*" beside another limit: no cap', { package: pkg, ranges: [semverRange(i('1.0.0'), lim('2.0.0'), lim('*'))] }, '3.0.0', true],
  ['two limits: below the higher one', { package: pkg, ranges: [semverRange(i('1.0.0'), lim('2.0.0'), lim('4.0.0'))] }, '3.0.0', true],
  // GIT ranges are skipped without hiding the ranges after them
  ['GIT range alone never matches', { package: pkg, ranges: [{ type: 'GIT', repo: 'https://github.com/a/b', events: [i('0'), f('abc123')] }] }, '1.0.0', false],
  [
    'GIT range then SEMVER range',
    { package: pkg, ranges: [{ type: 'GIT', repo: 'https://github.com/a/b', events: [i('0'), f('abc123')] }, semverRange(i('0'), f('2.0.0'))] },
    '1.0.0',
    true,
  ],
  ['unknown range type is skipped', { package: pkg, ranges: [{ type: 'DEBIAN', events: [i('0')] }, semverRange(i('0'), f('1.0.0'))] }, '0.5.0', true],
  // invalid input never matches and never throws
  ['invalid installed version', { package: pkg, ranges: [semverRange(i('0'))] }, 'not-a-version', false],
  ['empty installed version', { package: pkg, ranges: [semverRange(i('0'))] }, '', false],
  ['git-ish installed version', { package: pkg, ranges: [semverRange(i('0'))] }, 'github:a/b#c0ffee', false],
  ['invalid fixed event: range ignored', { package: pkg, ranges: [semverRange(i('0'), f('banana'))] }, '1.0.0', false],
  ['invalid introduced event: range ignored', { package: pkg, ranges: [semverRange(i('one'), f('2.0.0'))] }, '1.0.0', false],
  ['invalid range does not hide a valid one', { package: pkg, ranges: [semverRange(i('x')), semverRange(i('0'), f('2.0.0'))] }, '1.0.0', true],
  ['event with two keys: range ignored', { package: pkg, ranges: [semverRange({ introduced: '0', fixed: '1.0.0' })] }, '0.5.0', false],
  ['event with no keys: range ignored', { package: pkg, ranges: [semverRange({})] }, '0.5.0', false],
  ['empty events: never', { package: pkg, ranges: [semverRange()] }, '0.5.0', false],
  ['no ranges and no versions: never', { package: pkg }, '1.0.0', false],
  ['non-string version in versions[]', { package: pkg, versions: [42 as unknown as string, '1.0.0'] }, '1.0.0', true],
  ['null range is skipped', { package: pkg, ranges: [null as unknown as OsvRange, semverRange(i('0'))] }, '1.0.0', true],
  ['events not a list', { package: pkg, ranges: [{ type: 'SEMVER', events: 'introduced' as unknown as OsvEvent[] }] }, '1.0.0', false],
  // fixed and introduced at the same version: fixed then reintroduced keeps order
  ['fixed then reintroduced at same version', { package: pkg, ranges: [semverRange(i('0'), f('1.0.0'), i('1.0.0'))] }, '1.0.0', true],
  ['fixed at 0.0.0-0 prerelease', { package: pkg, ranges: [semverRange(i('0'), f('0.0.0-0'))] }, '0.0.0', false],
  // major/minor/patch comparisons
  ['patch above fix in other minor', { package: pkg, ranges: [semverRange(i('1.2.0'), f('1.2.5'))] }, '1.3.0', false],
  ['large numbers', { package: pkg, ranges: [semverRange(i('0'), f('10.20.30'))] }, '10.20.29', true],
  ['large numbers at fix', { package: pkg, ranges: [semverRange(i('0'), f('10.20.30'))] }, '10.20.30', false],
  ['0.x range', { package: pkg, ranges: [semverRange(i('0.1.0'), f('0.1.5'))] }, '0.1.4', true],
  ['0.x range, other minor', { package: pkg, ranges: [semverRange(i('0.1.0'), f('0.1.5'))] }, '0.2.0', false],
  ['last_affected then introduced again', { package: pkg, ranges: [semverRange(i('0'), la('1.0.0'), i('2.0.0'), f('2.1.0'))] }, '1.5.0', false],
  ['last_affected then introduced again: second window', { package: pkg, ranges: [semverRange(i('0'), la('1.0.0'), i('2.0.0'), f('2.1.0'))] }, '2.0.0', true],
];

for (const [description, affected, version, expected] of cases) {
  test(`matcher: ${description} (${version} → ${expected ? 'affected' : 'not affected'})`, () => {
    assert.equal(includes(affected, version), expected);
  });
}

test('matcher table has at least 80 cases', () => {
  assert.ok(cases.length >= 80, String(cases.length));
});
