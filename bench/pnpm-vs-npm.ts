// Reading and scanning the same project from its pnpm lockfile and from its
// npm lockfile: the pnpm path must be no slower. bench/fixtures/large-project
// has a 2,632-package package-lock.json; large-project-pnpm has the
// pnpm-lock.yaml (9.0) `pnpm import` made from it.
// Prints, for each path: the inventory alone in-process (median of N), and
// `deptrust sbom` and `deptrust scan --offline --no-registry` as a user runs
// them (median of N alternating runs, fresh database each, so no inventory
// cache), with peak RSS; and how many registry packages both pin alike.
// Usage: npm run build && node dist/bench/pnpm-vs-npm.js [runs]
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

  const sbom: Record<Manager, Timed[]> = { npm: [], pnpm: [] };
  const scan: Record<Manager, Timed[]> = { npm: [], pnpm: [] };
  for (let i = 0; i < runs; i++) {
    for (const manager of managers) {
      const db = path.join(work, `${manager}-${i}.db`);
      sbom[manager].push(timed(process.execPath, [deptrustBin, 'sbom', projects[manager], '--no-progress', '-o', path.join(work, `${manager}.bom.json`)], work, { env: { ...process.env, DEPTRUST_DB: db } }));
      const scanDb = path.join(work, `${manager}-${i}-scan.db`);
      copyFileSync(seededDb, scanDb);
      scan[manager].push(timed(process.execPath, [deptrustBin, 'scan', projects[manager], '--offline', '--no-registry', '--no-progress', '--format', 'json', '-o', path.join(work, `${manager}.json`)], work, { allowFailure: true, env: { ...process.env, DEPTRUST_DB: scanDb } }));
    }
  }

  const seconds = (list: Timed[]): string => `${median(list.map((t) => t.seconds)).toFixed(2)} s`;
  const rss = (list: Timed[]): string => `${Math.round(Math.max(...list.map((t) => t.maxRssKb)) / 1024)} MB`;
  const findings = (manager: Manager): number => (JSON.parse(readFileSync(path.join(work, `${manager}.json`), 'utf8')) as { findings: unknown[] }).findings.length;
  const same = [...registryPackages.npm].filter((p) => registryPackages.pnpm.has(p)).length;
  console.log(`runs: ${runs} (medians; peak RSS is the largest)`);
  console.log(`registry packages: npm ${registryPackages.npm.size}, pnpm ${registryPackages.pnpm.size}, pinned alike ${same}`);
  for (const manager of managers) {
    console.log(
      `${manager.padEnd(5)} inventory ${median(inventoryMs[manager]).toFixed(0)} ms | sbom ${seconds(sbom[manager])}, ${rss(sbom[manager])} | scan ${seconds(scan[manager])}, ${rss(scan[manager])}, ${findings(manager)} findings`,
    );
  }
  const ratio = (list: Record<Manager, Timed[]>): string => (median(list.pnpm.map((t) => t.seconds)) / median(list.npm.map((t) => t.seconds))).toFixed(2);
  console.log(`pnpm/npm: inventory ${(median(inventoryMs.pnpm) / median(inventoryMs.npm)).toFixed(2)}, sbom ${ratio(sbom)}, scan ${ratio(scan)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
