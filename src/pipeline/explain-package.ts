import type { Component, DependencyPath, Inventory } from '../model/component.js';
import type { DirectDependencyCost } from '../model/reduce.js';
import { scopeGivingPath } from '../inventory/scope-path.js';
import type { ScanResult } from '../model/scan-result.js';
import type { UsageAnalysis } from '../model/usage.js';
import { analyseUsage } from '../signals/usage/analyse-usage.js';
import { loadE18eReplacements } from '../reduce/e18e-replacements.js';
import { buildReduceReport } from '../reduce/reduce-report.js';
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
export async function explainPackage(projectDir: string, packageText: string, options: ExplainOptions): Promise<Explanation> {
  const query = parsePackageQuery(packageText);
  const repository = options.db ? new AdvisoryRepository(options.db) : undefined;
  if (options.db && repository?.currentGeneration()) {
    const scan = await scanOffline(projectDir, options.db, options);
    const matches = findComponents(scan.inventory, query);
    const usage = scan.usage ?? analyseUsage(scan.inventory.root, scan.inventory.workspaces, scan.inventory);
    const costs = await directCosts({ inventory: scan.inventory, findings: scan.findings, signals: scan.signals, usage }, matches);
    return { inventory: scan.inventory, matches, scopePaths: scopePaths(scan.inventory, matches), scan, usage, ...(costs ? { costs } : {}) };
  }
  const inventory = await inventoryProject(projectDir, options);
  const matches = findComponents(inventory, query);
  // Whether the project uses a direct dependency needs no advisory data: its own files say.
  const usage = matches.some((m) => m.direct) ? analyseUsage(inventory.root, inventory.workspaces, inventory) : undefined;
  // What leaving it out would save needs no advisory data either; without it, no advisories are counted.
  const costs = await directCosts({ inventory, findings: [], signals: [], ...(usage ? { usage } : {}) }, matches);
  return { inventory, matches, scopePaths: scopePaths(inventory, matches), ...(usage ? { usage } : {}), ...(costs ? { costs } : {}) };
}

/** `deptrust reduce`'s facts for the direct dependencies among the matches (docs/reduce.md), or nothing when none is direct. */
async function directCosts(scan: Parameters<typeof buildReduceReport>[0], matches: readonly Component[]): Promise<DirectDependencyCost[] | undefined> {
  const direct = new Set(matches.filter((m) => m.direct && !m.isWorkspace).map((m) => m.id));
  if (direct.size === 0) return undefined;
  const report = buildReduceReport(scan, await loadE18eReplacements());
  return report.dependencies.filter((cost) => direct.has(cost.componentId));
}

export interface Explanation {
  inventory: Inventory;
  matches: Component[];
  /** For each match, the shortest path that gives it its scope. */
  scopePaths: Map<string, DependencyPath>;
  scan?: ScanResult;
  /** Whether the project uses each dependency it declares (for a direct match). */
  usage?: UsageAnalysis;
  /** For each direct match, what leaves the tree with it and what is inside (as `deptrust reduce` reports it). */
  costs?: DirectDependencyCost[];
}

function scopePaths(inventory: Inventory, matches: readonly Component[]): Map<string, DependencyPath> {
  const paths = new Map<string, DependencyPath>();
  for (const component of matches) {
    const path = scopeGivingPath(inventory, component);
    if (path) paths.set(component.id, path);
  }
  return paths;
}
