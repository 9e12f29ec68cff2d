// Every benchmark, each figure beside its peer measured in the same run, as
// the median of several runs (alternating, so the machine's load falls on
// both alike). Prints figures; asserts nothing.
//
//   scan:   deptrust scan --offline --format json (inventory cache warm, a
//           26,000-record database) vs npm sbom --package-lock-only, on the
//           2,568-package lockfile in bench/fixtures/large-project
//   sbom:   deptrust sbom (cold: fresh database; warm: inventory cached) vs npm sbom
//   import: deptrust db import of a 200,000-record OSV zip (80% malware
//           records, as OSV's npm data is now): records/s and peak RSS
//
// Usage: npm run bench [-- --runs N] [-- --records N] (defaults: 5 runs, 200,000 records)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, timed, type Timed } from './timing.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const project = path.join(repoRoot, 'bench', 'fixtures', 'large-project');
const deptrust = path.join(repoRoot, 'bin', 'deptrust.js');
const flag = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
};
const runs = flag('runs', 5);
const importRecords = flag('records', 200_000);
const work = mkdtempSync(path.join(tmpdir(), 'deptrust-bench-'));
// The benchmarks' own home: never the user's database, cache or npm configuration.
const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: work, XDG_CACHE_HOME: path.join(work, 'cache'), npm_config_userconfig: path.join(work, 'npmrc'), npm_config_cache: path.join(work, 'npm-cache'), npm_config_update_notifier: 'false' };

const seconds = (results: readonly Timed[]): number => median(results.map((r) => r.seconds));
const cpu = (results: readonly Timed[]): number => median(results.map((r) => r.cpuSeconds));
const peakMiB = (results: readonly Timed[]): number => Math.max(...results.map((r) => r.maxRssKb / 1024));
const list = (results: readonly Timed[]): string => results.map((r) => r.seconds.toFixed(2)).join(', ');
const line = (label: string, results: readonly Timed[]): string =>
  `${label.padEnd(44)} median ${seconds(results).toFixed(2)} s [${list(results)}], CPU ${cpu(results).toFixed(2)} s, peak RSS ${peakMiB(results).toFixed(0)} MiB`;
const ratios = (ours: readonly Timed[], theirs: readonly Timed[]): string => `wall ${(seconds(ours) / seconds(theirs)).toFixed(2)}, CPU ${(cpu(ours) / cpu(theirs)).toFixed(2)}`;
const npmSbom = (): Timed => timed('npm', ['sbom', '--package-lock-only', '--sbom-format', 'cyclonedx'], project, { env });
const cli = (args: string[], allowFailure = false): Timed => timed(process.execPath, [deptrust, ...args, '--no-progress'], repoRoot, { env, allowFailure });

function generateZip(file: string, records: number, malwareShare: number): void {
  execFileSync(process.execPath, [path.join(repoRoot, 'dist', 'bench', 'generate-osv-zip.js'), file, String(records), String(malwareShare)], { stdio: 'ignore' });
}

try {
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; load average at start ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`runs per figure: ${runs} (medians)\n`);

  // scan vs npm sbom: a database the size of OSV's npm data without malware.
  const scanDb = path.join(work, 'scan.db');
  const scanZip = path.join(work, 'advisories-26k.zip');
  generateZip(scanZip, 26_000, 0);
  cli(['db', 'import', scanZip, '--db', scanDb]);
  const scanArgs = ['scan', project, '--offline', '--no-registry', '--format', 'json', '--fail-on', 'none', '--db', scanDb, '-o', `json=${path.join(work, 'scan.json')}`];
  cli(scanArgs, true); // fills the inventory cache: CI's repeat run
  const scans: Timed[] = [];
  const npmForScan: Timed[] = [];
  for (let i = 0; i < runs; i++) {
    scans.push(cli(scanArgs, true));
    npmForScan.push(npmSbom());
  }
  console.log(line('deptrust scan --offline --format json (warm)', scans));
  console.log(line('npm sbom --package-lock-only', npmForScan));
  console.log(`ratio scan / npm sbom: ${ratios(scans, npmForScan)} (goal <= 0.45; peak RSS goal <= 150 MiB)\n`);

  // sbom vs npm sbom, cold (fresh database) and warm (inventory cached).
  const cold: Timed[] = [];
  const npmForSbom: Timed[] = [];
  for (let i = 0; i < runs; i++) {
    cold.push(cli(['sbom', project, '--db', path.join(work, `sbom-${i}.db`), '-o', path.join(work, 'bom.json')]));
    npmForSbom.push(npmSbom());
  }
  const warm: Timed[] = [];
  for (let i = 0; i < runs; i++) warm.push(cli(['sbom', project, '--db', path.join(work, 'sbom-0.db'), '-o', path.join(work, 'bom.json')]));
  console.log(line('deptrust sbom (cold)', cold));
  console.log(line('deptrust sbom (warm)', warm));
  console.log(line('npm sbom --package-lock-only', npmForSbom));
  console.log(`ratio sbom / npm sbom: cold ${ratios(cold, npmForSbom)}; warm ${ratios(warm, npmForSbom)} (goal <= 0.40)\n`);

  // db import of a large dump.
  const importZip = path.join(work, 'advisories-import.zip');
  generateZip(importZip, importRecords, 0.8);
  const imports: Timed[] = [];
  for (let i = 0; i < Math.min(runs, 3); i++) imports.push(cli(['db', 'import', importZip, '--db', path.join(work, `import-${i}.db`)]));
  const rate = importRecords / seconds(imports);
  console.log(line(`deptrust db import (${importRecords} records)`, imports));
  console.log(`import rate: ${Math.round(rate)} records/s of wall time, ${Math.round(importRecords / cpu(imports))} per CPU second (goal >= 25000; peak RSS goal <= 300 MiB)`);
  console.log(`\nload average at end ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
