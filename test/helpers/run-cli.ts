import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cleanEnv } from './clean-env.js';
import { binPath } from './paths.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  cwd?: string;
  /** Added to the clean environment (test/helpers/clean-env.ts): DEPTRUST_DB, endpoints, npm_config_registry of a local server. */
  env?: Record<string, string>;
  /** The user's home for this run (cache, default database, npm config); a fresh empty folder, removed afterwards, when not given. */
  home?: string;
  /** Sees stderr as it comes (a test waiting for a line). */
  onStderr?: (chunk: string) => void;
  /** Runs as this user and group (a test of file permissions run as root, whom they do not stop). */
  user?: { uid: number; gid: number };
}

/**
 * Runs the built binary as a user would, with NO_COLOR=1 and no progress
 * output, in a clean environment: never the user's database, cache or npm
 * configuration.
 */
export function runCli(args: readonly string[], options: RunCliOptions = {}): Promise<CliResult> {
  const home = options.home ?? mkdtempSync(path.join(tmpdir(), 'deptrust-home-'));
  const removeHome = () => {
    if (options.home === undefined) rmSync(home, { recursive: true, force: true });
  };
  return new Promise<CliResult>((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], {
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
