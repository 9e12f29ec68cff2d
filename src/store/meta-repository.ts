import type { Db } from './db.js';

/** Small key/value facts about the database (current generation, last update, ETag). */
export class MetaRepository {
  readonly #get;
  readonly #set;
  readonly #delete;
  constructor(db: Db) {
    this.#get = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
    this.#set = db.prepare<[string, string]>('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.#delete = db.prepare<[string]>('DELETE FROM meta WHERE key = ?');
  }

  get(key: string): string | undefined {
    return this.#get.get(key)?.value;
  }

  set(key: string, value: string | undefined): void {
    if (value === undefined) this.#delete.run(key);
    else this.#set.run(key, value);
  }
}
