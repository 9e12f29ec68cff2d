import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { NPM_ECOSYSTEM } from '../model/advisory.js';
import { describeFsError, UsageError } from '../model/errors.js';
import type { AdvisoryRepository, GenerationWriter } from '../store/advisory-repository.js';
import { validateOsvRecord } from './validate-osv.js';
import { readZipEntries, ZipFormatError } from './zip-entries.js';

/** No real OSV record comes near this; a larger entry is rejected without being read. */
export const MAX_RECORD_BYTES = 8 * 1024 * 1024;
const INVALID_SAMPLES = 5;

export interface ImportStats {
  /** JSON files (or array items) read. */
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
}

/**
 * Imports OSV records into a new generation and switches to it only when
 * everything was read, so an interrupted or failed import leaves the previous
 * data in use. Re-importing the same data changes nothing (by id and `modified`).
 */
export async function importAdvisories(repository: AdvisoryRepository, source: ImportSource, options: ImportOptions): Promise<ImportStats> {
  const stats: ImportStats = { read: 0, added: 0, updated: 0, unchanged: 0, older: 0, otherEcosystem: 0, invalid: 0, invalidSamples: [] };
  const known = repository.modifiedById();
  const writer = repository.beginGeneration(options.label, options.mode === 'merge', options.now());
  const take = (label: string, text: string | undefined): void => {
    takeRecordText(label, text, { stats, known, writer, mode: options.mode });
    if (options.onProgress && stats.read % 1000 === 0) options.onProgress(stats);
  };
  try {
    if (source.kind === 'zip') {
      await readZipEntries(source.file, MAX_RECORD_BYTES, (entry) => {
        if (entry.name.toLowerCase().endsWith('.json')) take(entry.name, entry.text);
      });
    } else if (source.kind === 'directory') {
      for (const file of jsonFilesUnder(source.dir)) take(path.relative(source.dir, file), readBounded(file));
    } else {
      take(path.basename(source.file), readBounded(source.file));
    }
    writer.commit(options.now());
  } catch (error) {
    writer.abort();
    if (error instanceof ZipFormatError) throw new UsageError(`${describeSource(source)} is not a readable zip archive: ${error.message}`, { cause: error });
    throw error;
  }
  options.onProgress?.(stats);
  return stats;
}

interface TakeContext {
  stats: ImportStats;
  known: ReadonlyMap<string, string>;
  writer: GenerationWriter;
  mode: ImportOptions['mode'];
}

function takeRecordText(label: string, text: string | undefined, context: TakeContext): void {
  const { stats } = context;
  if (text === undefined) {
    stats.read++;
    return rejectRecord(stats, label, `larger than ${MAX_RECORD_BYTES / 1024 / 1024} MiB`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    stats.read++;
    return rejectRecord(stats, label, `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  // A file may hold one record or a list of them.
  for (const item of Array.isArray(parsed) ? parsed : [parsed]) {
    stats.read++;
    const result = validateOsvRecord(item);
    if (result.kind === 'invalid') {
      rejectRecord(stats, label, result.reason);
      continue;
    }
    if (result.kind === 'other-ecosystem') {
      stats.otherEcosystem++;
      continue;
    }
    const { record, npmNames } = result;
    const previous = context.known.get(record.id);
    if (previous !== undefined && Date.parse(previous) === Date.parse(record.modified)) {
      stats.unchanged++;
      // In merge mode the generation started as a copy: nothing to write.
      if (context.mode === 'merge') continue;
    } else if (previous !== undefined && Date.parse(previous) > Date.parse(record.modified) && context.mode === 'merge') {
      stats.older++;
      continue;
    } else if (previous === undefined) {
      stats.added++;
    } else {
      stats.updated++;
    }
    context.writer.put(
      { id: record.id, modified: record.modified, json: JSON.stringify(record), npmNames, withdrawn: record.withdrawn !== undefined },
      NPM_ECOSYSTEM,
    );
  }
}

function rejectRecord(stats: ImportStats, label: string, reason: string): void {
  stats.invalid++;
  if (stats.invalidSamples.length < INVALID_SAMPLES) stats.invalidSamples.push(`${label}: ${reason.slice(0, 300)}`);
}

function readBounded(file: string): string | undefined {
  try {
    return statSync(file).size > MAX_RECORD_BYTES ? undefined : readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${describeFsError(error)}`, { cause: error });
  }
}

/** Every *.json below a folder, in a stable order. */
function jsonFilesUnder(dir: string): string[] {
  const files: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.toLowerCase().endsWith('.json')) files.push(full);
    }
  };
  walk(dir);
  return files;
}

function describeSource(source: ImportSource): string {
  return source.kind === 'directory' ? source.dir : source.file;
}
