import { spawn } from 'node:child_process';
import type { Killable } from './project-snapshot.js';

/** npm's flags for a relock that touches nothing but package-lock.json: no install scripts, no node_modules, no audit or funding requests. */
export const LOCKFILE_ONLY_FLAGS = ['--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'] as const;

/** How npm is started: `npm` from PATH, or a given executable and leading arguments (a node binary and npm-cli.js). */
export interface NpmCommand {
  command: string;
  args: readonly string[];
}

export const NPM_FROM_PATH: NpmCommand = { command: 'npm', args: [] };

export interface NpmRun {
  ok: boolean;
  /** The command line as a user would type it. */
  display: string;
  /** npm's own last error line (`npm error ...`), or how the process ended. */
  error?: string;
}

/**
 * Runs one npm command in the project folder and waits for it. Its output is
 * kept (the report quotes npm's error), never shown; `track` registers the
 * process so an interruption can stop it before restoring the project's files.
 */
export function runNpm(npm: NpmCommand, args: readonly string[], options: { cwd: string; env: Readonly<Record<string, string | undefined>>; track: (child: Killable) => () => void }): Promise<NpmRun> {
  const display = ['npm', ...args].join(' ');
  return new Promise((resolve) => {
    const env = Object.fromEntries(Object.entries(options.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
    const child = spawn(npm.command, [...npm.args, ...args], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const untrack = options.track(child);
    let output = '';
    const keep = (chunk: Buffer): void => {
      // The tail is enough for the error line; a chatty npm cannot grow this without bound.
      output = (output + chunk.toString('utf8')).slice(-16_384);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => {
      untrack();
      resolve({ ok: false, display, error: `could not start npm (${error.message})` });
    });
    child.on('close', (code, signal) => {
      untrack();
      if (code === 0) resolve({ ok: true, display });
      else resolve({ ok: false, display, error: lastErrorLine(output) ?? (signal ? `npm was stopped by ${signal}` : `npm exited with code ${code ?? 'unknown'}`) });
    });
  });
}

/** The first meaningful `npm error` line (npm 10+; `npm ERR!` before): the code line says least, the message says what. */
function lastErrorLine(output: string): string | undefined {
  const lines = output
    .split(/\r?\n/)
    .map((line) => /^npm (?:error|ERR!)\s+(.*)$/.exec(line)?.[1]?.trim() ?? '')
    .filter((line) => line !== '' && !/^(code|errno|syscall|A complete log|Log files|\d{4}-)/.test(line));
  return lines[0];
}
