import type { PackumentDetail, PackumentSummary } from '../model/packument.js';
import { writeCache, type Db } from './db.js';

export interface CachedPackument {
  name: string;
  registry: string;
  etag: string | undefined;
  fetchedAt: string;
  /** HTTP status of the last answer: 200 (packument kept) or 404 (not found). */
  status: number;
  packument: PackumentSummary | undefined;
}

/** The table for each level of detail (migration 2). */
const TABLES: Record<PackumentDetail, string> = { summary: 'registry_cache', dependencies: 'registry_dependency_cache' };

/** Reduced packuments by package name and registry, with the ETag to revalidate them. */
export class RegistryCache {
  readonly detail: PackumentDetail;
  readonly #db: Db;
  readonly #get;
  readonly #put;
  readonly #touch;
  constructor(db: Db, detail: PackumentDetail = 'summary') {
    this.detail = detail;
    this.#db = db;
    const table = TABLES[detail];
    this.#get = db.prepare<[string], { name: string; registry: string; etag: string | null; fetched_at: string; status: number; packument: string | null }>(
      `SELECT * FROM ${table} WHERE name = ?`,
    );
    this.#put = db.prepare<[string, string, string | null, string, number, string | null]>(
      `INSERT INTO ${table} (name, registry, etag, fetched_at, status, packument) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET registry = excluded.registry, etag = excluded.etag, fetched_at = excluded.fetched_at,
         status = excluded.status, packument = excluded.packument`,
    );
    this.#touch = db.prepare<[string, string]>(`UPDATE ${table} SET fetched_at = ? WHERE name = ?`);
  }

  get(name: string, registry: string): CachedPackument | undefined {
    const row = this.#get.get(name);
    if (!row || row.registry !== registry) return undefined;
    return {
      name: row.name,
      registry: row.registry,
      etag: row.etag ?? undefined,
      fetchedAt: row.fetched_at,
      status: row.status,
      packument: row.packument ? (JSON.parse(row.packument) as PackumentSummary) : undefined,
    };
  }

  put(entry: CachedPackument): void {
    writeCache(this.#db, () =>
      this.#put.run(entry.name, entry.registry, entry.etag ?? null, entry.fetchedAt, entry.status, entry.packument ? JSON.stringify(entry.packument) : null),
    );
  }

  /** Marks a cached entry as just revalidated (a 304). */
  touch(name: string, now: Date): void {
    writeCache(this.#db, () => this.#touch.run(now.toISOString(), name));
  }
}
