import { whileWriting, type Db } from './db.js';
import { MetaRepository } from './meta-repository.js';

const CURRENT_GENERATION = 'advisories.current_generation';
const BATCH_SIZE = 5_000;
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

  counts(): AdvisoryCounts {
    const generation = this.currentGeneration()?.id ?? -1;
    const row = this.#db
      .prepare<[number], { advisories: number; withdrawn: number | null }>('SELECT COUNT(*) AS advisories, SUM(withdrawn) AS withdrawn FROM advisories WHERE generation = ?')
      .get(generation);
    const packages = this.#db
      .prepare<[number], { packages: number }>('SELECT COUNT(DISTINCT name) AS packages FROM affected_packages WHERE generation = ?')
      .get(generation);
    return { advisories: row?.advisories ?? 0, withdrawn: row?.withdrawn ?? 0, packages: packages?.packages ?? 0 };
  }

  /** id → modified of every advisory in the current generation (to count what an import changes). */
  modifiedById(): Map<string, string> {
    const generation = this.currentGeneration()?.id ?? -1;
    const rows = this.#db.prepare<[number], { id: string; modified: string }>('SELECT id, modified FROM advisories WHERE generation = ?').iterate(generation);
    const map = new Map<string, string>();
    for (const row of rows) map.set(row.id, row.modified);
    return map;
  }

  /** The records that name any of these npm packages in the current generation, as JSON strings. */
  findJsonByPackageNames(ecosystem: string, names: readonly string[]): string[] {
    const generation = this.currentGeneration()?.id;
    if (generation === undefined || names.length === 0) return [];
    const seen = new Set<string>();
    const records: string[] = [];
    const unique = [...new Set(names)];
    for (let start = 0; start < unique.length; start += NAMES_PER_QUERY) {
      const chunk = unique.slice(start, start + NAMES_PER_QUERY);
      const rows = this.#db
        .prepare<unknown[], { id: string; record: string }>(
          `SELECT a.id, a.record FROM affected_packages p
             JOIN advisories a ON a.generation = p.generation AND a.id = p.advisory_id
            WHERE p.generation = ? AND p.ecosystem = ? AND p.name IN (${chunk.map(() => '?').join(',')})`,
        )
        .all(generation, ecosystem, ...chunk);
      for (const row of rows) {
        if (seen.has(row.id)) continue;
        seen.add(row.id);
        records.push(row.record);
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
   * current one (an import that adds to what is there); otherwise empty (a
   * full dump that replaces it).
   */
  beginGeneration(source: string, basedOnCurrent: boolean, now: Date): GenerationWriter {
    const previous = this.currentGeneration();
    // Leftovers of an interrupted import are never current: remove them first.
    this.#db.prepare('DELETE FROM generations WHERE id != ? AND completed_at IS NULL').run(previous?.id ?? -1);
    const id = Number(this.#db.prepare('INSERT INTO generations (source, started_at) VALUES (?, ?)').run(source, now.toISOString()).lastInsertRowid);
    if (basedOnCurrent && previous) {
      this.#db.transaction(() => {
        this.#db.prepare('INSERT INTO advisories SELECT ?, id, modified, withdrawn, record FROM advisories WHERE generation = ?').run(id, previous.id);
        this.#db
          .prepare('INSERT INTO affected_packages SELECT ?, ecosystem, name, advisory_id FROM affected_packages WHERE generation = ?')
          .run(id, previous.id);
      })();
    }
    return new GenerationWriter(this.#db, this.#meta, id, basedOnCurrent && previous !== undefined);
  }

  /** Replaces records in the current generation in one transaction (incremental updates). */
  upsertIntoCurrent(advisories: readonly StoredAdvisory[], ecosystem: string): void {
    const generation = this.currentGeneration()?.id;
    if (generation === undefined) throw new Error('no current generation to update');
    const writer = new GenerationWriter(this.#db, this.#meta, generation, true);
    this.#db.transaction(() => {
      for (const advisory of advisories) writer.putNow(advisory, ecosystem);
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

  constructor(db: Db, meta: MetaRepository, id: number, mayHoldRecords: boolean) {
    this.#db = db;
    this.#meta = meta;
    this.id = id;
    this.#mayHoldRecords = mayHoldRecords;
    this.#deleteAffected = db.prepare('DELETE FROM affected_packages WHERE generation = ? AND advisory_id = ?');
    this.#insertAdvisory = db.prepare(
      `INSERT INTO advisories (generation, id, modified, withdrawn, record) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (generation, id) DO UPDATE SET modified = excluded.modified, withdrawn = excluded.withdrawn, record = excluded.record`,
    );
    this.#insertAffected = db.prepare('INSERT OR IGNORE INTO affected_packages (generation, ecosystem, name, advisory_id) VALUES (?, ?, ?, ?)');
  }


  /** Queues a record; records are written in transactions of a few thousand. */
  put(advisory: StoredAdvisory, ecosystem: string): void {
    this.#pending.push([advisory, ecosystem]);
    if (this.#pending.length >= BATCH_SIZE) this.flush();
  }

  flush(): void {
    if (this.#pending.length === 0) return;
    this.#db.transaction(() => {
      for (const [advisory, ecosystem] of this.#pending) this.putNow(advisory, ecosystem);
    })();
    this.#pending.length = 0;
  }

  /** Writes one record now (callers wrap this in a transaction). */
  putNow(advisory: StoredAdvisory, ecosystem: string): void {
    if (this.#mayHoldRecords || this.#written.has(advisory.id)) this.#deleteAffected.run(this.id, advisory.id);
    this.#written.add(advisory.id);
    this.#insertAdvisory.run(this.id, advisory.id, advisory.modified, advisory.withdrawn ? 1 : 0, advisory.json);
    for (const name of new Set(advisory.npmNames)) this.#insertAffected.run(this.id, ecosystem, name, advisory.id);
  }

  /** Makes this generation the current one and drops the older ones. */
  commit(now: Date): void {
    this.flush();
    this.#db.transaction(() => {
      this.#db.prepare('UPDATE generations SET completed_at = ? WHERE id = ?').run(now.toISOString(), this.id);
      this.#meta.set(CURRENT_GENERATION, String(this.id));
      this.#db.prepare('DELETE FROM generations WHERE id != ?').run(this.id);
    })();
  }

  /** Drops this generation; the current one stays as it was. */
  abort(): void {
    this.#pending.length = 0;
    this.#db.prepare('DELETE FROM generations WHERE id = ?').run(this.id);
  }
}

