import { existsSync } from 'node:fs';
import { openDatabase, type Db } from '../store/db.js';
import type { Warning } from '../model/warning.js';

/**
 * Runs `work` with the database when it can be opened, else without it: the
 * inventory cache speeds up `sbom` and `explain`, but they never need it.
 * A database that exists but cannot be used (corrupt, newer schema) is
 * named in a warning, since what it would have added (advisories) is missing.
 */
export async function withOptionalStore<T>(file: string, work: (db: Db | undefined) => Promise<T>, warn?: (warning: Warning) => void): Promise<T> {
  let db: Db | undefined;
  try {
    db = openDatabase(file, { readOnlyFallback: true });
  } catch (error) {
    db = undefined;
    if (existsSync(file)) warn?.({ code: 'database-unavailable', error: error instanceof Error ? error.message : String(error) });
  }
  try {
    return await work(db);
  } finally {
    db?.close();
  }
}
