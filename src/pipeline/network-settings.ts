import { DEFAULT_RETRY, type RetryOptions } from '../advisories/http.js';
import { DEFAULT_OSV_API } from '../advisories/osv-api.js';
import { DEFAULT_OSV_DUMP } from '../advisories/osv-dump.js';

/** Where OSV is reached and how hard to try: the defaults, or the CLI's flags over them. */
export interface NetworkSettings {
  apiUrl: string;
  dumpUrl: string;
  retry: RetryOptions;
  concurrency: number;
}

export const DEFAULT_NETWORK: NetworkSettings = { apiUrl: DEFAULT_OSV_API, dumpUrl: DEFAULT_OSV_DUMP, retry: DEFAULT_RETRY, concurrency: 8 };
