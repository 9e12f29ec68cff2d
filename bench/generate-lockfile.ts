// Generates the inventory stress cases (never committed: the large one is
// ~53 MB): a package-lock.json v3 project written to a folder.
//   wide <n>   n registry packages, hoisted with some nested duplicates, each
//              depending on up to four others (a DAG, like a real lockfile)
//   chain <n>  a dependency chain n deep: root -> c0 -> c1 -> ... -> c(n-1)
//   loop       a node_modules where pa -> pb and pb -> pa are symlinks (no lockfile)
// Usage: npm run build && node dist/bench/generate-lockfile.js <kind> <n> <dir>
import { createHash } from 'node:crypto';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface LockEntry {
  version: string;
  resolved: string;
  integrity: string;
  license: string;
  dependencies?: Record<string, string>;
  engines?: Record<string, string>;
  funding?: { url: string };
}

function entry(name: string, version: string, dependencies: Record<string, string> | undefined): LockEntry {
  const integrity = `sha512-${createHash('sha512').update(`${name}@${version}`).digest('base64')}`;
  const out: LockEntry = { version, resolved: `https://registry.npmjs.org/${name}/-/${name}-${version}.tgz`, integrity, license: 'MIT' };
  if (dependencies && Object.keys(dependencies).length > 0) out.dependencies = dependencies;
  return out;
}

/** A deterministic pseudo-random sequence (mulberry32), so every run generates the same lockfile. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `n` packages: package i depends on up to four packages with a higher
 * index (so the graph is acyclic and every package is reachable from the
 * first twenty, the root's dependencies). One package in ten also has a nested
 * copy at another major version under its first dependant, as npm places
 * conflicting versions.
 */
export function wideLockfile(n: number): { manifest: object; lockfile: object } {
  const next = random(42);
  const name = (i: number): string => `pkg-${i.toString(36).padStart(4, '0')}`;
  const packages: Record<string, object> = {};
  const rootDependencies: Record<string, string> = {};
  for (let i = 0; i < Math.min(20, n); i++) rootDependencies[name(i)] = '^1.0.0';
  packages[''] = { name: 'wide-project', version: '1.0.0', dependencies: rootDependencies };
  const nestedUnder = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const dependencies: Record<string, string> = {};
    for (let k = 0; k < 4; k++) {
      const span = n - i - 1;
      if (span <= 0) break;
      const target = i + 1 + Math.floor(next() * Math.min(span, 5000));
      if (target % 10 === 7 && !nestedUnder.has(target)) {
        nestedUnder.set(target, i);
        dependencies[name(target)] = '^2.0.0';
      } else {
        dependencies[name(target)] = '^1.0.0';
      }
    }
    const found = entry(name(i), '1.0.0', dependencies);
    if (i % 2 === 0) found.engines = { node: '>=14' };
    if (i % 3 === 0) found.funding = { url: `https://github.com/sponsors/${name(i)}` };
    packages[`node_modules/${name(i)}`] = found;
  }
  for (const [target, parent] of nestedUnder) {
    packages[`node_modules/${name(parent)}/node_modules/${name(target)}`] = entry(name(target), '2.0.0', undefined);
  }
  const manifest = { name: 'wide-project', version: '1.0.0', dependencies: rootDependencies };
  return { manifest, lockfile: { name: 'wide-project', version: '1.0.0', lockfileVersion: 3, requires: true, packages } };
}

/** root -> c0 -> c1 -> ... -> c(n-1), every package hoisted. */
export function chainLockfile(n: number): { manifest: object; lockfile: object } {
  const name = (i: number): string => `c${i}`;
  const packages: Record<string, object> = { '': { name: 'chain-project', version: '1.0.0', dependencies: { c0: '1.0.0' } } };
  for (let i = 0; i < n; i++) packages[`node_modules/${name(i)}`] = entry(name(i), '1.0.0', i + 1 < n ? { [name(i + 1)]: '1.0.0' } : undefined);
  const manifest = { name: 'chain-project', version: '1.0.0', dependencies: { c0: '1.0.0' } };
  return { manifest, lockfile: { name: 'chain-project', version: '1.0.0', lockfileVersion: 3, requires: true, packages } };
}

export function writeLockfileProject(dir: string, project: { manifest: object; lockfile: object }): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(project.manifest, null, 2)}\n`);
  writeFileSync(path.join(dir, 'package-lock.json'), `${JSON.stringify(project.lockfile, null, 2)}\n`);
}

/** A project installed without a lockfile whose node_modules has pa -> pb and pb -> pa. */
export function writeSymlinkLoop(dir: string): void {
  const modules = path.join(dir, 'node_modules');
  mkdirSync(modules, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'loop-project', version: '1.0.0', dependencies: { pa: '1.0.0' } }, null, 2)}\n`);
  symlinkSync('pb', path.join(modules, 'pa'));
  symlinkSync('pa', path.join(modules, 'pb'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [kind, count, dir] = process.argv.slice(2);
  if (kind === 'loop' && count) writeSymlinkLoop(count);
  else if ((kind === 'wide' || kind === 'chain') && count && dir) writeLockfileProject(dir, kind === 'wide' ? wideLockfile(Number(count)) : chainLockfile(Number(count)));
  else {
    console.error('usage: generate-lockfile.js wide|chain <n> <dir> | loop <dir>');
    process.exitCode = 2;
  }
}
