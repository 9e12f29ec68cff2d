import type { Component, Inventory, OmittableScope } from './model/component.js';
import { findComponents, type PackageQuery } from './inventory/find-components.js';
import { loadInventory } from './inventory/load-inventory.js';
import { omitScopes } from './inventory/omit-scopes.js';

export interface InventoryOptions {
  omit?: readonly OmittableScope[];
  /** Paths kept per component (all are counted). */
  pathSampleCap?: number;
}

/** Stage 1 of the pipeline: the project's dependency tree, less the omitted scopes. */
export async function inventoryProject(projectDir: string, options: InventoryOptions = {}): Promise<Inventory> {
  const pathSampleCap = options.pathSampleCap ?? 10;
  const inventory = await loadInventory(projectDir, { pathSampleCap });
  return omitScopes(inventory, new Set(options.omit ?? []), pathSampleCap);
}

export { parsePackageQuery, type PackageQuery } from './inventory/find-components.js';

/** `deptrust explain`: the inventory and the components matching a name and range. */
export async function explainPackage(
  projectDir: string,
  query: PackageQuery,
  options: InventoryOptions = {},
): Promise<{ inventory: Inventory; matches: Component[] }> {
  const inventory = await inventoryProject(projectDir, options);
  return { inventory, matches: findComponents(inventory, query) };
}
