import { DataError } from '../model/errors.js';

// Faults of the database file itself (corrupt, locked, read-only, disk full)
// are the user's environment, not deptrust bugs: they become a DataError
// (exit 3) naming the file and what to do. Kept apart from db.ts so the CLI's
// error handler can use it without loading SQLite.

/** The database files opened in this process, most recent last. */
const opened: string[] = [];

export function rememberOpened(file: string): void {
  if (!opened.includes(file)) opened.push(file);
}

/** The remedy for a damaged database: it holds only data deptrust can fetch again. */
export function corruptRemedy(file: string): string {
  return `delete it (rm "${file}") and run "deptrust db update" or "deptrust db import <zip>" to rebuild it`;
}

/**
 * A DataError for an SQLite error about the file (not about deptrust's SQL),
 * or undefined for anything else. `file` defaults to the last database opened.
 */
export function databaseFault(error: unknown, file: string | undefined = opened.at(-1)): DataError | undefined {
  const code = error && typeof error === 'object' && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  if (!code?.startsWith('SQLITE_')) return undefined;
  const name = file ?? 'the deptrust database';
  const reason = error instanceof Error ? error.message : code;
  const options = { cause: error };
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new DataError(`the deptrust database ${name} is corrupt (${reason}): ${corruptRemedy(name)}`, options);
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new DataError(`the deptrust database ${name} is locked by another deptrust process writing to it; try again when it has finished`, options);
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new DataError(`the deptrust database ${name} is read-only (${reason}): this command writes to it; make it writable or choose another with --db`, options);
  }
  if (code === 'SQLITE_FULL') return new DataError(`no space left to write the deptrust database ${name}`, options);
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM')) return new DataError(`cannot open the deptrust database ${name}: ${reason}`, options);
  if (code.startsWith('SQLITE_IOERR')) return new DataError(`cannot read or write the deptrust database ${name}: ${reason}`, options);
  return undefined;
}
