import { InvalidArgumentError, type Command } from 'commander';
import { EnvironmentOption } from './environment-options.js';
import type { NetworkSettings } from '../pipeline/network-settings.js';
import { positiveInteger } from './options.js';
import { networkDeadline } from '../net/deadline.js';

export interface NetworkFlags {
  apiUrl?: string;
  dumpUrl?: string;
  timeout?: number;
  deadline?: number;
  retries?: number;
}

/** Adds the flags that point deptrust at other OSV endpoints (mirrors, tests on 127.0.0.1). */
export function addNetworkOptions(command: Command): Command {
  return command
    .addOption(new EnvironmentOption('--api-url <url>', 'OSV API base URL', 'DEPTRUST_OSV_API_URL'))
    .addOption(new EnvironmentOption('--dump-url <url>', 'OSV data dump base URL', 'DEPTRUST_OSV_DUMP_URL'))
    .addOption(new EnvironmentOption('--timeout <seconds>', 'timeout of each network request: how long it may wait for the answer, then for more of its body', 'DEPTRUST_TIMEOUT').argParser(positiveInteger))
    .addOption(new EnvironmentOption('--deadline <seconds>', 'overall time limit for the network work of one command (OSV API, dump, registry)', 'DEPTRUST_DEADLINE').argParser(positiveInteger))
    .addOption(new EnvironmentOption('--retries <n>', 'retries of a failed request (429, 5xx, network errors)', 'DEPTRUST_RETRIES').argParser(nonNegativeInteger));
}

/** The settings from flags and environment over `defaults` (the OSV endpoints, passed in so start-up loads none of the pipeline). */
export function networkSettings(flags: NetworkFlags, defaults: NetworkSettings, env: NodeJS.ProcessEnv): NetworkSettings {
  const DEFAULT_NETWORK = defaults;
  const backoff = Number(env['DEPTRUST_RETRY_BACKOFF_MS']);
  const deadline = flags.deadline ? networkDeadline(flags.deadline * 1000) : undefined;
  return {
    apiUrl: flags.apiUrl ?? DEFAULT_NETWORK.apiUrl,
    dumpUrl: flags.dumpUrl ?? DEFAULT_NETWORK.dumpUrl,
    concurrency: DEFAULT_NETWORK.concurrency,
    retry: {
      ...DEFAULT_NETWORK.retry,
      ...(flags.timeout ? { timeoutMs: flags.timeout * 1000 } : {}),
      ...(flags.retries !== undefined ? { retries: flags.retries } : {}),
      // One deadline for every request of the command, retries and backoff included.
      ...(deadline ? { signal: deadline.signal, startDeadline: deadline.start } : {}),
      // For tests against a local server: how long the first backoff is.
      ...(Number.isFinite(backoff) && backoff >= 0 ? { backoffMs: backoff, maxBackoffMs: Math.max(backoff * 8, 1) } : {}),
    },
  };
}

function nonNegativeInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new InvalidArgumentError('expected a whole number, 0 or more');
  return number;
}
