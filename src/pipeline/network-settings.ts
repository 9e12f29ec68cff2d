import { DEFAULT_RETRY, type RetryOptions } from '../net/http.js';
import { npmTransportFetch } from '../net/npm-fetch.js';
import { transportSettings } from '../net/transport-settings.js';
import { DEFAULT_OSV_API } from '../advisories/osv-api.js';
import { DEFAULT_OSV_DUMP } from '../advisories/osv-dump.js';
import { readRegistryOptions } from '../signals/npm-config.js';

/** Where OSV is reached and how hard to try: the defaults, or the CLI's flags over them. */
export interface NetworkSettings {
  apiUrl: string;
  dumpUrl: string;
  retry: RetryOptions;
  concurrency: number;
}

export const DEFAULT_NETWORK: NetworkSettings = { apiUrl: DEFAULT_OSV_API, dumpUrl: DEFAULT_OSV_DUMP, retry: DEFAULT_RETRY, concurrency: 8 };

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
