import { openDatabase, type Db } from '../store/db.js';

/**
 * Runs `work` with the database when it can be opened, else without it: the
 * inventory cache speeds up `sbom` and `explain`, but they never need it.
 */
export async function withOptionalStore<T>(file: string, work: (db: Db | undefined) => Promise<T>): Promise<T> {
  let db: Db | undefined;
  try {
    db = openDatabase(file);
  } catch {
    db = undefined;
  }
  try {
    return await work(db);
  } finally {
    db?.close();
  }
}
