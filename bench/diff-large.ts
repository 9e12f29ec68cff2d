// `deptrust diff` on the 2,632-package lockfile: a git repository is built in
// a temporary folder (the fixture on main, a branch that upgrades one
// package, removes one and adds one), then diff runs cold (fresh database:
// both trees resolved) and warm (inventory cache filled). Advisories: a few
// generated OSV records imported first; no registry (--no-registry --offline),
// so the figures are deptrust's own work.
// Usage: npm run build && node dist/bench/diff-large.js [runs]
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, timed, type Timed } from './timing.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const runs = Number(process.argv[2] ?? 5);
const work = mkdtempSync(path.join(tmpdir(), 'deptrust-bench-diff-'));
const project = path.join(work, 'project');
const deptrust = path.join(repoRoot, 'bin', 'deptrust.js');
const git = (...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@deptrust.invalid', ...args], { cwd: project, encoding: 'utf8' });

interface LockEntry {
  version?: string;
  resolved?: string;
  dependencies?: Record<string, string>;
}
interface Lockfile {
  packages: Record<string, LockEntry>;
}

cpSync(path.join(repoRoot, 'bench', 'fixtures', 'large-project'), project, { recursive: true });
git('init', '-q', '-b', 'main');
git('add', '-A');
git('commit', '-q', '-m', 'base');
git('checkout', '-q', '-b', 'change');

// The change: one hoisted package moves to another version, one nobody depends on goes, one new direct dependency arrives.
const lockfile = JSON.parse(readFileSync(path.join(project, 'package-lock.json'), 'utf8')) as Lockfile;
const manifest = JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
const hoisted = Object.keys(lockfile.packages).filter((location) => /^node_modules\/[^@/][^/]*$/.test(location)).sort();
const required = new Set(Object.values(lockfile.packages).flatMap((entry) => Object.keys(entry.dependencies ?? {})));
const upgraded = hoisted[10] ?? '';
const removed = hoisted.find((location) => !required.has(location.slice('node_modules/'.length)) && !(location.slice(13) in (manifest.dependencies ?? {}))) ?? '';
const upgradedEntry = lockfile.packages[upgraded];
if (upgradedEntry?.version) upgradedEntry.version = `${upgradedEntry.version.split('.')[0]}.99.0`;
delete lockfile.packages[removed];
lockfile.packages['node_modules/bench-added'] = { version: '1.0.0', resolved: 'https://registry.npmjs.org/bench-added/-/bench-added-1.0.0.tgz' };
manifest.dependencies = { ...manifest.dependencies, 'bench-added': '1.0.0' };
const rootEntry = lockfile.packages[''];
if (rootEntry) rootEntry.dependencies = { ...rootEntry.dependencies, 'bench-added': '1.0.0' };
writeFileSync(path.join(project, 'package-lock.json'), JSON.stringify(lockfile, null, 2));
writeFileSync(path.join(project, 'package.json'), JSON.stringify(manifest, null, 2));
git('commit', '-q', '-am', 'change');

// A vulnerable version of the added package, so the change introduces a finding.
const advisories = path.join(work, 'advisories');
mkdirSync(advisories);
writeFileSync(
  path.join(advisories, 'BENCH-1.json'),
  JSON.stringify({ schema_version: '1.6.0', id: 'BENCH-1', modified: '2026-01-01T00:00:00Z', severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' }], affected: [{ package: { ecosystem: 'npm', name: 'bench-added' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.0.1' }] }] }] }),
);

const args = (db: string): string[] => [deptrust, 'diff', project, '--base', 'main', '--offline', '--no-registry', '--no-progress', '--db', db, '--format', 'json'];
const cold: Timed[] = [];
const warm: Timed[] = [];
let report = '';
for (let i = 0; i < runs; i++) {
  const db = path.join(work, `run-${i}.db`);
  execFileSync(process.execPath, [deptrust, 'db', 'import', advisories, '--db', db, '--no-progress'], { stdio: 'ignore' });
  cold.push(timed(process.execPath, args(db), repoRoot, { allowFailure: true }));
  warm.push(timed(process.execPath, args(db), repoRoot, { allowFailure: true }));
  report = warm.at(-1)?.stdout ?? '';
}
rmSync(work, { recursive: true, force: true });

const parsed = JSON.parse(report) as { base: { counts: { components: number } }; head: { counts: { components: number } }; changes: Array<{ kind: string; name: string }>; findings: { introduced: Array<{ id: string }> } };
const line = (label: string, values: Timed[]): string =>
  `${label}: median ${median(values.map((v) => v.seconds)).toFixed(2)} s [${values.map((v) => v.seconds.toFixed(2)).join(', ')}], peak RSS ${Math.max(...values.map((v) => v.maxRssKb / 1024)).toFixed(0)} MB`;
console.log(`diff of ${parsed.base.counts.components} → ${parsed.head.counts.components} components: ${parsed.changes.map((c) => `${c.kind} ${c.name}`).join(', ')}; introduced: ${parsed.findings.introduced.map((f) => f.id).join(', ')}`);
console.log(line('deptrust diff, cold (both trees resolved)', cold));
console.log(line('deptrust diff, warm (inventory cache)', warm));
console.log(`exit code: ${cold[0]?.status} (1: the change introduces a high finding; the base's own findings do not count)`);
