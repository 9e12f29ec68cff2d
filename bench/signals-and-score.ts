// Signal and score time for a 2,500-component project: with a cold registry
// cache against a local fixture registry (127.0.0.1), then with the cache warm.
// Usage: npm run build && node dist/bench/signals-and-score.js
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadInventory } from '../src/inventory/load-inventory.js';
import { scoreComponents } from '../src/score/score-components.js';
import { detectRegistrySignals } from '../src/signals/detect-registry-signals.js';
import { detectLocalSignals } from '../src/signals/detect-signals.js';
import { computeExposure } from '../src/signals/exposure.js';
import { collectSourceImports } from '../src/signals/reachability.js';
import { fetchRegistryInfo } from '../src/signals/registry-client.js';
import { TyposquatIndex } from '../src/signals/typosquat.js';
import { openDatabase } from '../src/store/db.js';
import { RegistryCache } from '../src/store/registry-cache.js';
import { readFileSync } from 'node:fs';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const project = path.join(repoRoot, 'bench', 'fixtures', 'large-project');

/** A packument for any name: forty versions over four years, so every signal has work to do. */
function syntheticPackument(name: string): string {
  const versions: Record<string, object> = {};
  const time: Record<string, string> = { created: '2019-01-01T00:00:00.000Z', modified: '2025-06-01T00:00:00.000Z' };
  for (let i = 0; i < 40; i++) {
    const version = `${Math.floor(i / 10)}.${i % 10}.0`;
    versions[version] = { name, version, license: 'MIT', repository: { type: 'git', url: `git+https://github.com/example/${name}.git` } };
    time[version] = new Date(Date.UTC(2019, 0, 1) + i * 36 * 86_400_000).toISOString();
  }
  return JSON.stringify({ name, 'dist-tags': { latest: '3.9.0' }, versions, time, maintainers: [{ name: 'a' }, { name: 'b' }] });
}

const server = createServer((request, response) => {
  const name = decodeURIComponent((request.url ?? '/').slice(1));
  response.writeHead(200, { 'content-type': 'application/json', etag: `"${name}"` });
  response.end(syntheticPackument(name));
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
const work = mkdtempSync(path.join(tmpdir(), 'deptrust-bench-'));

try {
  const inventory = await loadInventory(project);
  const popular = readFileSync(path.join(repoRoot, 'data', 'popular-packages.txt'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  const typosquats = new TyposquatIndex(popular);
  const cache = new RegistryCache(openDatabase(path.join(work, 'bench.db')));
  const names = inventory.components.filter((c) => c.source.kind === 'registry').map((c) => c.name);
  const now = () => new Date('2026-11-29T00:00:00Z');

  const run = async (label: string): Promise<void> => {
    const t0 = performance.now();
    const imports = collectSourceImports(project);
    const exposure = computeExposure(inventory, imports.filesParsed > 0 ? imports.packages : undefined);
    const local = detectLocalSignals(inventory, [], { registryHost: '127.0.0.1', typosquats, usage: undefined });
    const t1 = performance.now();
    const info = await fetchRegistryInfo(names, { npm: { registry }, cache, ttlMs: 24 * 3600_000, offline: false, concurrency: 8, timeoutMs: 10_000, now });
    const t2 = performance.now();
    const registrySignals = detectRegistrySignals(inventory.components, info, now());
    const scores = scoreComponents(inventory.components, [], [...local, ...registrySignals], exposure);
    const t3 = performance.now();
    console.log(
      `${label}: ${(t3 - t0).toFixed(0)} ms total for ${inventory.components.length} components ` +
        `(local signals + exposure ${(t1 - t0).toFixed(0)} ms, registry metadata ${(t2 - t1).toFixed(0)} ms for ${info.size} packages, ` +
        `registry signals + scores ${(t3 - t2).toFixed(0)} ms; ${local.length + registrySignals.length} signals, ${scores.filter((s) => s.score > 0).length} components scored above 0)`,
    );
  };
  await run('cold cache, local fixture registry');
  await run('warm cache (target < 300 ms)');
} finally {
  server.close();
  rmSync(work, { recursive: true, force: true });
}
