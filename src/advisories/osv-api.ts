import { NPM_ECOSYSTEM, type OsvRecord } from '../model/advisory.js';
import { NetworkError } from '../model/errors.js';
import type { ApiRecordRepository } from '../store/api-record-repository.js';
import { DEFAULT_RETRY, fetchWithRetry, mapLimited, readText, type RetryOptions } from '../net/http.js';
import { validateOsvRecord } from './validate-osv.js';
import { isRecord } from '../model/json.js';

export const DEFAULT_OSV_API = 'https://api.osv.dev';
/** The API accepts at most 1,000 queries per batch (OSV API docs, "querybatch"). */
export const MAX_BATCH = 1000;
/**
 * Pages followed for one batch. The API pages a query past about a thousand
 * results, and no npm package has a fraction of that many advisories; a
 * server that keeps sending `next_page_token` kept the scan asking for ever.
 */
export const MAX_PAGES = 100;

export interface PackageVersion {
  name: string;
  version: string;
}

export interface OsvApiOptions {
  baseUrl: string;
  retry: RetryOptions;
  /** Concurrent `GET /v1/vulns/{id}` requests. */
  concurrency: number;
  now: () => Date;
  onProgress?: (done: number, total: number, phase: 'query' | 'hydrate') => void;
}

interface BatchResult {
  vulns?: Array<{ id: string; modified?: string }>;
  next_page_token?: string;
}

/**
 * The OSV API client (https://google.github.io/osv.dev/api/): which advisories
 * affect each package version (`POST /v1/querybatch`, chunked and paged),
 * then the full records (`GET /v1/vulns/{id}`), cached in the store by id and
 * `modified` so unchanged records are never fetched twice.
 */
export class OsvApiClient {
  readonly #options: OsvApiOptions;
  readonly #cache: ApiRecordRepository | undefined;

  constructor(options: OsvApiOptions, cache?: ApiRecordRepository) {
    this.#options = options;
    this.#cache = cache;
  }

  /** Advisory ids (with their `modified`) per query, in query order. */
  async queryBatch(packages: readonly PackageVersion[]): Promise<Array<Array<{ id: string; modified?: string }>>> {
    const results: Array<Array<{ id: string; modified?: string }>> = packages.map(() => []);
    for (let start = 0; start < packages.length; start += MAX_BATCH) {
      // Queries still paging: index into `packages` and their page token.
      let pending: Array<{ index: number; token?: string }> = packages.slice(start, start + MAX_BATCH).map((_, offset) => ({ index: start + offset }));
      for (let page = 0; pending.length > 0; page++) {
        if (page === MAX_PAGES) throw new NetworkError(`the OSV API kept paging querybatch past ${MAX_PAGES} pages`, this.#url('/v1/querybatch'));
        const body = {
          queries: pending.map(({ index, token }) => {
            const pkg = packages[index];
            return { package: { name: pkg?.name, ecosystem: NPM_ECOSYSTEM }, version: pkg?.version, ...(token ? { page_token: token } : {}) };
          }),
        };
        const answer = await this.#postJson('/v1/querybatch', body);
        const batch = isRecord(answer) && Array.isArray(answer['results']) ? (answer['results'] as unknown[]) : undefined;
        // Every result an object whose `vulns`, if any, is a list: anything else (null, "vulns": {}) is no answer, not "no advisories".
        if (!batch || batch.length !== pending.length || !batch.every(isBatchResult)) throw new NetworkError('the OSV API answered querybatch with an unexpected shape', this.#url('/v1/querybatch'));
        const next: Array<{ index: number; token?: string }> = [];
        batch.forEach((result, position) => {
          const query = pending[position];
          if (!query) return;
          for (const vuln of result.vulns ?? []) if (typeof vuln?.id === 'string') results[query.index]?.push(vuln);
          if (typeof result.next_page_token === 'string' && result.next_page_token) next.push({ index: query.index, token: result.next_page_token });
        });
        pending = next;
      }
      this.#options.onProgress?.(Math.min(packages.length, start + MAX_BATCH), packages.length, 'query');
    }
    return results;
  }

  /** Full records for these ids: from the cache when its `modified` is current, else from the API. */
  async hydrate(ids: ReadonlyArray<{ id: string; modified?: string }>): Promise<OsvRecord[]> {
    const unique = [...new Map(ids.map((v) => [v.id, v])).values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    let done = 0;
    const records = await mapLimited(unique, this.#options.concurrency, async ({ id, modified }) => {
      const cached = this.#cache?.get(id);
      let record: OsvRecord | undefined;
      if (cached && (modified === undefined || Date.parse(cached.modified) >= Date.parse(modified))) record = parseRecord(cached.json);
      if (!record) {
        const answer = await this.#getJson(`/v1/vulns/${encodeURIComponent(id)}`);
        const result = validateOsvRecord(answer);
        if (result.kind === 'invalid') throw new NetworkError(`the OSV API returned an invalid record for ${id}: ${result.reason}`, this.#url(`/v1/vulns/${id}`));
        if (result.kind === 'npm') {
          record = result.record;
          this.#cache?.put({ id, modified: record.modified, json: JSON.stringify(record) }, this.#options.now());
        }
      }
      this.#options.onProgress?.(++done, unique.length, 'hydrate');
      return record;
    });
    return records.filter((record): record is OsvRecord => record !== undefined);
  }

  async #postJson(path: string, body: unknown): Promise<unknown> {
    return this.#json(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }

  async #getJson(path: string): Promise<unknown> {
    return this.#json(path, { method: 'GET' });
  }

  async #json(path: string, init: RequestInit): Promise<unknown> {
    const url = this.#url(path);
    const response = await fetchWithRetry(url, { ...init, headers: { accept: 'application/json', ...(init.headers ?? {}) } }, this.#options.retry);
    if (!response.ok) throw new NetworkError(`the OSV API answered ${url} with HTTP ${response.status}`, url, response.status);
    const text = await readText(response, url);
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new NetworkError(`the OSV API answered ${url} with invalid JSON`, url, response.status, { cause: error });
    }
  }

  #url(path: string): string {
    return `${this.#options.baseUrl.replace(/\/+$/, '')}${path}`;
  }
}

/** Every advisory the API knows for these package versions, hydrated. */
export async function advisoriesFromApi(client: OsvApiClient, packages: readonly PackageVersion[]): Promise<OsvRecord[]> {
  const perQuery = await client.queryBatch(packages);
  return client.hydrate(perQuery.flat());
}

export function defaultApiOptions(overrides: Partial<OsvApiOptions> = {}): OsvApiOptions {
  return { baseUrl: DEFAULT_OSV_API, retry: DEFAULT_RETRY, concurrency: 8, now: () => new Date(), ...overrides };
}

function isBatchResult(value: unknown): value is BatchResult {
  return isRecord(value) && (value['vulns'] === undefined || Array.isArray(value['vulns']));
}

function parseRecord(json: string): OsvRecord | undefined {
  try {
    const result = validateOsvRecord(JSON.parse(json));
    return result.kind === 'npm' ? result.record : undefined;
  } catch {
    return undefined;
  }
}
