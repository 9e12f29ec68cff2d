// Shared by the bench scripts: wall time and peak RSS of a command, and medians.
import { spawnSync } from 'node:child_process';

export interface Timed {
  seconds: number;
  /** User plus system CPU seconds: steadier than wall time on a machine others load. */
  cpuSeconds: number;
  maxRssKb: number;
  stdout: string;
  status: number | null;
}

/** Runs a command under /usr/bin/time to get wall time, CPU time and peak RSS; `allowFailure` accepts a non-zero exit (a policy failure is exit 1). */
export function timed(command: string, args: string[], cwd: string, options: { allowFailure?: boolean; env?: NodeJS.ProcessEnv } = {}): Timed {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', command, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: options.env ?? process.env });
  if (result.status !== 0 && !(options.allowFailure && result.status === 1)) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  const [seconds, rss, user, system] = result.stderr.trim().split('\n').at(-1)?.split(' ') ?? [];
  return { seconds: Number(seconds), cpuSeconds: Number(user) + Number(system), maxRssKb: Number(rss), stdout: result.stdout, status: result.status };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
