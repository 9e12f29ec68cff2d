import npmFetch from 'npm-registry-fetch';
import type { RegistryInfo } from '../model/packument.js';
import { HostHealth, isConnectionFailure } from '../net/host-health.js';
import { MAX_RESPONSE_BYTES, readCapped } from '../net/read-capped.js';
import { TRANSPORT_KEYS, transportSettings } from '../net/transport-settings.js';
import type { RegistryCache } from '../store/registry-cache.js';
import { registryFor, type RegistryOptions } from './npm-config.js';
import { summarisePackument } from './summarise-packument.js';

// The only importer of npm-registry-fetch: the registry client npm and
// arborist use, so scoped registries, auth tokens and proxies from .npmrc
// work as they do for npm itself.

export interface RegistryClientOptions {
  npm: RegistryOptions;
  cache: RegistryCache;
  /** Cached packuments younger than this are used without asking (default 24 h). */
  ttlMs: number;
  /** Read the cache only. */
  offline: boolean;
  concurrency: number;
  timeoutMs: number;
  /** Retries of a failed request (429, 5xx, network errors); `--retries` / `DEPTRUST_RETRIES`, default 2. */
  retries?: number;
  now: () => Date;
  onProgress?: (done: number, total: number) => void;
  /** The command's overall deadline (`--deadline`): once it has passed, what remains is unknown, without asking. */
  signal?: AbortSignal;
  /** Starts the deadline's clock (at the first request of the command). */
  startDeadline?: () => void;
  /** Connection failures per host, shared by every fetch of the command: a host that keeps failing is not asked again. */
  hosts?: HostHealth;
  /** The largest packument read (default MAX_RESPONSE_BYTES). */
  maxBytes?: number;
  /** Packages whose lockfile entries came from another registry than the configured one, and that registry (resolved-registries.ts). */
  resolvedRegistries?: ReadonlyMap<string, string>;
}

/**
 * Packuments for many packages: from the cache while fresh, revalidated with
 * the ETag when stale (a 304 keeps the cached copy), fetched otherwise, with
 * bounded concurrency. A failure for one package makes it `unknown`; it never
 * fails the scan.
 */
export async function fetchRegistryInfo(names: readonly string[], options: RegistryClientOptions): Promise<Map<string, RegistryInfo>> {
  const unique = [...new Set(names)].sort();
  // Read once, and before any request: an unreadable cafile is a configuration error, not 581 unknown packages.
  const transport = fetchOptions(options.npm);
  const hosts = options.hosts ?? new HostHealth();
  if (!options.offline) options.startDeadline?.();
  const infos = new Array<RegistryInfo>(unique.length);
  let done = 0;
  const queue = unique.entries();
  const worker = async (): Promise<void> => {
    for (const [index, name] of queue) {
      infos[index] = await infoFor(name, options, transport, hosts);
      options.onProgress?.(++done, unique.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, unique.length) }, worker));
  // Built in name order, whatever order the answers came in.
  return new Map(unique.map((name, index) => [name, infos[index] ?? { status: 'unknown', reason: 'not fetched' }]));
}

async function infoFor(name: string, options: RegistryClientOptions, transport: Record<string, unknown>, hosts: HostHealth): Promise<RegistryInfo> {
  const resolvedRegistry = options.resolvedRegistries?.get(name);
  const registry = resolvedRegistry ?? registryFor(name, options.npm);
  const cached = options.cache.get(name, registry);
  const fromCache = (): RegistryInfo | undefined => {
    if (!cached) return undefined;
    if (cached.status === 404) return { status: 'not-found' };
    return cached.packument ? { status: 'found', packument: cached.packument } : undefined;
  };
  const fresh = cached && options.now().getTime() - Date.parse(cached.fetchedAt) < options.ttlMs;
  if (fresh || options.offline) return fromCache() ?? { status: 'unknown', reason: options.offline ? 'offline and not cached' : 'not cached' };
  // Stale copies are better than nothing when the registry cannot be asked.
  if (options.signal?.aborted) return fromCache() ?? { status: 'unknown', reason: 'the --deadline was reached' };
  const givenUp = hosts.unavailable(registry);
  if (givenUp) return fromCache() ?? { status: 'unknown', reason: `registry not asked again (${givenUp})` };
  const url = `${registry.replace(/\/+$/, '')}/${name.replace('/', '%2f')}`;
  try {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (cached?.etag) headers['if-none-match'] = cached.etag;
    // A path is resolved against the configured registry for the name (its scope's, else npm's); a full URL is asked as is,
    // with the credentials .npmrc gives its host.
    const response = await npmFetch(resolvedRegistry === undefined ? `/${name.replace('/', '%2f')}` : url, {
      ...transport,
      spec: name,
      headers,
      timeout: options.timeoutMs,
      ...(options.signal ? { signal: options.signal } : {}),
      retry: { retries: options.retries ?? 2, factor: 2, minTimeout: 200, maxTimeout: 2000 },
      // npm-registry-fetch throws on non-2xx unless told which statuses are fine.
      ignoreBody: false,
    });
    if (response.status === 304) {
      options.cache.touch(name, options.now());
      return fromCache() ?? { status: 'unknown', reason: '304 without a cached copy' };
    }
    hosts.succeeded(registry);
    // A packument is read whole (it is JSON) but never past the cap: a huge or endless answer is an unknown package, not exhausted memory.
    const body = await readCapped(response.body, url, options.maxBytes ?? MAX_RESPONSE_BYTES, () => response.body.destroy?.());
    const packument = summarisePackument(name, JSON.parse(body.toString('utf8')) as unknown, options.cache.detail);
    options.cache.put({ name, registry, etag: response.headers.get('etag') ?? undefined, fetchedAt: options.now().toISOString(), status: 200, packument });
    return { status: 'found', packument };
  } catch (error) {
    const status = error && typeof error === 'object' && 'statusCode' in error ? Number(error.statusCode) : undefined;
    if (options.signal?.aborted) return fromCache() ?? { status: 'unknown', reason: 'the --deadline was reached' };
    if (status === undefined && isConnectionFailure(error)) hosts.failed(registry, firstLine(error));
    else hosts.succeeded(registry);
    if (status === 304) {
      options.cache.touch(name, options.now());
      return fromCache() ?? { status: 'unknown', reason: '304 without a cached copy' };
    }
    if (status === 404) {
      options.cache.put({ name, registry, etag: undefined, fetchedAt: options.now().toISOString(), status: 404, packument: undefined });
      return { status: 'not-found' };
    }
    // Use a stale copy rather than nothing.
    return fromCache() ?? { status: 'unknown', reason: firstLine(error) };
  }
}

function firstLine(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? 'error') : String(error);
}


/**
 * npm's config keys as npm-registry-fetch takes them: auth keys
 * (`//host/:_authToken`) and `@scope:registry` pass through; the proxy and
 * TLS settings are the transport's (src/net/transport-settings.ts), the same
 * for the OSV traffic.
 */
export function fetchOptions(npm: RegistryOptions): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(npm)) if (!TRANSPORT_KEYS.has(key)) options[key] = value;
  return { ...options, ...transportSettings(npm) };
}
