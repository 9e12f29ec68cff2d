import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { isRegularFile } from '../files/read-input-file.js';
import { NPM_ECOSYSTEM, type OsvSeverity } from '../model/advisory.js';
import type { SeverityRating } from '../model/finding.js';
import { describeFsError, UsageError } from '../model/errors.js';
import type { AdvisoryRepository, StoredAdvisory } from '../store/advisory-repository.js';
import { parseRecordText, type ParsedItem } from './parse-record-text.js';
import type { WorkerMessage } from './zip-parse-worker.js';

/** No real OSV record comes near this; a larger entry is rejected without being read. */
export const MAX_RECORD_BYTES = 8 * 1024 * 1024;
const INVALID_SAMPLES = 5;

export interface ImportStats {
  /** Records read (a file holding a list counts each item). */
  read: number;
  added: number;
  updated: number;
  unchanged: number;
  /** Older than the copy already stored (merge mode keeps the newer one). */
  older: number;
  otherEcosystem: number;
  invalid: number;
  /** The first few reasons, `<file>: <reason>`. */
  invalidSamples: string[];
}

export type ImportSource = { kind: 'zip'; file: string } | { kind: 'directory'; dir: string } | { kind: 'file'; file: string };

export interface ImportOptions {
  /** `replace`: the source is a full dump (OSV's all.zip). `merge`: add to what is stored. */
  mode: 'merge' | 'replace';
  /** Where the data came from, recorded with the generation. */
  label: string;
  now: () => Date;
  onProgress?: (stats: Readonly<ImportStats>) => void;
  /** Told once when another process holds the database's write lock and this import waits for it. */
  onWait?: () => void;
  /** Rates a record's CVSS entries, stored with it so that scans need not (matching's rateSeverities). */
  rate?: RateSeverities;
}

export type RateSeverities = (entries: readonly OsvSeverity[]) => readonly SeverityRating[];

export function emptyStats(): ImportStats {
  return { read: 0, added: 0, updated: 0, unchanged: 0, older: 0, otherEcosystem: 0, invalid: 0, invalidSamples: [] };
}

/**
 * Imports OSV records into a new generation and switches to it only when
 * everything was read, so an interrupted or failed import leaves the previous
 * data in use. Re-importing the same data changes nothing (by id and `modified`).
 */
export async function importAdvisories(repository: AdvisoryRepository, source: ImportSource, options: ImportOptions): Promise<ImportStats> {
  // What is stored is read and merged under the write lock: a concurrent import either finished before or waits.
  return repository.exclusively(() => importLocked(repository, source, options), options.onWait);
}

async function importLocked(repository: AdvisoryRepository, source: ImportSource, options: ImportOptions): Promise<ImportStats> {
  const stats = emptyStats();
  const known = repository.modifiedById();
  const writer = repository.beginGeneration(options.label, options.mode === 'merge', options.now());
  const store = (items: readonly ParsedItem[]): void => {
    const before = stats.read;
    for (const item of items) {
      const advisory = tally(item, stats, known, options.mode, options.rate);
      if (advisory) writer.put(advisory, NPM_ECOSYSTEM);
    }
    if (options.onProgress && Math.floor(stats.read / 1000) !== Math.floor(before / 1000)) options.onProgress(stats);
  };
  try {
    if (source.kind === 'zip') {
      await readZip(source.file, store);
    } else if (source.kind === 'directory') {
      for (const file of jsonFilesUnder(source.dir)) store(parseRecordText(path.relative(source.dir, file), readBounded(file), MAX_RECORD_BYTES));
    } else {
      store(parseRecordText(path.basename(source.file), readBounded(source.file), MAX_RECORD_BYTES));
    }
    // A merge that changed nothing keeps the current generation (and its date): nothing was stored.
    if (options.mode === 'merge' && stats.added + stats.updated === 0) writer.abort();
    else writer.commit(options.now());
  } catch (error) {
    writer.abort();
    throw error;
  }
  options.onProgress?.(stats);
  return stats;
}

/**
 * Archives from this size on are read in a worker thread (inflated, parsed and
 * validated on the second core while this thread writes); smaller ones here,
 * since starting a worker (a Node environment and the parser's modules) costs
 * more than reading them.
 */
export const ZIP_WORKER_FROM_BYTES = 4 * 1024 * 1024;

/** Whether `readZip` reads this archive in a worker thread. */
export function readsZipInWorker(file: string): boolean {
  return fileSize(file) >= ZIP_WORKER_FROM_BYTES;
}

async function readZip(file: string, store: (items: readonly ParsedItem[]) => void): Promise<void> {
  if (readsZipInWorker(file)) return parseZipInWorker(file, store);
  // Loaded here: a scan imports this module (the built-in sample) and never reads a zip.
  const { readZipRecords, ZipFormatError } = await import('./zip-records.js');
  try {
    await readZipRecords(file, MAX_RECORD_BYTES, store);
  } catch (error) {
    throw error instanceof ZipFormatError ? unreadableZip(file, error.message) : error;
  }
}

/** 0 when it cannot be read: the reader then says why. */
function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function unreadableZip(file: string, reason: string): UsageError {
  return new UsageError(`${file} is not a readable zip archive: ${reason}`);
}

/** Zip entries are inflated, parsed and validated in a worker thread; this thread writes them. */
function parseZipInWorker(file: string, store: (items: readonly ParsedItem[]) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./zip-parse-worker.js', import.meta.url), { workerData: { file, maxBytes: MAX_RECORD_BYTES } });
    let settled = false;
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (error) reject(error);
      else resolve();
    };
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'batch') {
        try {
          store(message.items);
        } catch (error) {
          finish(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        worker.postMessage('ack');
      } else if (message.type === 'done') {
        finish();
      } else {
        finish(message.zipFormat ? unreadableZip(file, message.message) : new Error(message.message));
      }
    });
    worker.on('error', (error) => finish(error));
    worker.on('exit', (code) => finish(code === 0 ? undefined : new Error(`the zip reader stopped with exit code ${code}`)));
  });
}

/**
 * Counts one parsed item into the stats and returns the advisory to write, if
 * any: new and updated records, and unchanged ones in replace mode (whose
 * generation starts empty); never a record older than the stored copy when merging.
 */
export function tally(item: ParsedItem, stats: ImportStats, known: ReadonlyMap<string, string>, mode: ImportOptions['mode'], rate?: RateSeverities): StoredAdvisory | undefined {
  stats.read++;
  if (item.kind === 'invalid') {
    stats.invalid++;
    if (stats.invalidSamples.length < INVALID_SAMPLES) stats.invalidSamples.push(item.reason.slice(0, 300));
    return undefined;
  }
  if (item.kind === 'other-ecosystem') {
    stats.otherEcosystem++;
    return undefined;
  }
  const previous = known.get(item.id);
  if (previous !== undefined && Date.parse(previous) === Date.parse(item.modified)) {
    stats.unchanged++;
    // In merge mode the generation started as a copy: nothing to write.
    if (mode === 'merge') return undefined;
  } else if (previous !== undefined && Date.parse(previous) > Date.parse(item.modified) && mode === 'merge') {
    stats.older++;
    return undefined;
  } else if (previous === undefined) {
    stats.added++;
  } else {
    stats.updated++;
  }
  const advisory: StoredAdvisory = { id: item.id, modified: item.modified, json: item.json, npmNames: item.npmNames, withdrawn: item.withdrawn };
  if (rate) advisory.ratings = JSON.stringify(rate(item.severities));
  return advisory;
}

function readBounded(file: string): string | undefined {
  let stats;
  try {
    stats = statSync(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${describeFsError(error)}`, { cause: error });
  }
  // A FIFO would block the read for ever and a device never end: only regular files are read.
  if (!stats.isFile()) throw new UsageError(`${file} is not a regular file: nothing to import`);
  try {
    return stats.size > MAX_RECORD_BYTES ? undefined : readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${describeFsError(error)}`, { cause: error });
  }
}

/**
 * Every *.json below a folder, in a stable order. A symbolic link to a record
 * is a record (a folder of links into a checkout of OSV's data is common); a
 * link to a folder is not followed (it could loop), nor one to anything but
 * a regular file (a FIFO would block the read for ever).
 */
function jsonFilesUnder(dir: string): string[] {
  const files: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.toLowerCase().endsWith('.json') && (entry.isFile() || (entry.isSymbolicLink() && isRegularFile(full)))) files.push(full);
    }
  };
  walk(dir);
  return files;
}
