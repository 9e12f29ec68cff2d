import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { makeTemporaryFolder, removeTemporaryFolder } from '../net/temporary-folders.js';
import path from 'node:path';
import { UsageError } from '../model/errors.js';
import { downloadFile } from '../net/http.js';
import { importAdvisories, type ImportSource, type ImportStats } from '../advisories/import-advisories.js';
import { updateFromOsvDump, type UpdateResult } from '../advisories/osv-dump.js';
import { rateSeverities } from '../match/severity.js';
import { AdvisoryRepository } from '../store/advisory-repository.js';
import type { Db } from '../store/db.js';
import { MetaRepository } from '../store/meta-repository.js';
import type { UpdateCallbacks } from './advisory-source.js';
import { ageInDays } from './data-age.js';
import type { NetworkSettings } from './network-settings.js';

export interface ImportCallbacks {
  /** Bytes of a source given as a URL, while it downloads. */
  onDownload?: (received: number, total: number | undefined) => void;
  onImport?: (stats: Readonly<ImportStats>) => void;
  /** Told once when another process holds the database's write lock and the import waits for it. */
  onWait?: () => void;
}

/**
 * `deptrust db import`: a zip, a folder or a file of OSV records (a local
 * path read in place, or an http(s) URL downloaded to a temporary file that
 * is always removed), added to what is stored.
 */
export async function importAdvisoryData(db: Db, source: string, network: NetworkSettings, now: () => Date, callbacks: ImportCallbacks = {}): Promise<ImportStats> {
  const { onImport, onWait } = callbacks;
  const importFrom = (resolved: ImportSource, label: string): Promise<ImportStats> =>
    importAdvisories(new AdvisoryRepository(db), resolved, { mode: 'merge', label, now, rate: rateSeverities, ...(onImport ? { onProgress: onImport } : {}), ...(onWait ? { onWait } : {}) });
  if (/^https?:\/\//i.test(source)) {
    const work = makeTemporaryFolder('deptrust-import-');
    try {
      const file = path.join(work, 'download');
      await downloadFile(source, file, network.retry, (received, total) => callbacks.onDownload?.(received, total));
      return await importFrom({ kind: looksLikeZip(file) ? 'zip' : 'file', file }, source);
    } finally {
      removeTemporaryFolder(work);
    }
  }
  const resolved = path.resolve(source);
  if (!existsSync(resolved)) throw new UsageError(`no such file or folder: ${source}`);
  const stats = statSync(resolved);
  if (stats.isDirectory()) return importFrom({ kind: 'directory', dir: resolved }, resolved);
  // Refused before any open: opening a FIFO blocks until a writer comes (SIGTERM cannot end a
  // synchronous open), and a device such as /dev/zero never ends.
  if (!stats.isFile()) throw new UsageError(`${source} is not a regular file or folder: nothing to import`);
  return importFrom({ kind: looksLikeZip(resolved) ? 'zip' : 'file', file: resolved }, resolved);
}

/** Zip files start with a local file header, "PK\x03\x04" (or "PK\x05\x06" when empty). */
function looksLikeZip(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(4);
    readSync(fd, header, 0, 4, 0);
    return header[0] === 0x50 && header[1] === 0x4b && (header[2] === 3 || header[2] === 5);
  } finally {
    closeSync(fd);
  }
}

/** `deptrust db update`: OSV's npm dump, incrementally when recent. */
export async function updateAdvisoryData(db: Db, network: NetworkSettings, now: () => Date, callbacks: UpdateCallbacks & { full?: boolean }): Promise<UpdateResult> {
  return updateFromOsvDump(new AdvisoryRepository(db), new MetaRepository(db), {
    baseUrl: network.dumpUrl,
    retry: network.retry,
    concurrency: network.concurrency,
    now,
    rate: rateSeverities,
    ...callbacks,
  });
}

/** Whether the local database holds advisories (a completed import or update). */
export function hasAdvisoryData(db: Db): boolean {
  return new AdvisoryRepository(db).currentGeneration() !== undefined;
}

/** What `deptrust db status` reports: counts, where the data came from, when it was last updated and how old it is. */
export interface AdvisoryDataStatus {
  advisories: number;
  withdrawn: number;
  packages: number;
  source: string | null;
  lastUpdate: string | null;
  ageDays: number | null;
}

export function advisoryDataStatus(db: Db, now: Date): AdvisoryDataStatus {
  const repository = new AdvisoryRepository(db);
  const generation = repository.currentGeneration();
  const counts = repository.counts();
  const lastUpdate = new MetaRepository(db).get('dump.last_update') ?? generation?.completedAt;
  return {
    advisories: counts.advisories,
    withdrawn: counts.withdrawn,
    packages: counts.packages,
    source: generation?.source ?? null,
    lastUpdate: lastUpdate ?? null,
    ageDays: lastUpdate ? ageInDays(lastUpdate, now) : null,
  };
}
