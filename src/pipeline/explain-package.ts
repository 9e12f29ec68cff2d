import type { Component, Inventory } from '../model/component.js';
import type { ScanResult } from '../model/scan-result.js';
import { findComponents, parsePackageQuery } from '../inventory/find-components.js';
import { AdvisoryRepository } from '../store/advisory-repository.js';
import type { Db } from '../store/db.js';
import { inventoryProject, type InventoryOptions } from './inventory-project.js';
import { scanOffline } from './scan-project.js';

export interface ExplainOptions extends InventoryOptions {
  db?: Db;
  now: () => Date;
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * `deptrust explain`: the components matching `name`, `name@version` or
 * `name@range`, and, when the local database has advisories, the scan of the
 * tree (offline: explaining never touches the network).
 */
export async function explainPackage(projectDir: string, packageText: string, options: ExplainOptions): Promise<{ inventory: Inventory; matches: Component[]; scan?: ScanResult }> {
  const query = parsePackageQuery(packageText);
  const repository = options.db ? new AdvisoryRepository(options.db) : undefined;
  if (options.db && repository?.currentGeneration()) {
    const scan = await scanOffline(projectDir, options.db, options);
    return { inventory: scan.inventory, matches: findComponents(scan.inventory, query), scan };
  }
  const inventory = await inventoryProject(projectDir, options);
  return { inventory, matches: findComponents(inventory, query) };
}
