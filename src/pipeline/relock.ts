import { spawn } from 'node:child_process';
import type { Killable } from './project-snapshot.js';

/** npm's flags for a relock that touches nothing but package-lock.json: no install scripts, no node_modules, no audit or funding requests. */
export const LOCKFILE_ONLY_FLAGS = ['--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'] as const;

/** How a package manager is started: its name from PATH, or a given executable and leading arguments (a node binary and npm-cli.js, pnpm.cjs, yarn.js). */
export interface ManagerCommand {
  command: string;
  args: readonly string[];
}

export const NPM_FROM_PATH: ManagerCommand = { command: 'npm', args: [] };

export interface ManagerRun {
  ok: boolean;
  /** The command line as a user would type it. */
  display: string;
  /** The manager's own error line, or how the process ended. */
  error?: string;
  /** What it printed (the tail), for a version query. */
  output: string;
}

export interface RunOptions {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  track: (child: Killable) => () => void;
  /** How the command is shown: `npm`, `pnpm`, `yarn`, `bun` (the name a user types). */
  name?: string;
}

/**
 * Runs one package-manager command in a folder and waits for it. Its output
 * is kept (the report quotes the manager's error), never shown; `track`
 * registers the process so an interruption can stop it before restoring the
 * project's files.
 */
export function runManager(manager: ManagerCommand, args: readonly string[], options: RunOptions): Promise<ManagerRun> {
  const name = options.name ?? 'npm';
  const display = [name, ...args].join(' ');
  return new Promise((resolve) => {
    const env = Object.fromEntries(Object.entries(options.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
    const child = spawn(manager.command, [...manager.args, ...args], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const untrack = options.track(child);
    let output = '';
    const keep = (chunk: Buffer): void => {
      // The tail is enough for the error line; a chatty manager cannot grow this without bound.
      output = (output + chunk.toString('utf8')).slice(-16_384);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => {
      untrack();
      resolve({ ok: false, display, error: `could not start ${name} (${error.message})`, output });
    });
    child.on('close', (code, signal) => {
      untrack();
      if (code === 0) resolve({ ok: true, display, output });
      else resolve({ ok: false, display, error: errorLine(output) ?? (signal ? `${name} was stopped by ${signal}` : `${name} exited with code ${code ?? 'unknown'}`), output });
    });
  });
}

/** npm, run as `runManager` runs any manager. */
export function runNpm(npm: ManagerCommand, args: readonly string[], options: Omit<RunOptions, 'name'>): Promise<ManagerRun> {
  return runManager(npm, args, { ...options, name: 'npm' });
}

/**
 * The first line that says what went wrong, in each manager's own form:
 * npm's `npm error …` (`npm ERR!` before npm 10; its code and log lines say
 * least), pnpm's ` ERR_PNPM_… message`, yarn classic's `error …`, yarn berry's
 * `➤ YN0001: │ …` (or any YN code but YN0000, the progress lines), bun's
 * `error: …`.
 */
export function errorLine(output: string): string | undefined {
  const lines = output.split(/\r?\n/);
  const npm = lines.map((line) => /^npm (?:error|ERR!)\s+(.*)$/.exec(line)?.[1]?.trim() ?? '').filter((line) => line !== '' && !/^(code|errno|syscall|A complete log|Log files|\d{4}-)/.test(line));
  if (npm[0] !== undefined) return npm[0];
  for (const line of lines) {
    const pnpm = /ERR_PNPM_[A-Z_]+\s+(.+)$/.exec(line)?.[1];
    if (pnpm) return pnpm.trim();
    const berry = /YN(?!0000)\d{4}:\s*(?:[│└┌]\s*)?(.+)$/.exec(line)?.[1];
    if (berry && /(?:^|\s)(?:error|failed|couldn't|could not|not found|doesn't|isn't|refused)/i.test(berry)) return berry.trim();
    const classic = /^error (?!Command failed)(.+)$/.exec(line)?.[1] ?? /^error: (.+)$/.exec(line)?.[1];
    if (classic) return classic.trim();
  }
  return undefined;
}
