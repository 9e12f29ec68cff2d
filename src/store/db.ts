import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DataError } from '../model/errors.js';
import { databaseFault, rememberOpened } from './database-fault.js';
import { MIGRATIONS } from './migrations.js';

// The only importer of better-sqlite3 (docs/architecture.md). Repositories get a
// `Db` and use its prepared statements; nothing else knows about SQLite.

export type Db = Database.Database;
export type Row = Record<string, unknown>;

export interface OpenOptions {
  /** Open read-only: never creates, never migrates, never writes. */
  readonly?: boolean;
  /**
   * When the file (or its folder, where SQLite keeps the WAL beside it) cannot
   * be written, open it read-only instead of failing: for commands that only
   * read advisories (a scan of a database on a read-only mount or owned by
   * another user). Caches are then not written (`writeCache`).
   */
  readOnlyFallback?: boolean;
}

const BUSY_TIMEOUT_MS = 10_000;
/** How long a writer waits for another one (`db import`, `db update`) before giving up. */
const WRITE_LOCK_WAIT_MS = 15 * 60 * 1000;

/**
 * Opens (creating if needed) the deptrust database: WAL so that a scan can
 * read while an update writes, a busy timeout so writers wait for each other
 * instead of failing, and the schema migrated to the latest version.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  rememberOpened(file);
  const readonly = options.readonly === true || (options.readOnlyFallback === true && !canWrite(file));
  let db: Db | undefined;
  try {
    if (file !== ':memory:' && !readonly) mkdirSync(path.dirname(file), { recursive: true });
    db = readonly ? openReadOnly(file) : new Database(file, { timeout: BUSY_TIMEOUT_MS });
    if (!readonly) db.pragma('journal_mode = WAL');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    if (readonly) checkSchema(db, file);
    else migrate(db);
  } catch (error) {
    db?.close();
    if (error instanceof DataError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw databaseFault(error, file) ?? new DataError(`cannot open the deptrust database ${file}: ${message}`, { cause: error });
  }
  return db;
}

/** Past this size a read-only database in a read-only folder is not loaded into memory. */
const MAX_SNAPSHOT_BYTES = 1024 * 1024 * 1024;

/**
 * A read-only connection. A WAL database needs its shared-memory file beside
 * it; when that cannot be created (a read-only folder) and no WAL content is
 * pending, the file is read into memory instead (SQLite's deserialize, with
 * the header's WAL flag cleared: the in-memory copy has no WAL).
 */
function openReadOnly(file: string): Db {
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma('user_version');
    return db;
  } catch (error) {
    db.close();
    const code = sqliteCode(error) ?? '';
    if (!(code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN')) || pendingWal(file)) throw error;
    if (statSync(file).size > MAX_SNAPSHOT_BYTES) throw error;
    const image = readFileSync(file);
    // Bytes 18 and 19: file format write and read versions, 2 for WAL, 1 for a rollback journal (sqlite.org/fileformat.html §1.3.4).
    if (image.length >= 20) image.fill(1, 18, 20);
    return new Database(image, { readonly: true });
  }
}

function pendingWal(file: string): boolean {
  try {
    return statSync(`${file}-wal`).size > 0;
  } catch {
    return false;
  }
}

/** Whether SQLite could write this file: the file itself and, for the WAL and shared-memory files, its folder. */
function canWrite(file: string): boolean {
  if (file === ':memory:') return true;
  try {
    accessSync(file, constants.W_OK);
  } catch (error) {
    // A missing file is created by the writable open (which reports its own error).
    if (!(error && typeof error === 'object' && 'code' in error && error.code === 'ENOENT')) return false;
  }
  // The folder may not exist yet (a first run: ~/.cache/deptrust): the writable open creates it, so the nearest existing folder is what must be writable.
  let folder = path.dirname(file);
  while (!existsSync(folder) && path.dirname(folder) !== folder) folder = path.dirname(folder);
  try {
    accessSync(folder, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Applies the migrations after the database's `user_version`, each in its own transaction. */
function migrate(db: Db): void {
  const version = (): number => Number(db.pragma('user_version', { simple: true }));
  if (version() === MIGRATIONS.length) return;
  // Under the write lock, reading the version again: two processes opening a new database must not both migrate it.
  db.transaction(() => {
    const current = version();
    if (current > MIGRATIONS.length) {
      throw new DataError(`the database was written by a newer deptrust (schema ${current}, this one knows ${MIGRATIONS.length})`);
    }
    for (let next = current; next < MIGRATIONS.length; next++) {
      db.exec(MIGRATIONS[next] ?? '');
      db.pragma(`user_version = ${next + 1}`);
    }
  }).immediate();
}

/** A read-only database cannot be migrated: it must already have this deptrust's schema. */
function checkSchema(db: Db, file: string): void {
  const current = Number(db.pragma('user_version', { simple: true }));
  if (current > MIGRATIONS.length) {
    throw new DataError(`the database ${file} was written by a newer deptrust (schema ${current}, this one knows ${MIGRATIONS.length})`);
  }
  if (current < MIGRATIONS.length) {
    throw new DataError(`the database ${file} is read-only and has an older schema (${current} of ${MIGRATIONS.length}): open it once with write access (deptrust db status) to upgrade it`);
  }
}

/** Runs `work` in one transaction (all or nothing). */
export function inTransaction<T>(db: Db, work: () => T): T {
  return db.transaction(work)();
}

/**
 * Runs `work` holding the database's write lock from start to end (`BEGIN
 * IMMEDIATE` ... `COMMIT`, or `ROLLBACK` when it throws), so that writers that
 * read, compute and then write (an import merging into what is stored) never
 * interleave: a second one waits for the first, telling `onWait` once, and
 * then sees its result. Transactions inside `work` become savepoints.
 */
export async function whileWriting<T>(db: Db, work: () => Promise<T>, onWait?: () => void): Promise<T> {
  const giveUpAt = Date.now() + WRITE_LOCK_WAIT_MS;
  let told = false;
  // Wait without blocking the event loop (signals, progress): poll instead of SQLite's busy handler.
  db.pragma('busy_timeout = 0');
  try {
    for (;;) {
      try {
        db.exec('BEGIN IMMEDIATE');
        break;
      } catch (error) {
        if (!isBusy(error) || Date.now() > giveUpAt) throw error;
        if (!told) onWait?.();
        told = true;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
  try {
    const result = await work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/** Databases whose cache writes failed once (locked by a long writer, read-only): not tried again in this process. */
const cacheWritesOff = new WeakSet<Db>();

/**
 * Writes to a cache table (inventories, packuments, API records): a speed-up,
 * never a reason to fail. Skipped on a read-only database; when the write
 * lock is held by an import or the disk is full, the first failure turns
 * cache writes off for the rest of the run instead of waiting on each.
 */
export function writeCache(db: Db, work: () => void): void {
  if (db.readonly || cacheWritesOff.has(db)) return;
  try {
    work();
  } catch (error) {
    const code = sqliteCode(error);
    if (!(code && (isBusy(error) || code.startsWith('SQLITE_READONLY') || code === 'SQLITE_FULL'))) throw error;
    cacheWritesOff.add(db);
  }
}

function sqliteCode(error: unknown): string | undefined {
  return error instanceof Database.SqliteError ? error.code : undefined;
}

function isBusy(error: unknown): boolean {
  const code = sqliteCode(error);
  return code !== undefined && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}
