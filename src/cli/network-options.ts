import { InvalidArgumentError, type Command } from 'commander';
import { EnvironmentOption } from './environment-options.js';
import type { NetworkOptions } from '../pipeline/network-settings.js';
import { positiveInteger } from './options.js';

/** The network flags, as `pipeline/network-settings.ts` turns them into settings. */
export type NetworkFlags = NetworkOptions;

/** Adds the flags that point deptrust at other OSV endpoints (mirrors, tests on 127.0.0.1). */
export function addNetworkOptions(command: Command): Command {
  return command
    .addOption(new EnvironmentOption('--api-url <url>', 'OSV API base URL', 'DEPTRUST_OSV_API_URL'))
    .addOption(new EnvironmentOption('--dump-url <url>', 'OSV data dump base URL', 'DEPTRUST_OSV_DUMP_URL'))
    .addOption(new EnvironmentOption('--timeout <seconds>', 'timeout of each network request: how long it may wait for the answer, then for more of its body (default: npm\'s fetch-timeout, else 30)', 'DEPTRUST_TIMEOUT').argParser(positiveInteger))
    .addOption(new EnvironmentOption('--deadline <seconds>', 'overall time limit for the network work of one command (OSV API, dump, registry)', 'DEPTRUST_DEADLINE').argParser(positiveInteger))
    .addOption(new EnvironmentOption('--retries <n>', 'retries of a failed request (429, 5xx, network errors) (default: npm\'s fetch-retries, else 3 for OSV, 2 for the registry)', 'DEPTRUST_RETRIES').argParser(nonNegativeInteger));
}

function nonNegativeInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new InvalidArgumentError('expected a whole number, 0 or more');
  return number;
}
