import { DEFAULT_RETRY, type RetryOptions } from '../net/http.js';
import { npmTransportFetch } from '../net/npm-fetch.js';
import { fetchLimits, transportSettings, type FetchLimits } from '../net/transport-settings.js';
import { DEFAULT_OSV_API } from '../advisories/osv-api.js';
import { DEFAULT_OSV_DUMP } from '../advisories/osv-dump.js';
import { networkDeadline, timerMs } from '../net/deadline.js';
import { readRegistryOptions } from '../signals/npm-config.js';

/** Where OSV is reached and how hard to try: the defaults, or the user's options over them. */
export interface NetworkSettings {
  apiUrl: string;
  dumpUrl: string;
  retry: RetryOptions;
  concurrency: number;
}

export const DEFAULT_NETWORK: NetworkSettings = { apiUrl: DEFAULT_OSV_API, dumpUrl: DEFAULT_OSV_DUMP, retry: DEFAULT_RETRY, concurrency: 8 };

/** The network options of every command that reaches OSV, named as the CLI's flags (`--api-url`, `--timeout`, …). */
export interface NetworkOptions {
  apiUrl?: string;
  dumpUrl?: string;
  /** Seconds per request. */
  timeout?: number;
  /** Seconds for all the network work of one command, from its first request. */
  deadline?: number;
  /** Retries of a failed request. */
  retries?: number;
}

/**
 * Each request's timeout and retries: `--timeout` and `--retries` (or their
 * environment variables, or the library's options) where given, else npm's
 * `fetch-timeout` and `fetch-retries` from the configuration seen from
 * `npmConfigDir` (docs/advisories.md, "Timeouts and retries"), else nothing:
 * each client's default.
 */
export function requestLimits(options: NetworkOptions, npmConfigDir: string | undefined, env: Readonly<Record<string, string | undefined>>): FetchLimits {
  const npm = npmConfigDir === undefined ? {} : fetchLimits(readRegistryOptions(npmConfigDir, env));
  const timeoutMs = options.timeout ? options.timeout * 1000 : npm.timeoutMs;
  const retries = options.retries ?? npm.retries;
  // Every client's timer gets it (net/http.ts's and npm-registry-fetch's): no longer than a timer can wait.
  return { ...(timeoutMs !== undefined ? { timeoutMs: timerMs(timeoutMs) } : {}), ...(retries !== undefined ? { retries } : {}) };
}

/** The settings from the user's options over npm's (seen from `npmConfigDir`) over the defaults (the CLI's flags and the library's options alike). */
export function networkSettings(options: NetworkOptions, env: Readonly<Record<string, string | undefined>>, npmConfigDir?: string): NetworkSettings {
  const backoff = Number(env['DEPTRUST_RETRY_BACKOFF_MS']);
  const deadline = options.deadline ? networkDeadline(options.deadline * 1000) : undefined;
  const limits = requestLimits(options, npmConfigDir, env);
  return {
    apiUrl: options.apiUrl ?? DEFAULT_NETWORK.apiUrl,
    dumpUrl: options.dumpUrl ?? DEFAULT_NETWORK.dumpUrl,
    concurrency: DEFAULT_NETWORK.concurrency,
    retry: {
      ...DEFAULT_NETWORK.retry,
      ...limits,
      // One deadline for every request of the command, retries and backoff included.
      ...(deadline ? { signal: deadline.signal, startDeadline: deadline.start } : {}),
      // For tests against a local server: how long the first backoff is.
      ...(Number.isFinite(backoff) && backoff >= 0 ? { backoffMs: backoff, maxBackoffMs: Math.max(backoff * 8, 1) } : {}),
    },
  };
}

/**
 * The settings with OSV traffic (API and dump) sent the way npm sends the
 * registry's: proxy, noproxy, ca, cafile and strict-ssl from the npm
 * configuration seen from `npmConfigDir` (the user's file, the project's
 * .npmrc, `npm_config_*` variables), read at the first request.
 */
export function withNpmTransport(network: NetworkSettings, npmConfigDir: string, env: Readonly<Record<string, string | undefined>>): NetworkSettings {
  const fetch = npmTransportFetch(() => transportSettings(readRegistryOptions(npmConfigDir, env)));
  return { ...network, retry: { ...network.retry, fetch } };
}
