import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runWith } from '../../src/cli/main.js';
import { cleanEnv } from './clean-env.js';
import { binPath } from './paths.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  /** The command's working folder (paths in `args` stay absolute: in process, relative ones resolve from the test's folder). */
  cwd?: string;
  /** Added to the clean environment (test/helpers/clean-env.ts): DEPTRUST_DB, endpoints, npm_config_registry of a local server. */
  env?: Record<string, string>;
  /** The user's home for this run (cache, default database, npm config); a fresh empty folder, removed afterwards, when not given. */
  home?: string;
  /** Sees stderr as it comes (a test waiting for a line). */
  onStderr?: (chunk: string) => void;
}

export interface SpawnCliOptions extends RunCliOptions {
  /** Runs as this user and group (a test of file permissions run as root, whom they do not stop). */
  user?: { uid: number; gid: number };
  /** Options for node itself, before the bin file (`--import` of a hook). */
  nodeArgs?: readonly string[];
}

/**
 * Runs the CLI's program in this process, as `bin/deptrust.js` would run it,
 * with its own clean environment (never the user's database, cache or npm
 * configuration), working folder, stdout, stderr and exit code: nothing of the
 * test process is read or changed. NO_COLOR=1, and stderr is no terminal, so
 * no progress output. Most tests check behaviour this way: a spawned CLI costs
 * a process start and every module loaded again.
 */
export async function runCli(args: readonly string[], options: RunCliOptions = {}): Promise<CliResult> {
  const home = options.home ?? mkdtempSync(path.join(tmpdir(), 'deptrust-home-'));
  const env: NodeJS.ProcessEnv = { ...cleanEnv(home), ...options.env };
  const cwd = options.cwd ?? process.cwd();
  let stdout = '';
  let stderr = '';
  let code = 0;
  try {
    await runWith([process.execPath, binPath, ...args], {
      env,
      cwd: () => cwd,
      stdout: { isTTY: false, write: (text: string) => (stdout += text) },
      stderr: {
        isTTY: false,
        write: (text: string) => {
          stderr += text;
          options.onStderr?.(text);
        },
      },
      setExitCode: (value) => {
        code = value;
      },
    });
  } finally {
    if (options.home === undefined) rmSync(home, { recursive: true, force: true });
  }
  return { code, stdout, stderr };
}

/**
 * Runs the built binary in its own process, in a clean environment: for what
 * only a process shows (its exit on a crash or a signal, several processes at
 * once, another user, the bin file itself). One spawn per such property.
 */
export function spawnCli(args: readonly string[], options: SpawnCliOptions = {}): Promise<CliResult> {
  const home = options.home ?? mkdtempSync(path.join(tmpdir(), 'deptrust-home-'));
  const removeHome = () => {
    if (options.home === undefined) rmSync(home, { recursive: true, force: true });
  };
  return new Promise<CliResult>((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), binPath, ...args], {
      cwd: options.cwd,
      env: { ...cleanEnv(home), ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.user ?? {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      options.onStderr?.(chunk);
    });
    child.on('error', (error) => {
      removeHome();
      reject(error);
    });
    child.on('close', (code) => {
      removeHome();
      resolve({ code, stdout, stderr });
    });
  });
}
