import { writeCache, type Db } from './db.js';

export interface CachedApiRecord {
  id: string;
  modified: string;
  json: string;
}

/** OSV records hydrated from the API (`GET /v1/vulns/{id}`), by id. */
export class ApiRecordRepository {
  readonly #db: Db;
  readonly #get;
  readonly #put;
  constructor(db: Db) {
    this.#db = db;
    this.#get = db.prepare<[string], { id: string; modified: string; record: string }>('SELECT id, modified, record FROM api_records WHERE id = ?');
    this.#put = db.prepare<[string, string, string, string]>(
      `INSERT INTO api_records (id, modified, fetched_at, record) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET modified = excluded.modified, fetched_at = excluded.fetched_at, record = excluded.record`,
    );
  }

  get(id: string): CachedApiRecord | undefined {
    const row = this.#get.get(id);
    return row && { id: row.id, modified: row.modified, json: row.record };
  }

  put(record: CachedApiRecord, now: Date): void {
    writeCache(this.#db, () => this.#put.run(record.id, record.modified, now.toISOString(), record.json));
  }
}
