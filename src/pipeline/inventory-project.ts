import path from 'node:path';
import type { Inventory, InventoryProgress, OmittableScope } from '../model/component.js';
import { inventoryCacheKey, localFolderDigests, localFoldersUnchanged } from '../inventory/inventory-cache-key.js';
import { loadInventory } from '../inventory/load-inventory.js';
import { omitScopes } from '../inventory/omit-scopes.js';
import type { Db } from '../store/db.js';
import { INVENTORY_CACHE_FORMAT, InventoryCache } from '../store/inventory-cache.js';
import { codeDigest } from './code-digest.js';

export interface InventoryOptions {
  omit?: readonly OmittableScope[];
  /** Paths kept per component (all are counted). */
  pathSampleCap?: number;
  /** The lockfile to read (`--lockfile`, or a lockfile given as the project argument); detected in the folder otherwise. */
  lockfile?: string;
  /** Told where reading the tree is, as it goes (progress on a terminal). */
  onInventoryProgress?: InventoryProgress;
  /** Reuse an inventory computed from the very same files by the very same code (salt: deptrust's version; the key also holds the build's code digest). */
  cache?: {
    db: Db;
    salt: string;
    now: () => Date;
    /** Takes the cache write of a freshly resolved inventory, to run it later (while other work waits); written at once otherwise. */
    deferWrite?: (write: () => void) => void;
  };
}

/** What besides the files keys a cached inventory: the entry's format, the caller's salt (deptrust's version), the code that made it, the paths kept. */
export function cacheKeySalt(salt: string, pathSampleCap: number): string {
  return `${INVENTORY_CACHE_FORMAT}:${salt}:${codeDigest()}:${pathSampleCap}`;
}

/** Stage 1: the project's dependency tree, less the omitted scopes (from the inventory cache when the files are unchanged). */
export async function inventoryProject(projectDir: string, options: InventoryOptions = {}): Promise<Inventory> {
  const pathSampleCap = options.pathSampleCap ?? 10;
  let inventory: Inventory | undefined;
  const lockfile = options.lockfile === undefined ? {} : { lockfile: options.lockfile };
  const key = options.cache ? await inventoryCacheKey(projectDir, cacheKeySalt(options.cache.salt, pathSampleCap), lockfile) : undefined;
  const cache = options.cache && key ? new InventoryCache(options.cache.db) : undefined;
  // A cached inventory may come from a copy of the same files elsewhere (a diff base): it is about this folder now.
  const cached = cache && key ? cache.get(key) : undefined;
  if (cached && localFoldersUnchanged(projectDir, cached.localFolders)) inventory = { ...cached.inventory, root: path.resolve(projectDir) };
  if (!inventory) {
    inventory = await loadInventory(projectDir, { pathSampleCap, ...lockfile, ...(options.onInventoryProgress ? { onProgress: options.onInventoryProgress } : {}) });
    if (cache && key && options.cache) {
      const resolved = inventory;
      const { now, deferWrite } = options.cache;
      const write = (): void => cache.put(key, resolved, now(), localFolderDigests(projectDir, resolved));
      if (deferWrite) deferWrite(write);
      else write();
    }
  }
  return omitScopes(inventory, new Set(options.omit ?? []), pathSampleCap);
}
