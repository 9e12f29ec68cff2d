import type { Inventory } from '../model/component.js';
import { writeCache, type Db } from './db.js';

/** How many inventories to keep (most recent first); a few projects and their diff bases. */
const KEEP = 32;

interface SerialisedInventory extends Omit<Inventory, 'paths'> {
  paths: Array<[string, { count: number; sample: string[][] }]>;
}

/**
 * Inventories by a hash of everything they were computed from (lockfile and
 * manifests bytes, deptrust version), so an unchanged project is not
 * resolved again.
 */
export class InventoryCache {
  readonly #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  get(key: string): Inventory | undefined {
    const row = this.#db.prepare<[string], { inventory: string }>('SELECT inventory FROM inventory_cache WHERE key = ?').get(key);
    if (!row) return undefined;
    const stored = JSON.parse(row.inventory) as SerialisedInventory;
    return { ...stored, paths: new Map(stored.paths) };
  }

  put(key: string, inventory: Inventory, now: Date): void {
    const serialised: SerialisedInventory = { ...inventory, paths: [...inventory.paths] };
    writeCache(this.#db, () =>
      this.#db.transaction(() => {
        this.#db
          .prepare('INSERT INTO inventory_cache (key, created_at, inventory) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET created_at = excluded.created_at, inventory = excluded.inventory')
          .run(key, now.toISOString(), JSON.stringify(serialised));
        this.#db.prepare('DELETE FROM inventory_cache WHERE key NOT IN (SELECT key FROM inventory_cache ORDER BY created_at DESC LIMIT ?)').run(KEEP);
      })(),
    );
  }
}
