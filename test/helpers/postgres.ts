import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * A throwaway PostgreSQL cluster for one test run: Debian's server binaries
 * (the `postgresql` package), a temporary folder, a free port on 127.0.0.1,
 * password (SCRAM) authentication over TCP. Durability is switched off: it is
 * thrown away. When the tests run as root the server runs as `postgres`, since
 * it refuses to run as root.
 */
export interface TestCluster {
  port: number;
  superuser: string;
  password: string;
  /** A URL for a database of this cluster as the superuser (password included). */
  url(database: string): string;
  /** Creates an empty database and returns its name. */
  createDatabase(prefix?: string): Promise<string>;
  /** Runs SQL as the superuser in a database. */
  sql(database: string, text: string): Promise<void>;
  /** CPU seconds the server has used so far (the postmaster, its finished and its running backends): for bench figures. */
  serverCpuSeconds(): number;
  stop(): void;
}

/** utime + stime (+ cutime + cstime when `withChildren`) of a process, in seconds, from /proc/<pid>/stat. */
function processCpuSeconds(pid: number, withChildren: boolean): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the parenthesised command name: state is field 3, utime field 14.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = [11, 12, ...(withChildren ? [13, 14] : [])].reduce((sum, index) => sum + Number(fields[index] ?? 0), 0);
    return ticks / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** Linux reports process times in clock ticks of USER_HZ, 100 on every architecture Node runs on here. */
const CLOCK_TICKS = 100;

function serverBinaries(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((entry) => existsSync(path.join(root, entry, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (newest === undefined) {
    throw new Error('the PostgreSQL server binaries are missing (/usr/lib/postgresql/*/bin/initdb): install the "postgresql" package (README, Development)');
  }
  return path.join(root, newest, 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startTestCluster(): Promise<TestCluster> {
  const bin = serverBinaries();
  const dir = mkdtempSync(path.join(tmpdir(), 'deptrust-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (command: string, args: readonly string[]): void => {
    const file = path.join(bin, command);
    execFileSync(asRoot ? 'runuser' : file, asRoot ? ['-u', 'postgres', '--', file, ...args] : [...args], { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir });
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  const passwordFile = path.join(dir, 'pwfile');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (asRoot) chownSync(passwordFile, Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()), 0);
  const data = path.join(dir, 'data');
  const port = await freePort();
  let started = false;
  const stop = (): void => {
    try {
      if (started) run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      started = false;
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    run('initdb', ['-D', data, '-U', 'postgres', '--pwfile', passwordFile, '--auth-host=scram-sha-256', '--auth-local=trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
    const options = [`-p ${port}`, `-k ${dir}`, "-c listen_addresses='127.0.0.1'", '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off', '-c max_connections=200'];
    run('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-o', options.join(' '), '-w', '-t', '30', 'start']);
    started = true;
  } catch (error) {
    stop();
    throw error;
  }
  const url = (database: string): string => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  const sql = async (database: string, text: string): Promise<void> => {
    const client = new pg.Client({ connectionString: url(database) });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  let databases = 0;
  return {
    port,
    superuser: 'postgres',
    password,
    url,
    sql,
    async createDatabase(prefix = 'test') {
      const name = `${prefix}_${++databases}`;
      await sql('postgres', `CREATE DATABASE ${name}`);
      return name;
    },
    serverCpuSeconds() {
      const postmaster = Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      let total = processCpuSeconds(postmaster, true);
      for (const entry of readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue;
        try {
          const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
          const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
          if (parent === postmaster) total += processCpuSeconds(Number(entry), false);
        } catch {
          // The process ended while we looked.
        }
      }
      return total;
    },
    stop,
  };
}
