import { DataError, UsageError } from '../model/errors.js';
import type { ImportStats } from '../advisories/import-advisories.js';
import { OsvApiClient } from '../advisories/osv-api.js';
import { recentDownloadFailure } from '../advisories/download-failure.js';
import { updateFromOsvDump } from '../advisories/osv-dump.js';
import { apiProvider, databaseProvider, sampleProvider, type AdvisoryProvider } from '../advisories/providers.js';
import { rateSeverities } from '../match/severity.js';
import { AdvisoryRepository } from '../store/advisory-repository.js';
import { ApiRecordRepository } from '../store/api-record-repository.js';
import type { Db } from '../store/db.js';
import { MetaRepository } from '../store/meta-repository.js';
import { SAMPLE_FILE } from './data-files.js';
import type { NetworkSettings } from './network-settings.js';
import type { SampleReason, Warning } from '../model/warning.js';

export interface DataSourceOptions {
  db: Db;
  source: 'local' | 'api';
  offline: boolean;
  network: NetworkSettings;
  now: () => Date;
  warn: (warning: Warning) => void;
  /** Called before an automatic `db update` on an empty database. */
  onAutoUpdate?: () => UpdateCallbacks;
}

export interface UpdateCallbacks {
  onDownload?: (received: number, total: number | undefined) => void;
  onImport?: (stats: Readonly<ImportStats>) => void;
  onNote?: (message: string) => void;
  onWait?: () => void;
  done?: () => void;
}

/**
 * Where advisories come from: the local database; if it is empty and the
 * network may be used, a `db update` first; if that fails too, the built-in
 * sample with a loud warning. `--offline` never touches the network, and an
 * empty database while offline is a data error (exit 3): a security scan
 * must not pass for lack of data. `--source api` asks the OSV API and falls
 * back to the local data when it fails.
 */
export async function chooseAdvisoryProvider(options: DataSourceOptions): Promise<AdvisoryProvider> {
  const repository = new AdvisoryRepository(options.db);
  const meta = new MetaRepository(options.db);
  if (options.source === 'api' && options.offline) throw new UsageError('--source api needs the network; it cannot be combined with --offline');
  const local = async (): Promise<AdvisoryProvider> => {
    if (repository.currentGeneration()) return databaseProvider(repository, meta);
    if (options.offline) {
      throw new DataError('no advisory data in the database and --offline is set: run "deptrust db import <OSV zip>" or "deptrust db update" first');
    }
    const fallback = (reason: SampleReason): AdvisoryProvider => {
      const sample = sampleProvider(SAMPLE_FILE);
      options.warn({ code: 'advisory-sample-used', sample: sample.info().description, reason });
      return sample;
    };
    if (options.db.readonly) return fallback({ kind: 'database-read-only' });
    // A download that failed a moment ago would fail again: one line instead of the same wait scan after scan.
    const failed = recentDownloadFailure(meta, options.network.dumpUrl, options.now());
    if (failed) {
      return fallback({ kind: 'download-failed-recently', at: failed.at, error: failed.reason, retryAfter: failed.retryAfter });
    }
    const callbacks = options.onAutoUpdate?.() ?? {};
    try {
      await updateFromOsvDump(repository, meta, {
        baseUrl: options.network.dumpUrl,
        retry: options.network.retry,
        concurrency: options.network.concurrency,
        now: options.now,
        rate: rateSeverities,
        ...callbacks,
      });
      callbacks.done?.();
      return databaseProvider(repository, meta);
    } catch (error) {
      callbacks.done?.();
      if (!(error instanceof DataError)) throw error;
      return fallback({ kind: 'download-failed', error: error.message });
    }
  };
  if (options.source === 'api') {
    const client = new OsvApiClient(
      { baseUrl: options.network.apiUrl, retry: options.network.retry, concurrency: options.network.concurrency, now: options.now },
      new ApiRecordRepository(options.db),
    );
    const fallback = repository.currentGeneration() ? databaseProvider(repository, meta) : sampleProvider(SAMPLE_FILE);
    return apiProvider(client, options.network.apiUrl, fallback, (error) => options.warn({ code: 'osv-api-failed', error, fallback: fallback.info().description }), options.now);
  }
  return local();
}
