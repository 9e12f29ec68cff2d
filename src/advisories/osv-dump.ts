import path from 'node:path';
import { NPM_ECOSYSTEM } from '../model/advisory.js';
import { DataError, NetworkError, UsageError } from '../model/errors.js';
import type { AdvisoryRepository, StoredAdvisory } from '../store/advisory-repository.js';
import type { MetaRepository } from '../store/meta-repository.js';
import { makeTemporaryFolder, removeTemporaryFolder } from '../net/temporary-folders.js';
import { forgetDownloadFailure, rememberDownloadFailure } from './download-failure.js';
import { fetchWithRetry, mapLimited, readText, saveBody, type RetryOptions } from '../net/http.js';
import { emptyStats, importAdvisories, MAX_RECORD_BYTES, tally, type ImportStats, type RateSeverities } from './import-advisories.js';
import { parseRecordText } from './parse-record-text.js';

export const DEFAULT_OSV_DUMP = 'https://osv-vulnerabilities.storage.googleapis.com';
/** Within this age an update fetches only what `modified_id.csv` says changed. */
export const INCREMENTAL_WINDOW_MS = 7 * 24 * 3600 * 1000;
/** Past this many changed records one full download is cheaper than single files. */
export const MAX_INCREMENTAL_RECORDS = 2_000;
/** OSV's npm all.zip is a few hundred MiB; a download past this is not it (or never ends) and is stopped. */
export const MAX_DUMP_BYTES = 4 * 1024 * 1024 * 1024;

export const META = {
  etag: 'dump.etag',
  lastModified: 'dump.last_modified',
  lastUpdate: 'dump.last_update',
  newestModified: 'dump.newest_modified',
  source: 'dump.source',
} as const;

export interface DumpOptions {
  baseUrl: string;
  retry: RetryOptions;
  concurrency: number;
  now: () => Date;
  /** The largest all.zip downloaded (default MAX_DUMP_BYTES). */
  maxBytes?: number;
  /** Always download all.zip, even when an incremental update would do. */
  full?: boolean;
  onDownload?: (received: number, total: number | undefined) => void;
  onImport?: (stats: Readonly<ImportStats>) => void;
  onNote?: (message: string) => void;
  /** Told once when another process holds the database's write lock and the update waits for it. */
  onWait?: () => void;
  /** Rates each record's CVSS entries at import (see ImportOptions.rate). */
  rate?: RateSeverities;
}

export type UpdateResult =
  | { mode: 'not-modified' }
  | { mode: 'full'; bytes: number; stats: ImportStats }
  | { mode: 'incremental'; changed: number; stats: ImportStats };

/**
 * `deptrust db update`: OSV's npm dump. A recent database is brought up to
 * date from `npm/modified_id.csv` (one `<modified>,<id>` line per record,
 * newest first), fetching only the changed `npm/<ID>.json`; otherwise
 * `npm/all.zip` is downloaded with a conditional request (ETag /
 * Last-Modified) and imported as a new generation.
 */
export async function updateFromOsvDump(repository: AdvisoryRepository, meta: MetaRepository, options: DumpOptions): Promise<UpdateResult> {
  let result: UpdateResult;
  try {
    result = await updateOnce(repository, meta, options);
  } catch (error) {
    // Remembered so that scans do not wait through the same failure again (REMEMBER_FAILURE_MS).
    if (error instanceof NetworkError) rememberDownloadFailure(meta, options.baseUrl, error.message, options.now());
    throw error;
  }
  forgetDownloadFailure(meta);
  return result;
}

async function updateOnce(repository: AdvisoryRepository, meta: MetaRepository, options: DumpOptions): Promise<UpdateResult> {
  const lastUpdate = Date.parse(meta.get(META.lastUpdate) ?? '');
  const recent = Number.isFinite(lastUpdate) && options.now().getTime() - lastUpdate < INCREMENTAL_WINDOW_MS;
  if (!options.full && recent && repository.currentGeneration() && meta.get(META.source) === options.baseUrl) {
    const incremental = await tryIncremental(repository, meta, options);
    if (incremental) return incremental;
  }
  return fullUpdate(repository, meta, options);
}

async function tryIncremental(repository: AdvisoryRepository, meta: MetaRepository, options: DumpOptions): Promise<UpdateResult | undefined> {
  const since = Date.parse(meta.get(META.newestModified) ?? meta.get(META.lastUpdate) ?? '');
  const csvUrl = `${base(options)}/${NPM_ECOSYSTEM}/modified_id.csv`;
  const response = await fetchWithRetry(csvUrl, {}, options.retry);
  if (!response.ok) {
    options.onNote?.(`${csvUrl} answered HTTP ${response.status}; downloading the full dump instead`);
    return undefined;
  }
  const changed: Array<{ id: string; modified: string }> = [];
  for (const line of (await readText(response, csvUrl)).split('\n')) {
    const [modified, id] = line.trim().split(',');
    if (!modified || !id) continue;
    if (!(Date.parse(modified) > since)) break; // newest first: the rest is older
    changed.push({ id, modified });
    if (changed.length > MAX_INCREMENTAL_RECORDS) {
      options.onNote?.(`more than ${MAX_INCREMENTAL_RECORDS} records changed; downloading the full dump instead`);
      return undefined;
    }
  }
  const fetched = await mapLimited(changed, options.concurrency, async ({ id }) => {
    const url = `${base(options)}/${NPM_ECOSYSTEM}/${encodeURIComponent(id)}.json`;
    const answer = await fetchWithRetry(url, {}, options.retry);
    if (answer.status === 404) return undefined; // removed since the list was written
    if (!answer.ok) throw new NetworkError(`${url} answered HTTP ${answer.status}`, url, answer.status);
    return { id, text: await readText(answer, url) };
  });
  // Compared with what is stored and written under the write lock, like `db import`.
  return repository.exclusively(async () => {
    const stats = emptyStats();
    const known = repository.modifiedById();
    // The same parsing, validation and counting as `db import`.
    const advisories = fetched
      .flatMap((item) => (item ? parseRecordText(`${item.id}.json`, item.text, MAX_RECORD_BYTES) : []))
      .map((item) => tally(item, stats, known, 'merge', options.rate))
      .filter((advisory): advisory is StoredAdvisory => advisory !== undefined);
    repository.upsertIntoCurrent(advisories, NPM_ECOSYSTEM);
    const newest = changed[0]?.modified;
    if (newest) meta.set(META.newestModified, newest);
    meta.set(META.lastUpdate, options.now().toISOString());
    return { mode: 'incremental', changed: changed.length, stats };
  }, options.onWait);
}

async function fullUpdate(repository: AdvisoryRepository, meta: MetaRepository, options: DumpOptions): Promise<UpdateResult> {
  const url = `${base(options)}/${NPM_ECOSYSTEM}/all.zip`;
  const sameSource = meta.get(META.source) === options.baseUrl && repository.currentGeneration() !== undefined;
  const headers: Record<string, string> = {};
  const etag = meta.get(META.etag);
  const lastModified = meta.get(META.lastModified);
  if (sameSource && etag) headers['if-none-match'] = etag;
  if (sameSource && lastModified) headers['if-modified-since'] = lastModified;

  const work = makeTemporaryFolder('deptrust-dump-');
  const file = path.join(work, 'all.zip');
  try {
    // A cut-off download is retried like a failed request.
    let bytes = 0;
    let response: Response | undefined;
    for (let attempt = 0; ; attempt++) {
      response = await fetchWithRetry(url, { headers }, options.retry);
      if (response.status === 304) {
        meta.set(META.lastUpdate, options.now().toISOString());
        return { mode: 'not-modified' };
      }
      if (!response.ok) throw new NetworkError(`${url} answered HTTP ${response.status}`, url, response.status);
      try {
        bytes = await saveBody(response, file, url, options.onDownload, options.maxBytes ?? MAX_DUMP_BYTES);
        break;
      } catch (error) {
        if (attempt >= options.retry.retries) throw error;
        options.onNote?.(`${error instanceof Error ? error.message : String(error)}; retrying`);
      }
    }
    let stats: ImportStats;
    try {
      stats = await importAdvisories(repository, { kind: 'zip', file }, {
        mode: 'replace',
        label: url,
        now: options.now,
        ...(options.onImport ? { onProgress: options.onImport } : {}),
        ...(options.onWait ? { onWait: options.onWait } : {}),
        ...(options.rate ? { rate: options.rate } : {}),
      });
    } catch (error) {
      // A download that is not a zip is a data problem of the server's, not a usage error.
      if (error instanceof UsageError) throw new DataError(`the file downloaded from ${url} is unusable: ${error.message}`, { cause: error });
      throw error;
    }
    meta.set(META.etag, response.headers.get('etag') ?? undefined);
    meta.set(META.lastModified, response.headers.get('last-modified') ?? undefined);
    meta.set(META.source, options.baseUrl);
    meta.set(META.lastUpdate, options.now().toISOString());
    meta.set(META.newestModified, undefined);
    return { mode: 'full', bytes, stats };
  } finally {
    removeTemporaryFolder(work);
  }
}

function base(options: DumpOptions): string {
  return options.baseUrl.replace(/\/+$/, '');
}
