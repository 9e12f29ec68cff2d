// Compares `deptrust sbom` with `npm sbom` on the same lockfile: wall time
// (median of N alternating runs), peak RSS, and whether both list the same
// set of name@version components.
// Usage: npm run build && node dist/bench/sbom-vs-npm.js [project-dir] [runs]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, timed, type Timed } from './timing.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const project = path.resolve(process.argv[2] ?? path.join(repoRoot, 'bench', 'fixtures', 'large-project'));
const runs = Number(process.argv[3] ?? 5);
const work = mkdtempSync(path.join(tmpdir(), 'deptrust-bench-'));

interface BomComponent {
  group?: string;
  name: string;
  version: string;
  properties?: Array<{ name: string; value: string }>;
}

/**
 * name@version of every component. npm sbom names an `npm:` alias by the
 * alias (`@vue/vue-loader-v15`); deptrust by the real name (`vue-loader`) and
 * records the alias as `cdx:npm:package:alias`, which is counted here as well.
 */
function componentNames(bomJson: string): string[][] {
  const bom = JSON.parse(bomJson) as { components: BomComponent[] };
  return bom.components.map((c) => [
    `${c.group ? `${c.group}/` : ''}${c.name}@${c.version}`,
    ...(c.properties ?? []).filter((p) => p.name === 'cdx:npm:package:alias').map((alias) => `${alias.value}@${c.version}`),
  ]);
}

const deptrustBin = path.join(repoRoot, 'bin', 'deptrust.js');
const ours: Timed[] = [];
const npms: Timed[] = [];
for (let i = 0; i < runs; i++) {
  // A fresh database each run: no inventory cache, no advisory data (a pure SBOM, cold).
  ours.push(timed(process.execPath, [deptrustBin, 'sbom', project, '--no-progress', '--db', path.join(work, `cold-${i}.db`), '-o', path.join(work, 'deptrust.json')], repoRoot));
  npms.push(timed('npm', ['sbom', '--package-lock-only', '--sbom-format', 'cyclonedx'], project));
}
const ourComponents = componentNames(readFileSync(path.join(work, 'deptrust.json'), 'utf8'));
const npmSet = new Set(componentNames(npms[0]?.stdout ?? '{"components":[]}').map((names) => names[0] ?? ''));
// The same with the inventory cache warm (the second run on an unchanged lockfile).
const warm: Timed[] = [];
for (let i = 0; i < runs; i++) {
  warm.push(timed(process.execPath, [deptrustBin, 'sbom', project, '--no-progress', '--db', path.join(work, 'cold-0.db'), '-o', path.join(work, 'deptrust-warm.json')], repoRoot));
}
const ourSet = new Set(ourComponents.flat());
const onlyOurs = ourComponents.filter((names) => !names.some((name) => npmSet.has(name))).map((names) => names[0]);
const onlyNpm = [...npmSet].filter((x) => !ourSet.has(x));
rmSync(work, { recursive: true, force: true });

const ourMedian = median(ours.map((r) => r.seconds));
const npmMedian = median(npms.map((r) => r.seconds));
console.log(`project: ${path.relative(repoRoot, project) || project} (${ourComponents.length} components in deptrust's SBOM, ${npmSet.size} name@version in npm's)`);
console.log(`deptrust sbom: median ${ourMedian.toFixed(2)} s over ${runs} runs [${ours.map((r) => r.seconds.toFixed(2)).join(', ')}], peak RSS ${Math.max(...ours.map((r) => r.maxRssKb / 1024)).toFixed(0)} MB`);
console.log(`npm sbom:      median ${npmMedian.toFixed(2)} s over ${runs} runs [${npms.map((r) => r.seconds.toFixed(2)).join(', ')}], peak RSS ${Math.max(...npms.map((r) => r.maxRssKb / 1024)).toFixed(0)} MB`);
const warmMedian = median(warm.map((r) => r.seconds));
console.log(`deptrust sbom, inventory cache warm: median ${warmMedian.toFixed(2)} s [${warm.map((r) => r.seconds.toFixed(2)).join(', ')}]`);
console.log(`ratio deptrust/npm: cold ${(ourMedian / npmMedian).toFixed(2)}, warm ${(warmMedian / npmMedian).toFixed(2)} (target <= 0.50)`);
console.log(`same name@version set: ${onlyOurs.length === 0 && onlyNpm.length === 0 ? 'yes' : `no (only deptrust: ${onlyOurs.slice(0, 5).join(', ')}; only npm: ${onlyNpm.slice(0, 5).join(', ')})`}`);
