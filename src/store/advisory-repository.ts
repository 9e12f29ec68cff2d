import { whileWriting, type Db } from './db.js';
import { MetaRepository } from './meta-repository.js';

const CURRENT_GENERATION = 'advisories.current_generation';
const BATCH_SIZE = 5_000;
/**
 * SQLite's page cache while a generation is written, and after (its default,
 * -2000). 16 MiB imports 200,000 records as fast as 32 MiB did (7.3–7.6 s
 * against 7.8–8.2 s) at 250–260 MiB peak instead of 290 (docs/performance.md).
 */
const IMPORT_CACHE_KIB = 16 * 1024;
const DEFAULT_CACHE_KIB = 2_000;
/** SQLite's default limit on bound parameters is 32,766; stay well below. */
const NAMES_PER_QUERY = 500;

export interface StoredAdvisory {
  id: string;
  modified: string;
  /** The record as JSON, exactly as imported. */
  json: string;
  /** npm package names in its `affected` entries. */
  npmNames: readonly string[];
  withdrawn: boolean;
  /** The record's CVSS ratings as JSON, computed when it was imported. */
  ratings?: string;
}

/** A stored record as matching reads it: the JSON, and its ratings when they were computed at import. */
export interface StoredRecordText {
  json: string;
  ratings: string | undefined;
}

export interface AdvisoryCounts {
  advisories: number;
  withdrawn: number;
  packages: number;
}

export interface GenerationInfo {
  id: number;
  source: string;
  startedAt: string;
  completedAt: string | undefined;
}

/**
 * Advisories by generation. Readers always see the current generation; a
 * writer fills a new one and switches to it at the end (`GenerationWriter.commit`).
 */
export class AdvisoryRepository {
  readonly #db: Db;
  readonly #meta: MetaRepository;

  constructor(db: Db) {
    this.#db = db;
    this.#meta = new MetaRepository(db);
  }

  /**
   * Runs an import or update holding the database's write lock, so that two
   * of them (two `db import` runs, an import and a scan's first update) never
   * interleave: the second waits, then merges into what the first stored.
   */
  exclusively<T>(work: () => Promise<T>, onWait?: () => void): Promise<T> {
    return whileWriting(this.#db, work, onWait);
  }

  currentGeneration(): GenerationInfo | undefined {
    const id = Number(this.#meta.get(CURRENT_GENERATION));
    if (!Number.isInteger(id) || id <= 0) return undefined;
    const row = this.#db
      .prepare<[number], { id: number; source: string; started_at: string; completed_at: string | null }>('SELECT * FROM generations WHERE id = ?')
      .get(id);
    return row && { id: row.id, source: row.source, startedAt: row.started_at, completedAt: row.completed_at ?? undefined };
  }

  /** The counts kept with the current generation when it was written; counted now for a generation written before they were kept. */
  counts(): AdvisoryCounts {
    const generation = this.currentGeneration()?.id ?? -1;
    const kept = this.#db
      .prepare<[number], { advisory_count: number | null; withdrawn_count: number | null; package_count: number | null }>(
        'SELECT advisory_count, withdrawn_count, package_count FROM generations WHERE id = ?',
      )
      .get(generation);
    if (kept && kept.advisory_count !== null && kept.withdrawn_count !== null && kept.package_count !== null) {
      return { advisories: kept.advisory_count, withdrawn: kept.withdrawn_count, packages: kept.package_count };
    }
    return countGeneration(this.#db, generation);
  }

  /** id → modified of every advisory in the current generation (to count what an import changes). */
  modifiedById(): Map<string, string> {
    const generation = this.currentGeneration()?.id ?? -1;
    const rows = this.#db.prepare<[number], { id: string; modified: string }>('SELECT id, modified FROM advisories WHERE generation = ?').iterate(generation);
    const map = new Map<string, string>();
    for (const row of rows) map.set(row.id, row.modified);
    return map;
  }

  /** The records that name any of these npm packages in the current generation: their JSON and stored ratings. */
  findByPackageNames(ecosystem: string, names: readonly string[]): StoredRecordText[] {
    const generation = this.currentGeneration()?.id;
    if (generation === undefined || names.length === 0) return [];
    const seen = new Set<string>();
    const records: StoredRecordText[] = [];
    const unique = [...new Set(names)];
    for (let start = 0; start < unique.length; start += NAMES_PER_QUERY) {
      const chunk = unique.slice(start, start + NAMES_PER_QUERY);
      const rows = this.#db
        .prepare<unknown[], { id: string; record: string; ratings: string | null }>(
          `SELECT a.id, a.record, a.ratings FROM affected_packages p
             JOIN advisories a ON a.generation = p.generation AND a.id = p.advisory_id
            WHERE p.generation = ? AND p.ecosystem = ? AND p.name IN (${chunk.map(() => '?').join(',')})`,
        )
        .all(generation, ecosystem, ...chunk);
      for (const row of rows) {
        if (seen.has(row.id)) continue;
        seen.add(row.id);
        records.push({ json: row.record, ratings: row.ratings ?? undefined });
      }
    }
    return records;
  }

  findJsonById(id: string): string | undefined {
    const generation = this.currentGeneration()?.id ?? -1;
    return this.#db.prepare<[number, string], { record: string }>('SELECT record FROM advisories WHERE generation = ? AND id = ?').get(generation, id)?.record;
  }

  /**
   * Starts a new generation. With `basedOnCurrent`, it starts as a copy of the
   * current one (an import that adds to what is there), made when the first
   * record is written or at the commit; otherwise empty (a full dump that
   * replaces it).
   */
  beginGeneration(source: string, basedOnCurrent: boolean, now: Date): GenerationWriter {
    const previous = this.currentGeneration();
    // Leftovers of an interrupted import are never current: remove them first.
    this.#db.prepare('DELETE FROM generations WHERE id != ? AND completed_at IS NULL').run(previous?.id ?? -1);
    const id = Number(this.#db.prepare('INSERT INTO generations (source, started_at) VALUES (?, ?)').run(source, now.toISOString()).lastInsertRowid);
    // A bulk write: SQLite's default page cache (2 MiB) spills pages to the
    // write-ahead log in the middle of every transaction of a large import.
    this.#db.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
    const copyOf = basedOnCurrent ? previous?.id : undefined;
    return new GenerationWriter(this.#db, this.#meta, id, copyOf !== undefined, copyOf);
  }

  /** Replaces records in the current generation in one transaction (incremental updates). */
  upsertIntoCurrent(advisories: readonly StoredAdvisory[], ecosystem: string): void {
    const generation = this.currentGeneration()?.id;
    if (generation === undefined) throw new Error('no current generation to update');
    const writer = new GenerationWriter(this.#db, this.#meta, generation, true);
    this.#db.transaction(() => {
      for (const advisory of advisories) writer.putNow(advisory, ecosystem);
      keepCounts(this.#db, generation);
    })();
  }
}

export class GenerationWriter {
  readonly id: number;
  readonly #db: Db;
  readonly #meta: MetaRepository;
  readonly #pending: Array<[StoredAdvisory, string]> = [];
  /** Whether the generation may already hold a record (a copy, or the current one): then its old rows go first. */
  readonly #mayHoldRecords: boolean;
  readonly #written = new Set<string>();
  readonly #deleteAffected;
  readonly #insertAdvisory;
  readonly #insertAffected;
  /**
   * The generation this one is still to be filled from. Copied only when
   * something is written: re-importing a 200,000-record dump that changed in
   * nothing copied every row and then deleted the copy: three quarters of
   * the writing thread's CPU time and about 35 MiB of the peak RSS.
   */
  #copyOf: number | undefined;

  constructor(db: Db, meta: MetaRepository, id: number, mayHoldRecords: boolean, copyOf?: number) {
    this.#db = db;
    this.#meta = meta;
    this.id = id;
    this.#mayHoldRecords = mayHoldRecords;
    this.#copyOf = copyOf;
    this.#deleteAffected = db.prepare('DELETE FROM affected_packages WHERE generation = ? AND advisory_id = ?');
    this.#insertAdvisory = db.prepare(
      `INSERT INTO advisories (generation, id, modified, withdrawn, ratings, record) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (generation, id) DO UPDATE SET modified = excluded.modified, withdrawn = excluded.withdrawn, ratings = excluded.ratings, record = excluded.record`,
    );
    this.#insertAffected = db.prepare('INSERT OR IGNORE INTO affected_packages (generation, ecosystem, name, advisory_id) VALUES (?, ?, ?, ?)');
  }


  /** Queues a record; records are written in transactions of a few thousand. */
  put(advisory: StoredAdvisory, ecosystem: string): void {
    this.#pending.push([advisory, ecosystem]);
    if (this.#pending.length >= BATCH_SIZE) this.flush();
  }

  flush(): void {
    this.#copyPrevious();
    if (this.#pending.length === 0) return;
    this.#db.transaction(() => {
      for (const [advisory, ecosystem] of this.#pending) this.putNow(advisory, ecosystem);
    })();
    this.#pending.length = 0;
  }

  /** Fills this generation from the one it is based on, once, before its first write (or its commit). */
  #copyPrevious(): void {
    const from = this.#copyOf;
    if (from === undefined) return;
    this.#copyOf = undefined;
    this.#db.transaction(() => {
      this.#db
        .prepare('INSERT INTO advisories (generation, id, modified, withdrawn, ratings, record) SELECT ?, id, modified, withdrawn, ratings, record FROM advisories WHERE generation = ?')
        .run(this.id, from);
      this.#db.prepare('INSERT INTO affected_packages SELECT ?, ecosystem, name, advisory_id FROM affected_packages WHERE generation = ?').run(this.id, from);
    })();
  }

  /** Writes one record now (callers wrap this in a transaction). */
  putNow(advisory: StoredAdvisory, ecosystem: string): void {
    if (this.#mayHoldRecords || this.#written.has(advisory.id)) this.#deleteAffected.run(this.id, advisory.id);
    this.#written.add(advisory.id);
    this.#insertAdvisory.run(this.id, advisory.id, advisory.modified, advisory.withdrawn ? 1 : 0, advisory.ratings ?? null, advisory.json);
    for (const name of new Set(advisory.npmNames)) this.#insertAffected.run(this.id, ecosystem, name, advisory.id);
  }

  /** Makes this generation the current one and drops the older ones. */
  commit(now: Date): void {
    this.flush();
    this.#db.transaction(() => {
      this.#db.prepare('UPDATE generations SET completed_at = ? WHERE id = ?').run(now.toISOString(), this.id);
      keepCounts(this.#db, this.id);
      this.#meta.set(CURRENT_GENERATION, String(this.id));
      this.#db.prepare('DELETE FROM generations WHERE id != ?').run(this.id);
    })();
    this.#db.pragma(`cache_size = -${DEFAULT_CACHE_KIB}`);
  }

  /** Drops this generation; the current one stays as it was. */
  abort(): void {
    this.#pending.length = 0;
    this.#copyOf = undefined;
    this.#db.prepare('DELETE FROM generations WHERE id = ?').run(this.id);
    this.#db.pragma(`cache_size = -${DEFAULT_CACHE_KIB}`);
  }
}


/** Counts a generation's rows (a generation written before counts were kept, or one just written). */
function countGeneration(db: Db, generation: number): AdvisoryCounts {
  // Each count reads an index only (advisories_by_id, advisories_withdrawn, the affected_packages key), never the records.
  const count = (sql: string): number => db.prepare<[number], { n: number }>(sql).get(generation)?.n ?? 0;
  return {
    advisories: count('SELECT COUNT(*) AS n FROM advisories WHERE generation = ?'),
    withdrawn: count('SELECT COUNT(*) AS n FROM advisories WHERE generation = ? AND withdrawn = 1'),
    packages: count('SELECT COUNT(DISTINCT name) AS n FROM affected_packages WHERE generation = ?'),
  };
}

/** Keeps a generation's counts with it, so that reading them costs one row. */
function keepCounts(db: Db, generation: number): void {
  const counts = countGeneration(db, generation);
  db.prepare('UPDATE generations SET advisory_count = ?, withdrawn_count = ?, package_count = ? WHERE id = ?').run(counts.advisories, counts.withdrawn, counts.packages, generation);
}
