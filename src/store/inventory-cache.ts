import type { ComponentPaths, DependencyPath, Inventory } from '../model/component.js';
import { SampledPaths, sampledPathTable, type StoredPaths } from '../model/sampled-paths.js';
import { writeCache, type Db } from './db.js';

/** Part of every cache key, bumped when the stored inventory changes shape (2: warnings as coded data), so an older entry is never read as a newer one. */
export const INVENTORY_CACHE_FORMAT = 2;

/** How many inventories to keep (most recent first); a few projects and their diff bases. */
const KEEP = 32;

interface SerialisedInventory extends Omit<Inventory, 'paths'> {
  /** Sampled paths as links (what the inventory builds), or as full paths for an inventory built otherwise. */
  paths: Array<[string, StoredPaths | { count: number; sample: DependencyPath[] }]>;
  /** Local folders the inventory was read from, each with a digest of its package.json, checked before reuse. */
  localFolders?: Array<[string, string]>;
}

/** A cached inventory and the local folders to check before reusing it. */
export interface CachedInventory {
  inventory: Inventory;
  localFolders: Array<[string, string]>;
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

  get(key: string): CachedInventory | undefined {
    const row = this.#db.prepare<[string], { inventory: string }>('SELECT inventory FROM inventory_cache WHERE key = ?').get(key);
    if (!row) return undefined;
    const { localFolders = [], ...stored } = JSON.parse(row.inventory) as SerialisedInventory;
    return { inventory: { ...stored, paths: restorePaths(stored.paths) }, localFolders };
  }

  put(key: string, inventory: Inventory, now: Date, localFolders: Array<[string, string]> = []): void {
    const paths = [...inventory.paths].map(([id, entry]): SerialisedInventory['paths'][number] => [id, entry instanceof SampledPaths ? entry.toJSON() : { count: entry.count, sample: entry.sample }]);
    const serialised: SerialisedInventory = { ...inventory, paths, localFolders };
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

function restorePaths(entries: SerialisedInventory['paths']): Map<string, ComponentPaths> {
  const linked: Array<[string, StoredPaths]> = [];
  const full = new Map<string, ComponentPaths>();
  for (const [id, entry] of entries) {
    if ('links' in entry) linked.push([id, entry]);
    else full.set(id, entry);
  }
  return new Map<string, ComponentPaths>([...sampledPathTable(linked), ...full]);
}
