import { readFileSync } from 'node:fs';
import { UsageError } from '../model/errors.js';

/**
 * How requests reach the network, from the user's npm configuration, named
 * as make-fetch-happen (under npm-registry-fetch, and deptrust's OSV
 * transport) takes them. Without `proxy` / `noProxy`, make-fetch-happen
 * falls back to HTTPS_PROXY, HTTP_PROXY and NO_PROXY from the environment,
 * as npm does.
 */
export interface TransportSettings {
  proxy?: string;
  noProxy?: string;
  /** PEM certificates trusted instead of the default ones. */
  ca?: string;
  strictSSL?: boolean;
}

/** npm's settings read for the transport; every other key is the registry client's (registries, auth). */
export const TRANSPORT_KEYS: ReadonlySet<string> = new Set(['proxy', 'https-proxy', 'noproxy', 'strict-ssl', 'cafile', 'ca', 'fetch-timeout', 'fetch-retries']);

/** How long a request may wait and how often a failed one is tried again, where the npm configuration says. */
export interface FetchLimits {
  /** Milliseconds; deptrust's timeout is one of inactivity (net/http.ts). */
  timeoutMs?: number;
  retries?: number;
}

/**
 * npm's `fetch-timeout` (milliseconds) and `fetch-retries`, when set to a
 * whole number. npm's timeout bounds a whole request; deptrust's bounds each
 * wait (for the answer, then for more of its body), so the same number never
 * cuts a request npm would have let finish before it stalled that long, and
 * a long download that keeps coming goes on (`--deadline` bounds the whole
 * command). `fetch-timeout=0`, npm's "never", is left out: deptrust keeps its
 * own timeout, as a stalled connection must end. Values npm would reject (not
 * a number) are left out too, as npm leaves them.
 */
export function fetchLimits(npm: Readonly<Record<string, string>>): FetchLimits {
  const limits: FetchLimits = {};
  const timeout = wholeNumber(npm['fetch-timeout']);
  if (timeout !== undefined && timeout > 0) limits.timeoutMs = timeout;
  const retries = wholeNumber(npm['fetch-retries']);
  if (retries !== undefined) limits.retries = retries;
  return limits;
}

function wholeNumber(value: string | undefined): number | undefined {
  return value !== undefined && /^\s*\d+\s*$/.test(value) ? Number(value) : undefined;
}

/**
 * The transport settings of npm's flattened configuration (keys as in
 * `.npmrc`): `https-proxy` over `proxy`, `noproxy`, `strict-ssl`, and the
 * certificates of `cafile` over those of `ca`. An unreadable cafile is a
 * configuration error: ignoring it would trust the default CAs where the
 * user chose others (or fail every request for no visible reason).
 */
export function transportSettings(npm: Readonly<Record<string, string>>): TransportSettings {
  const settings: TransportSettings = {};
  const proxy = npm['https-proxy'] || npm['proxy'];
  if (proxy) settings.proxy = proxy;
  if (npm['noproxy']) settings.noProxy = npm['noproxy'];
  if (npm['strict-ssl'] !== undefined) settings.strictSSL = npm['strict-ssl'] !== 'false';
  if (npm['ca']) settings.ca = npm['ca'];
  const cafile = npm['cafile'];
  if (cafile) {
    try {
      settings.ca = readFileSync(cafile, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read the cafile ${cafile} set in the npm configuration: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
  return settings;
}
