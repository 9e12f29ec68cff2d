import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DataError } from '../model/errors.js';
import { MIGRATIONS } from './migrations.js';

// The only importer of better-sqlite3 (docs/architecture.md). Repositories get a
// `Db` and use its prepared statements; nothing else knows about SQLite.

export type Db = Database.Database;
export type Row = Record<string, unknown>;

export interface OpenOptions {
  readonly?: boolean;
}

/**
 * Opens (creating if needed) the deptrust database: WAL so that a scan can
 * read while an update writes, a busy timeout so writers wait for each other
 * instead of failing, and the schema migrated to the latest version.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  let db: Db;
  try {
    if (file !== ':memory:' && !options.readonly) mkdirSync(path.dirname(file), { recursive: true });
    db = new Database(file, { readonly: options.readonly === true, fileMustExist: options.readonly === true, timeout: 10_000 });
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 10000');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    if (!options.readonly) migrate(db);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new DataError(`cannot open the deptrust database ${file}: ${message}`, { cause: error });
  }
  return db;
}

/**
 * Applies the migrations after the database's `user_version`, each in its own
 * transaction. The version is read again under the write lock (BEGIN
 * IMMEDIATE): processes opening a new database at the same moment (parallel CI
 * jobs) wait for each other instead of both creating the tables.
 */
function migrate(db: Db): void {
  const current = Number(db.pragma('user_version', { simple: true }));
  if (current > MIGRATIONS.length) {
    throw new DataError(`the database was written by a newer deptrust (schema ${current}, this one knows ${MIGRATIONS.length})`);
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      if (Number(db.pragma('user_version', { simple: true })) !== version) return;
      db.exec(MIGRATIONS[version] ?? '');
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}

/** Runs `work` in one transaction (all or nothing). */
export function inTransaction<T>(db: Db, work: () => T): T {
  return db.transaction(work)();
}
