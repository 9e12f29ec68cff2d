import { spawn } from 'node:child_process';
import { binPath } from './paths.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built binary as a user would, with NO_COLOR=1 and no progress output. */
export function runCli(
  args: readonly string[],
  options: {
    cwd?: string;
    env?: Record<string, string>;
    /** Sees stderr as it comes (a test waiting for a line). */
    onStderr?: (chunk: string) => void;
    /** Runs as this user and group (a test of file permissions run as root, whom they do not stop). */
    user?: { uid: number; gid: number };
  } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], {
      cwd: options.cwd,
      // No test reaches the internet: the registry points at a closed local port unless a test serves one.
      env: { ...process.env, NO_COLOR: '1', npm_config_registry: 'http://127.0.0.1:9/', ...options.env },
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
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
