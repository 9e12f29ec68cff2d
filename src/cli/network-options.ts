import { InvalidArgumentError, Option, type Command } from 'commander';
import type { NetworkOptions } from '../pipeline/network-settings.js';
import { positiveInteger } from './options.js';

/** The network flags, as `pipeline/network-settings.ts` turns them into settings. */
export type NetworkFlags = NetworkOptions;

/** Adds the flags that point deptrust at other OSV endpoints (mirrors, tests on 127.0.0.1). */
export function addNetworkOptions(command: Command): Command {
  return command
    .addOption(new Option('--api-url <url>', 'OSV API base URL').env('DEPTRUST_OSV_API_URL'))
    .addOption(new Option('--dump-url <url>', 'OSV data dump base URL').env('DEPTRUST_OSV_DUMP_URL'))
    .addOption(new Option('--timeout <seconds>', 'timeout of each network request: how long it may wait for the answer, then for more of its body').argParser(positiveInteger).env('DEPTRUST_TIMEOUT'))
    .addOption(new Option('--deadline <seconds>', 'overall time limit for the network work of one command (OSV API, dump, registry)').argParser(positiveInteger).env('DEPTRUST_DEADLINE'))
    .addOption(new Option('--retries <n>', 'retries of a failed request (429, 5xx, network errors)').argParser(nonNegativeInteger).env('DEPTRUST_RETRIES'));
}

function nonNegativeInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new InvalidArgumentError('expected a whole number, 0 or more');
  return number;
}
