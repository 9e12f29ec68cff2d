import assert from 'node:assert/strict';
import path from 'node:path';
import { before, test } from 'node:test';
import type { AdvisoryProvider } from '../../src/advisories/providers.js';
import type { OsvRecord } from '../../src/model/advisory.js';
import type { ScanResult } from '../../src/model/scan-result.js';
import { DEFAULT_POLICY } from '../../src/model/policy.js';
import { evaluatePolicy } from '../../src/policy/evaluate-policy.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { GITHUB_COMMENT_LIMIT } from '../../src/report/markdown-budget.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { diffProject } from '../../src/pipeline/diff-project.js';
import { scanProject } from '../../src/pipeline/scan-project.js';
import { writeNpmProject, type LockedPackage } from '../helpers/npm-project.js';
import { osvRecord } from '../helpers/osv-records.js';
import { tempDir } from '../helpers/temp-dir.js';

// About 1,800 findings (600 packages, three advisories each), generated here:
// the Markdown comment, scan and diff, must stay under GitHub's 65,536
// characters as a whole, and say what it left out and where the rest is.

const PACKAGES = 600;
const HIGH = [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' }];
const now = () => new Date('2026-11-29T00:00:00Z');
const work = tempDir();
const names = Array.from({ length: PACKAGES }, (_, i) => `pkg-${String(i).padStart(3, '0')}`);
const records: OsvRecord[] = names.flatMap((name, i) =>
  [0, 1, 2].map((k) =>
    osvRecord(`GHSA-${String(i).padStart(4, '0')}-0000-000${k}`, name, [{ introduced: '0' }, { fixed: '1.0.1' }], {
      aliases: [`CVE-2099-${i * 3 + k}`],
      severity: HIGH,
      summary: `Prototype pollution in ${name} through a crafted query string (variant ${k}) | with a pipe and \`backticks\``,
      references: [
        { type: 'ADVISORY', url: `https://github.com/advisories/GHSA-${String(i).padStart(4, '0')}-0000-000${k}` },
        { type: 'WEB', url: 'javascript:alert(document.cookie)' },
      ],
    }),
  ),
);
const provider: AdvisoryProvider = {
  // As the local database describes an archive imported from an absolute path.
  info: () => ({ kind: 'database', description: 'local database (/home/runner/osv/all.zip)', updatedAt: '2026-11-28T00:00:00Z', advisoryCount: records.length }),
  recordsFor: async () => records,
};
const project = path.join(work, 'api');
const basePackages = 20;
const baseLockfile = path.join(work, 'base', 'package-lock.json');
let scan: ScanResult;

before(async () => {
  const packages: LockedPackage[] = names.map((name) => ({ name, version: '1.0.0' }));
  writeNpmProject(project, { name: 'api', dependencies: Object.fromEntries(names.map((n) => [n, '^1.0.0'])) }, packages);
  writeNpmProject(path.dirname(baseLockfile), { name: 'api', dependencies: Object.fromEntries(names.slice(0, basePackages).map((n) => [n, '^1.0.0'])) }, packages.slice(0, basePackages));
  scan = await scanProject(project, { provider, now });
  assert.equal(scan.findings.length, PACKAGES * 3);
});

/** Rows of a comment: table rows of a section (after its heading) and <details> blocks. */
const tableRows = (markdown: string, heading: string): number => {
  const start = markdown.indexOf(heading);
  if (start === -1) return 0;
  const rest = markdown.slice(start).split('\n').slice(4);
  const end = rest.findIndex((line) => !line.startsWith('| '));
  return end === -1 ? rest.length : end;
};
const truncation = (markdown: string): { omitted: number; total: number } => {
  const match = /> \*\*Truncated:\*\* ([\d,]+) of ([\d,]+) rows are left out/.exec(markdown);
  assert.ok(match, 'a truncation notice');
  return { omitted: Number(match[1]?.replace(/,/g, '')), total: Number(match[2]?.replace(/,/g, '')) };
};

test('scan -o markdown with 1,800 findings: the whole comment under 65,536 characters, rows left out counted, the full report named', () => {
  const verdict = evaluatePolicy(scan, DEFAULT_POLICY, now());
  assert.equal(verdict.violations.length, 1800);
  const uncapped = renderMarkdown(scan, { now: now(), violations: verdict.violations, failOn: 'high', limit: Number.POSITIVE_INFINITY });
  const markdown = renderMarkdown(scan, { now: now(), violations: verdict.violations, failOn: 'high', fullReport: '`report.json` (json, written by the same `deptrust scan` run)' });
  console.log(`scan comment: ${markdown.length} characters capped (${[...markdown].length} code points), ${uncapped.length} uncapped`);
  assert.ok(uncapped.length > GITHUB_COMMENT_LIMIT * 3, 'the test is large enough to need the cap');
  assert.ok(markdown.length <= 65_000 && [...markdown].length <= GITHUB_COMMENT_LIMIT, `${markdown.length}`);
  assert.ok(markdown.length > 60_000, 'the room is used');
  const policyRows = tableRows(markdown, '### What fails the policy');
  const blocks = markdown.match(/<details>/g)?.length ?? 0;
  const topRows = (markdown.match(/^- \*\*\d+\*\* `/gm) ?? []).length;
  const { omitted, total } = truncation(markdown);
  assert.equal(total, 1800 + 1800 + topRows);
  assert.equal(policyRows + blocks + topRows + omitted, total, 'every row is shown or counted');
  assert.ok(policyRows > 0 && omitted > 0);
  assert.match(markdown, new RegExp(`_… ${(1800 - policyRows).toLocaleString('en-US')} more policy violations not shown here\\._`));
  assert.match(markdown, /The full report: `report\.json` \(json, written by the same `deptrust scan` run\)\./);
  // Every heading and the table header are there; no table or <details> is left open.
  for (const heading of ['## deptrust: ❌ 1800 finding(s) fail the policy', '### What fails the policy', '| Risk | Package | Advisory | Severity | Fix | Rule |', '### Components to act on first', '### All findings (1800)']) {
    assert.ok(markdown.includes(heading), heading);
  }
  assert.equal(markdown.match(/<details>/g)?.length, markdown.match(/<\/details>/g)?.length);
  // Nothing of the runner's file system, no javascript: link, pipes escaped in table cells.
  assert.doesNotMatch(markdown, /\/home\/runner/);
  assert.match(markdown, /Advisories: local database \(all\.zip\)/);
  assert.doesNotMatch(markdown, /(?<!\\)\]\(javascript:/);
  for (const line of markdown.split('\n').filter((l) => l.startsWith('| ') && l.includes('pkg-'))) assert.equal(line.split(/(?<!\\)\|/).length, 8, line);
});

test('diff -o markdown with 1,780 introduced findings: under the limit as a whole, introduced findings first, the lockfile base named without its folder', async () => {
  const report = await diffProject(project, baseLockfile, { provider, now, cwd: work, policy: DEFAULT_POLICY });
  const { diff } = report;
  assert.equal(diff.findings.introduced.length, (PACKAGES - basePackages) * 3);
  const uncapped = renderDiffMarkdown(report, { limit: Number.POSITIVE_INFINITY });
  const markdown = renderDiffMarkdown(report);
  console.log(`diff comment: ${markdown.length} characters capped, ${uncapped.length} uncapped`);
  assert.ok(uncapped.length > GITHUB_COMMENT_LIMIT * 3);
  assert.ok(markdown.length <= 65_000 && [...markdown].length <= GITHUB_COMMENT_LIMIT, `${markdown.length}`);
  const introducedRows = tableRows(markdown, '### Findings this change introduces');
  const { omitted, total } = truncation(markdown);
  assert.ok(introducedRows > 100, `${introducedRows}`);
  assert.ok(omitted > 0 && total > omitted);
  assert.match(markdown, /The full report: run `deptrust diff --format json` for everything\./);
  for (const heading of ['### Findings this change introduces (1740)', '#### How to fix', '<details><summary>Dependency changes (580)</summary>']) assert.ok(markdown.includes(heading), heading);
  assert.equal(markdown.match(/<details>/g)?.length ?? 0, markdown.match(/<\/details>/g)?.length ?? 0);
  assert.ok(markdown.includes('Compared with `package-lock.json`'), 'the base by its file name');
  assert.ok(!markdown.includes(work), 'no absolute local path');
});
