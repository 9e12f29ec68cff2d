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
export const TRANSPORT_KEYS: ReadonlySet<string> = new Set(['proxy', 'https-proxy', 'noproxy', 'strict-ssl', 'cafile', 'ca']);

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
