// The inventory's robustness cases (issue 10): a symlink loop in
// node_modules, dependency chains 10,000 and 100,000 deep, and a
// 100,000-package lockfile (~52 MB). Each is generated in a temporary folder
// (bench/generate-lockfile.ts) and scanned once with a fresh database holding
// one advisory, offline and without the registry, under /usr/bin/time: wall
// time, CPU time (user + system: the machine may be shared), peak RSS and exit code are printed. A case that runs past the time
// limit is killed and reported as such.
// Usage: npm run build && node dist/bench/inventory-stress.js [case...] [--timeout <s>]
//   cases: loop chain-10k chain-100k wide-100k (default: all)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chainLockfile, wideLockfile, writeLockfileProject, writeSymlinkLoop } from './generate-lockfile.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const deptrust = path.join(repoRoot, 'bin', 'deptrust.js');
const chosen: string[] = [];
let timeoutSeconds = 300;
for (let index = 2; index < process.argv.length; index++) {
  const arg = process.argv[index] ?? '';
  if (arg === '--timeout') timeoutSeconds = Number(process.argv[++index]);
  else chosen.push(arg);
}

const cases: Record<string, (dir: string) => void> = {
  loop: (dir) => writeSymlinkLoop(dir),
  'chain-10k': (dir) => writeLockfileProject(dir, chainLockfile(10_000)),
  'chain-100k': (dir) => writeLockfileProject(dir, chainLockfile(100_000)),
  'wide-100k': (dir) => writeLockfileProject(dir, wideLockfile(100_000)),
};

const work = mkdtempSync(path.join(tmpdir(), 'deptrust-bench-stress-'));
try {
  const advisories = path.join(work, 'advisories');
  mkdirSync(advisories);
  // One advisory on a package every case holds, so the scan matches something.
  for (const name of ['c5', 'pkg-0005']) {
    writeFileSync(
      path.join(advisories, `BENCH-${name}.json`),
      JSON.stringify({ schema_version: '1.6.0', id: `BENCH-${name}`, modified: '2026-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'npm', name }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.0.1' }] }] }] }),
    );
  }
  // Every CLI gets its own home, so no user configuration or cache takes part.
  const env = { ...process.env, HOME: path.join(work, 'home'), XDG_CACHE_HOME: path.join(work, 'home', '.cache'), npm_config_registry: 'http://127.0.0.1:9/', CI: '1' };
  mkdirSync(env.HOME, { recursive: true });
  for (const name of chosen.length > 0 ? chosen : Object.keys(cases)) {
    const make = cases[name];
    if (!make) throw new Error(`unknown case ${name} (${Object.keys(cases).join(', ')})`);
    const project = path.join(work, name);
    make(project);
    const db = path.join(work, `${name}.db`);
    execFileSync(process.execPath, [deptrust, 'db', 'import', advisories, '--db', db, '--no-progress'], { stdio: 'ignore', env });
    const args = ['-f', '%e %M %U %S', 'timeout', String(timeoutSeconds), process.execPath, deptrust, 'scan', project, '--offline', '--no-registry', '--no-progress', '--db', db, '-o', `json=${path.join(work, `${name}.json`)}`];
    const result = spawnSync('/usr/bin/time', args, { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
    const lines = result.stderr.trim().split('\n');
    const [seconds, rssKb, user, system] = lines.at(-1)?.split(' ') ?? [];
    const said = lines.filter((line) => line.startsWith('deptrust:')).at(-1) ?? '';
    const status = result.status === 124 ? `killed after ${timeoutSeconds} s` : `exit ${result.status ?? result.signal}`;
    console.log(`${name}: ${Number(seconds).toFixed(2)} s (CPU ${(Number(user) + Number(system)).toFixed(1)} s), peak RSS ${(Number(rssKb) / 1024).toFixed(0)} MB, ${status}${said ? ` (${said})` : ''}`);
    rmSync(project, { recursive: true, force: true });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
