import { readFileSync } from 'node:fs';
import { NPM_ECOSYSTEM, type OsvRecord } from '../model/advisory.js';
import type { SeverityRating } from '../model/finding.js';
import { isRecord } from '../model/json.js';
import { DataError, NetworkError } from '../model/errors.js';
import type { AdvisoryDataInfo } from '../model/scan-result.js';
import type { AdvisoryRepository } from '../store/advisory-repository.js';
import type { MetaRepository } from '../store/meta-repository.js';
import { META } from './osv-dump.js';
import { advisoriesFromApi, type OsvApiClient, type PackageVersion } from './osv-api.js';
import { validateOsvRecord } from './validate-osv.js';

/** Gives the OSV records that may concern a set of packages, and says where they come from. */
export interface AdvisoryProvider {
  info(): AdvisoryDataInfo;
  recordsFor(packages: readonly PackageVersion[]): Promise<OsvRecord[]>;
  /** The CVSS ratings of a record it gave, when they were computed at import (matching computes the others). */
  ratingsOf?(record: OsvRecord): readonly SeverityRating[] | undefined;
}

/** The local database (filled by `db update` / `db import`). */
export function databaseProvider(repository: AdvisoryRepository, meta: MetaRepository): AdvisoryProvider {
  const ratings = new WeakMap<OsvRecord, readonly SeverityRating[]>();
  return {
    info() {
      const generation = repository.currentGeneration();
      const info: AdvisoryDataInfo = {
        kind: 'database',
        description: generation ? `local database (${generation.source})` : 'local database (empty)',
        advisoryCount: repository.counts().advisories,
      };
      const updatedAt = meta.get(META.lastUpdate) ?? generation?.completedAt;
      if (updatedAt) info.updatedAt = updatedAt;
      return info;
    },
    async recordsFor(packages) {
      const names = packages.map((p) => p.name);
      return repository.findByPackageNames(NPM_ECOSYSTEM, names).flatMap((stored) => {
        const record = parseStored(stored.json);
        const rated = record && stored.ratings !== undefined ? parseRatings(stored.ratings) : undefined;
        if (record && rated) ratings.set(record, rated);
        return record ? [record] : [];
      });
    },
    ratingsOf: (record) => ratings.get(record),
  };
}

export interface SampleDocument {
  description: string;
  date: string;
  records: unknown[];
}

/** The small hand-written sample in data/, for a first run with no database and no network. */
export function sampleProvider(file: string): AdvisoryProvider {
  let document: SampleDocument;
  try {
    document = JSON.parse(readFileSync(file, 'utf8')) as SampleDocument;
  } catch (error) {
    throw new DataError(`cannot read the built-in advisory sample ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const records = document.records.flatMap((value) => {
    const result = validateOsvRecord(value);
    return result.kind === 'npm' ? [result.record] : [];
  });
  return {
    info: () => ({ kind: 'sample', description: `built-in sample of ${records.length} advisories (${document.date}), not a vulnerability feed`, updatedAt: document.date, advisoryCount: records.length }),
    async recordsFor(packages) {
      const names = new Set(packages.map((p) => p.name));
      return records.filter((record) => (record.affected ?? []).some((a) => a.package && names.has(a.package.name)));
    },
  };
}

/**
 * The OSV API; when it fails, the fallback (local data) answers and
 * `onFallback` is told why.
 */
export function apiProvider(
  client: OsvApiClient,
  baseUrl: string,
  fallback: AdvisoryProvider,
  /** Told the API's error when the fallback is used instead. */
  onFallback: (error: string) => void,
  now: () => Date,
): AdvisoryProvider {
  let used: AdvisoryProvider | undefined;
  let fetched = 0;
  return {
    info() {
      if (used) return used.info();
      return { kind: 'api', description: `OSV API at ${baseUrl}`, updatedAt: now().toISOString(), advisoryCount: fetched };
    },
    async recordsFor(packages) {
      try {
        const records = await advisoriesFromApi(client, packages);
        fetched = records.length;
        return records;
      } catch (error) {
        if (!(error instanceof NetworkError)) throw error;
        onFallback(error.message);
        used = fallback;
        return fallback.recordsFor(packages);
      }
    },
  };
}

function parseStored(json: string): OsvRecord | undefined {
  try {
    const result = validateOsvRecord(JSON.parse(json));
    return result.kind === 'npm' ? result.record : undefined;
  } catch {
    return undefined;
  }
}

/** Ratings stored at import; anything unexpected is left for matching to compute again. */
function parseRatings(json: string): SeverityRating[] | undefined {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) && parsed.every(isSeverityRating) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

const LEVELS: ReadonlySet<unknown> = new Set(['critical', 'high', 'medium', 'low', 'unknown']);
const METHODS: ReadonlySet<unknown> = new Set(['CVSSv4', 'CVSSv31', 'CVSSv3', 'CVSSv2']);

function isSeverityRating(value: unknown): value is SeverityRating {
  return isRecord(value) && LEVELS.has(value['level']) && METHODS.has(value['method']) && typeof value['score'] === 'number' && typeof value['vector'] === 'string';
}
