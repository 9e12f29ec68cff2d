import type { Component, ComponentPaths, DependencyEdge, DependencyPath, Inventory } from '../model/component.js';
import { isRecord } from '../model/json.js';
import { SampledPaths, sampledPathTable, type StoredPaths } from '../model/sampled-paths.js';
import { writeCache, type Db } from './db.js';

/** Part of every cache key, bumped when the stored inventory changes shape (2: warnings as coded data; 3: paths as runs; 4: names a purl lowercases alike, JSONStream and jsonstream, are two components), so an older entry is never read as a newer one. */
export const INVENTORY_CACHE_FORMAT = 4;

/** How many inventories to keep (most recent first); a few projects and their diff bases. */
const KEEP = 32;

/** Items per part: about 700 KB of JSON for components, so neither side ever holds an entry's text whole. */
const ITEMS_PER_PART = 1_000;

/** A component's paths as stored: runs (what the inventory builds), or full paths for an inventory built otherwise. */
type StoredPathsEntry = [string, StoredPaths | { count: number; sample: DependencyPath[] }];

/** Everything but the three large lists, in the one `head` part. */
interface StoredHead extends Omit<Inventory, 'components' | 'edges' | 'paths'> {
  /** Local folders the inventory was read from, each with a digest of its package.json, checked before reuse. */
  localFolders: Array<[string, string]>;
}

type Section = 'head' | 'components' | 'edges' | 'paths';

/** A cached inventory and the local folders to check before reusing it. */
export interface CachedInventory {
  inventory: Inventory;
  localFolders: Array<[string, string]>;
}

/**
 * Inventories by a hash of everything they were computed from (lockfile and
 * manifests bytes, deptrust version), so an unchanged project is not
 * resolved again. An entry is stored in parts (migration 4), each parsed or
 * serialised on its own.
 */
export class InventoryCache {
  readonly #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  get(key: string): CachedInventory | undefined {
    if (!this.#db.prepare<[string], { key: string }>('SELECT key FROM inventory_cache WHERE key = ?').get(key)) return undefined;
    let head: StoredHead | undefined;
    const components: Component[] = [];
    const edges: DependencyEdge[] = [];
    const paths: StoredPathsEntry[] = [];
    const rows = this.#db.prepare<[string], { section: Section; items: string }>('SELECT section, items FROM inventory_cache_parts WHERE key = ? ORDER BY part').iterate(key);
    for (const { section, items } of rows) {
      const parsed: unknown = JSON.parse(items);
      if (section === 'head') head = parsed as StoredHead;
      else if (section === 'components') append(components, parsed as Component[]);
      else if (section === 'edges') append(edges, parsed as DependencyEdge[]);
      else append(paths, parsed as StoredPathsEntry[]);
    }
    // An entry without its head (cut short by a failed write) is no entry.
    if (!isRecord(head)) return undefined;
    const { localFolders = [], ...rest } = head;
    return { inventory: { ...rest, components, edges, paths: restorePaths(paths) }, localFolders };
  }

  put(key: string, inventory: Inventory, now: Date, localFolders: Array<[string, string]> = []): void {
    const { components, edges, paths, ...rest } = inventory;
    const head: StoredHead = { ...rest, localFolders };
    writeCache(this.#db, () =>
      this.#db.transaction(() => {
        // Deleting the entry deletes its parts (ON DELETE CASCADE).
        this.#db.prepare('DELETE FROM inventory_cache WHERE key = ?').run(key);
        this.#db.prepare('INSERT INTO inventory_cache (key, created_at) VALUES (?, ?)').run(key, now.toISOString());
        const insert = this.#db.prepare<[string, number, Section, string]>('INSERT INTO inventory_cache_parts (key, part, section, items) VALUES (?, ?, ?, ?)');
        let part = 0;
        insert.run(key, part++, 'head', JSON.stringify(head));
        for (const batch of batches(components)) insert.run(key, part++, 'components', JSON.stringify(batch));
        for (const batch of batches(edges)) insert.run(key, part++, 'edges', JSON.stringify(batch));
        for (const batch of batches(paths)) insert.run(key, part++, 'paths', JSON.stringify(batch.map(storedPaths)));
        this.#db.prepare('DELETE FROM inventory_cache WHERE key NOT IN (SELECT key FROM inventory_cache ORDER BY created_at DESC LIMIT ?)').run(KEEP);
      })(),
    );
  }
}

/** Consecutive slices of `ITEMS_PER_PART` items (of a map, its entries). */
function* batches<T>(items: Iterable<T>): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === ITEMS_PER_PART) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

function storedPaths([id, entry]: [string, ComponentPaths]): StoredPathsEntry {
  return [id, entry instanceof SampledPaths ? entry.toJSON() : { count: entry.count, sample: entry.sample }];
}

/** Appends a part's items one by one (a spread of many items would overflow the call stack). */
function append<T>(list: T[], items: readonly T[]): void {
  for (const item of items) list.push(item);
}

function restorePaths(entries: readonly StoredPathsEntry[]): Map<string, ComponentPaths> {
  const linked: Array<[string, StoredPaths]> = [];
  const full = new Map<string, ComponentPaths>();
  for (const [id, entry] of entries) {
    if ('runs' in entry) linked.push([id, entry]);
    else full.set(id, entry);
  }
  return new Map<string, ComponentPaths>([...sampledPathTable(linked), ...full]);
}
