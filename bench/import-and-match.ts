// Import rate, CPU seconds and peak memory for a synthetic 200,000-record OSV
// zip, a re-import of the same zip (nothing changed), and the
// time to match 2,500 components.
// Usage: npm run build && node dist/bench/import-and-match.js [records=200000]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importAdvisories } from '../src/advisories/import-advisories.js';
import { databaseProvider } from '../src/advisories/providers.js';
import { loadInventory } from '../src/inventory/load-inventory.js';
import { matchInventory } from '../src/match/match-inventory.js';
import { AdvisoryRepository } from '../src/store/advisory-repository.js';
import { openDatabase } from '../src/store/db.js';
import { MetaRepository } from '../src/store/meta-repository.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const records = Number(process.argv[2] ?? 200_000);
const work = mkdtempSync(path.join(tmpdir(), 'deptrust-bench-'));
try {
  const zip = path.join(work, 'all.zip');
  execFileSync(process.execPath, [path.join(repoRoot, 'dist', 'bench', 'generate-osv-zip.js'), zip, String(records)], { stdio: 'ignore' });
  const rssBefore = process.resourceUsage().maxRSS;
  const db = openDatabase(path.join(work, 'bench.db'));
  const repository = new AdvisoryRepository(db);
  // process.cpuUsage counts every thread of the process: the parsing worker's too. On a shared machine CPU seconds are the steadier figure.
  const importOnce = async (): Promise<{ seconds: number; cpuSeconds: number; stats: Awaited<ReturnType<typeof importAdvisories>> }> => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const stats = await importAdvisories(repository, { kind: 'zip', file: zip }, { mode: 'merge', label: 'bench', now: () => new Date() });
    const used = process.cpuUsage(cpu);
    return { seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6, stats };
  };
  const first = await importOnce();
  const peakMb = process.resourceUsage().maxRSS / 1024;
  const { stats, seconds } = first;
  console.log(`zip: ${(statSync(zip).size / 1024 / 1024).toFixed(1)} MiB, ${stats.read} records (${stats.added} imported, ${stats.invalid} invalid)`);
  console.log(`import: ${seconds.toFixed(2)} s = ${Math.round(stats.read / seconds)} records/s (target >= 25000); ${first.cpuSeconds.toFixed(2)} s of CPU = ${Math.round(stats.read / first.cpuSeconds)} records per CPU second`);
  console.log(`peak RSS during import: ${peakMb.toFixed(0)} MB (process before import: ${(rssBefore / 1024).toFixed(0)} MB; target < 300)`);
  const again = await importOnce();
  console.log(`re-import of the same zip (${again.stats.unchanged} unchanged): ${again.seconds.toFixed(2)} s, ${again.cpuSeconds.toFixed(2)} s of CPU; peak RSS so far ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);

  const inventory = await loadInventory(path.join(repoRoot, 'bench', 'fixtures', 'large-project'));
  const packages = inventory.components.map((c) => ({ name: c.name, version: c.version }));
  const provider = databaseProvider(repository, new MetaRepository(db));
  const queryStart = performance.now();
  const candidates = await provider.recordsFor(packages);
  const queryMs = performance.now() - queryStart;
  const timings: number[] = [];
  let findings = 0;
  for (let run = 0; run < 5; run++) {
    const t0 = performance.now();
    findings = matchInventory(inventory, candidates).findings.length;
    timings.push(performance.now() - t0);
  }
  timings.sort((a, b) => a - b);
  console.log(`match: ${inventory.components.length} components against ${candidates.length} candidate records: median ${timings[2]?.toFixed(1)} ms (target < 50), ${findings} findings; database lookup ${queryMs.toFixed(1)} ms`);
  db.close();
} finally {
  rmSync(work, { recursive: true, force: true });
}
