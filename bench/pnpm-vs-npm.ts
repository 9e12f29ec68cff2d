// Reading and scanning the same project from its pnpm lockfile and from its
// npm lockfile: the pnpm path must be no slower. bench/fixtures/large-project
// has a 2,632-package package-lock.json; large-project-pnpm has the
// pnpm-lock.yaml (9.0) `pnpm import` made from it.
// Prints the inventory alone in-process (median of N), then whole processes
// as a user runs them, in pairs (pnpm, npm, pnpm, ...; each ratio taken pair
// by pair, so a machine whose speed drifts still gives a fair ratio):
// `deptrust scan --offline --no-registry` cold (a fresh database: the
// inventory is read from the lockfile and cached) and warm (the inventory
// cache already holds it), and `deptrust sbom` cold; wall and CPU medians,
// peak RSS, and how many registry packages both pin alike.
// Usage: npm run build && node dist/bench/pnpm-vs-npm.js [pairs]
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadInventory } from '../src/inventory/load-inventory.js';
import { median, timed, type Timed } from './timing.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const projects = {
  npm: path.join(repoRoot, 'bench', 'fixtures', 'large-project'),
  pnpm: path.join(repoRoot, 'bench', 'fixtures', 'large-project-pnpm'),
} as const;
const runs = Number(process.argv[2] ?? 5);
const work = mkdtempSync(path.join(tmpdir(), 'deptrust-bench-pnpm-'));
const deptrustBin = path.join(repoRoot, 'bin', 'deptrust.js');
type Manager = keyof typeof projects;
const managers: Manager[] = ['npm', 'pnpm'];

try {
  // In-process: the inventory alone (lockfile parse, tree, flags, paths).
  const inventoryMs: Record<Manager, number[]> = { npm: [], pnpm: [] };
  const registryPackages: Record<Manager, Set<string>> = { npm: new Set(), pnpm: new Set() };
  for (let i = 0; i < runs; i++) {
    for (const manager of managers) {
      const start = performance.now();
      const inventory = await loadInventory(projects[manager]);
      inventoryMs[manager].push(performance.now() - start);
      registryPackages[manager] = new Set(inventory.components.filter((c) => c.source.kind === 'registry').map((c) => `${c.name}@${c.version}`));
    }
  }

  // A database with the built-in sample's advisories, copied fresh for every scan.
  const sample = JSON.parse(readFileSync(path.join(repoRoot, 'data', 'advisory-sample.json'), 'utf8')) as { records: Array<{ id: string }> };
  const records = path.join(work, 'records');
  mkdirSync(records);
  for (const record of sample.records) writeFileSync(path.join(records, `${record.id}.json`), JSON.stringify(record));
  const seededDb = path.join(work, 'seeded.db');
  timed(process.execPath, [deptrustBin, 'db', 'import', records], work, { env: { ...process.env, DEPTRUST_DB: seededDb } });

  const scanArgs = (manager: Manager): string[] => [deptrustBin, 'scan', projects[manager], '--offline', '--no-registry', '--no-progress', '--format', 'json', '-o', path.join(work, `${manager}.json`)];
  const scanCold = (manager: Manager, i: number): Timed => {
    const db = path.join(work, `${manager}-${i}-scan.db`);
    copyFileSync(seededDb, db);
    return timed(process.execPath, scanArgs(manager), work, { allowFailure: true, env: { ...process.env, DEPTRUST_DB: db } });
  };
  const warmDb = (manager: Manager): string => path.join(work, `${manager}-warm.db`);
  const scanWarm = (manager: Manager): Timed => timed(process.execPath, scanArgs(manager), work, { allowFailure: true, env: { ...process.env, DEPTRUST_DB: warmDb(manager) } });
  const sbomCold = (manager: Manager, i: number): Timed =>
    timed(process.execPath, [deptrustBin, 'sbom', projects[manager], '--no-progress', '-o', path.join(work, `${manager}.bom.json`)], work, { env: { ...process.env, DEPTRUST_DB: path.join(work, `${manager}-${i}-sbom.db`) } });
  for (const manager of managers) {
    copyFileSync(seededDb, warmDb(manager));
    scanWarm(manager); // fills the inventory cache
  }

  const measures = { 'scan, cold': scanCold, 'scan, warm': scanWarm, 'sbom, cold': sbomCold } as const;
  const results = new Map<string, Record<Manager, Timed[]>>();
  for (const [what, run] of Object.entries(measures)) {
    const pairs: Record<Manager, Timed[]> = { npm: [], pnpm: [] };
    for (let i = 0; i < runs; i++) for (const manager of ['pnpm', 'npm'] as const) pairs[manager].push(run(manager, i));
    results.set(what, pairs);
  }

  const same = [...registryPackages.npm].filter((p) => registryPackages.pnpm.has(p)).length;
  const findings = (manager: Manager): number => (JSON.parse(readFileSync(path.join(work, `${manager}.json`), 'utf8')) as { findings: unknown[] }).findings.length;
  console.log(`pairs: ${runs} (medians; peak RSS is the largest)`);
  console.log(`registry packages: npm ${registryPackages.npm.size}, pnpm ${registryPackages.pnpm.size}, pinned alike ${same}; findings: npm ${findings('npm')}, pnpm ${findings('pnpm')}`);
  console.log(`inventory in-process: pnpm ${median(inventoryMs.pnpm).toFixed(0)} ms, npm ${median(inventoryMs.npm).toFixed(0)} ms, pnpm/npm ${(median(inventoryMs.pnpm) / median(inventoryMs.npm)).toFixed(2)}`);
  for (const [what, pairs] of results) {
    const figures = (manager: Manager): string => {
      const list = pairs[manager];
      return `wall ${median(list.map((t) => t.seconds)).toFixed(2)} s, CPU ${median(list.map((t) => t.cpuSeconds)).toFixed(2)} s, ${Math.round(Math.max(...list.map((t) => t.maxRssKb)) / 1024)} MB`;
    };
    const ratio = (of: (t: Timed) => number): string => median(pairs.pnpm.map((t, i) => of(t) / of(pairs.npm[i] as Timed))).toFixed(2);
    console.log(`${what.padEnd(11)} pnpm ${figures('pnpm')} | npm ${figures('npm')} | pnpm/npm wall ${ratio((t) => t.seconds)}, CPU ${ratio((t) => t.cpuSeconds)}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
