// The pipeline, and the only module that knows its order (ARCHITECTURE.md):
// inventory -> advisories -> match (-> signals -> score -> policy -> report).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OsvRecord } from './model/advisory.js';
import type { Component, Inventory, OmittableScope } from './model/component.js';
import { DataError, UsageError } from './model/errors.js';
import type { ScanResult } from './model/scan-result.js';
import { importAdvisories, type ImportSource, type ImportStats } from './advisories/import-advisories.js';
import { DEFAULT_RETRY, type RetryOptions } from './advisories/http.js';
export { downloadFile } from './advisories/http.js';
import { DEFAULT_OSV_API, OsvApiClient, type PackageVersion } from './advisories/osv-api.js';
import { DEFAULT_OSV_DUMP, updateFromOsvDump, type UpdateResult } from './advisories/osv-dump.js';
import { recentDownloadFailure } from './advisories/download-failure.js';
import { apiProvider, databaseProvider, sampleProvider, type AdvisoryProvider } from './advisories/providers.js';
import { findComponents, type PackageQuery } from './inventory/find-components.js';
import { declarationLines } from './inventory/declaration-lines.js';
import { inventoryCacheKey } from './inventory/inventory-cache-key.js';
import { loadInventory } from './inventory/load-inventory.js';
import { omitScopes } from './inventory/omit-scopes.js';
import { readOverrides } from './inventory/read-overrides.js';
import type { PackumentDetail, RegistryInfo } from './model/packument.js';
import type { RegistryClientOptions } from './signals/registry-client.js';
import { findMetaVulnerabilities } from './remediation/meta-vulnerabilities.js';
import { packagesToFetch } from './remediation/packages-to-fetch.js';
import { planRemediations } from './remediation/plan-remediation.js';
import { VersionPicker } from './remediation/version-picker.js';
import { scoreComponents, scoreFinding } from './score/score-components.js';
import { summariseRisk } from './score/project-summary.js';
import { dependencyWeights, detectLocalSignals } from './signals/detect-signals.js';
import { computeExposure } from './signals/exposure.js';
import { readRegistryOptions, registryHost, type RegistryOptions } from './signals/npm-config.js';
import { RegistryCache } from './store/registry-cache.js';
import { TyposquatIndex } from './signals/typosquat.js';
import { AdvisoryRepository } from './store/advisory-repository.js';
import { ApiRecordRepository } from './store/api-record-repository.js';
import type { Db } from './store/db.js';
import { InventoryCache } from './store/inventory-cache.js';
import { MetaRepository } from './store/meta-repository.js';

export { parsePackageQuery, type PackageQuery } from './inventory/find-components.js';
export { compareScans } from './diff/compare-scans.js';
export { buildFixPlan } from './remediation/fix-plan.js';
export type { ImportStats } from './advisories/import-advisories.js';
export type { UpdateResult } from './advisories/osv-dump.js';
export { DEFAULT_OSV_API, DEFAULT_OSV_DUMP };

/** Data older than this gives a warning. */
export const STALE_AFTER_MS = 7 * 24 * 3600 * 1000;
export const SAMPLE_FILE = fileURLToPath(new URL('../../data/advisory-sample.json', import.meta.url));
export const POPULAR_PACKAGES_FILE = fileURLToPath(new URL('../../data/popular-packages.txt', import.meta.url));

let typosquats: TyposquatIndex | undefined;
function typosquatIndex(): TyposquatIndex {
  typosquats ??= new TyposquatIndex(
    readFileSync(POPULAR_PACKAGES_FILE, 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#')),
  );
  return typosquats;
}

export interface InventoryOptions {
  omit?: readonly OmittableScope[];
  /** Paths kept per component (all are counted). */
  pathSampleCap?: number;
  /** Reuse an inventory computed from the very same files (salt: deptrust's version). */
  cache?: {
    db: Db;
    salt: string;
    now: () => Date;
    /** Takes the cache write of a freshly resolved inventory, to run it later (while other work waits); written at once otherwise. */
    deferWrite?: (write: () => void) => void;
  };
}

/** Stage 1: the project's dependency tree, less the omitted scopes. */
export async function inventoryProject(projectDir: string, options: InventoryOptions = {}): Promise<Inventory> {
  const pathSampleCap = options.pathSampleCap ?? 10;
  let inventory: Inventory | undefined;
  const key = options.cache ? inventoryCacheKey(projectDir, `${options.cache.salt}:${pathSampleCap}`) : undefined;
  const cache = options.cache && key ? new InventoryCache(options.cache.db) : undefined;
  // A cached inventory may come from a copy of the same files elsewhere (a diff base): it is about this folder now.
  if (cache && key) inventory = cache.get(key);
  if (inventory) inventory = { ...inventory, root: path.resolve(projectDir) };
  if (!inventory) {
    inventory = await loadInventory(projectDir, { pathSampleCap });
    if (cache && key && options.cache) {
      const resolved = inventory;
      const { now, deferWrite } = options.cache;
      const write = (): void => cache.put(key, resolved, now());
      if (deferWrite) deferWrite(write);
      else write();
    }
  }
  return omitScopes(inventory, new Set(options.omit ?? []), pathSampleCap);
}

/**
 * `deptrust explain`: the components matching a name and range, and, when the
 * local database has advisories, the scan of the tree (offline: explaining
 * never touches the network).
 */
export async function explainPackage(
  projectDir: string,
  query: PackageQuery,
  options: InventoryOptions & { db?: Db; now: () => Date; env?: Readonly<Record<string, string | undefined>> },
): Promise<{ inventory: Inventory; matches: Component[]; scan?: ScanResult }> {
  const repository = options.db ? new AdvisoryRepository(options.db) : undefined;
  if (options.db && repository?.currentGeneration()) {
    // Explaining never touches the network.
    const scan = await scanOffline(projectDir, options.db, options);
    return { inventory: scan.inventory, matches: findComponents(scan.inventory, query), scan };
  }
  const inventory = await inventoryProject(projectDir, options);
  return { inventory, matches: findComponents(inventory, query) };
}

export interface ScanOptions extends InventoryOptions {
  provider: AdvisoryProvider;
  now: () => Date;
  /** Registry metadata for the maintenance signals and remediation; left out with --no-registry. */
  registry?: RegistrySettings;
  /** Where the project's own code is, when not beside the lockfile (a base tree rebuilt for `diff`). */
  sourceDir?: string;
  /** An inventory already at hand (a diff base without a lockfile: empty), instead of resolving the folder. */
  inventory?: Inventory;
}

export interface RegistrySettings {
  db: Db;
  /** Read the cache only. */
  offline: boolean;
  ttlMs: number;
  timeoutMs: number;
  env: Readonly<Record<string, string | undefined>>;
  onProgress?: (done: number, total: number) => void;
  onDone?: () => void;
}

/** Stages 1–3: inventory, the advisories that concern it, and the findings. */
export async function scanProject(projectDir: string, options: ScanOptions): Promise<ScanResult> {
  // The heavier stages load on first use, so `sbom` and `db` never pay for them.
  const [{ matchInventory }, { vulnerabilityCheck }, { collectSourceImports }, { fetchRegistryInfo }, { detectRegistrySignals }] = await Promise.all([
    import('./match/match-inventory.js'),
    import('./match/vulnerable-versions.js'),
    import('./signals/reachability.js'),
    import('./signals/registry-client.js'),
    import('./signals/detect-registry-signals.js'),
  ]);
  const inventory = options.inventory ?? (await inventoryProject(projectDir, options));
  const packages: PackageVersion[] = inventory.components
    .filter((component) => component.source.kind === 'registry')
    .map((component) => ({ name: component.name, version: component.version }));
  const records: OsvRecord[] = await options.provider.recordsFor(packages);
  const { findings, unverifiable } = matchInventory(inventory, records);
  const data = options.provider.info();
  const warnings = [...inventory.warnings];
  if (data.updatedAt && options.now().getTime() - Date.parse(data.updatedAt) > STALE_AFTER_MS && data.kind === 'database') {
    warnings.push(`the advisory data is ${ageInDays(data.updatedAt, options.now())} days old; run "deptrust db update"`);
  }

  // Reachability: the project's own code, and each workspace's (for a base tree rebuilt from a lockfile, the code beside it).
  const sourceRoot = options.sourceDir ?? inventory.root;
  const imports = [sourceRoot, ...inventory.workspaces.map((w) => path.join(sourceRoot, w))].map(collectSourceImports);
  const filesParsed = imports.reduce((n, i) => n + i.filesParsed, 0);
  const imported = filesParsed > 0 ? new Set(imports.flatMap((i) => [...i.packages])) : undefined;
  const exposure = computeExposure(inventory, imported);
  const npmOptions = readRegistryOptions(inventory.root, options.registry?.env ?? {});
  const signals = detectLocalSignals(inventory, findings, {
    registryHost: registryHost(npmOptions),
    typosquats: typosquatIndex(),
    importedPackages: imported,
  });
  if (options.registry) {
    const registryComponents = inventory.components.filter((c) => c.source.kind === 'registry');
    const info = await fetchRegistryInfo(
      registryComponents.map((c) => c.name),
      registryClientOptions(options.registry, npmOptions, 'summary', options.now),
    );
    options.registry.onDone?.();
    const registryUnknown = [...info.values()].filter((i) => i.status === 'unknown').length;
    signals.push(...detectRegistrySignals(registryComponents, info, options.now()));
    signals.sort((a, b) => (a.componentId < b.componentId ? -1 : a.componentId > b.componentId ? 1 : a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    if (registryUnknown > 0) warnings.push(`registry metadata unknown for ${registryUnknown} packages${options.registry.offline ? ' (offline, not cached)' : ''}: their maintenance signals are missing`);
  }
  const scores = scoreComponents(inventory.components, findings, signals, exposure);
  // Findings are listed by risk first: a moderate advisory in the request path outranks a critical one in a dev tool.
  const scored = findings
    .map((finding, order) => ({ finding: { ...finding, risk: scoreFinding(finding, exposure.get(finding.componentId)) }, order }))
    .sort((a, b) => b.finding.risk - a.finding.risk || a.order - b.order)
    .map(({ finding }) => finding);
  const risk = summariseRisk(inventory, scores, dependencyWeights(inventory));

  // Remediation reads the registry's versions and their declared ranges for the packages on vulnerable paths.
  const packuments =
    options.registry && findings.length > 0
      ? await fetchRegistryInfo(packagesToFetch(inventory, findings), registryClientOptions(options.registry, npmOptions, 'dependencies', options.now))
      : new Map<string, RegistryInfo>();
  const remediationContext = {
    inventory,
    picker: new VersionPicker((name) => {
      const info = packuments.get(name);
      return info?.status === 'found' ? info.packument : undefined;
    }),
    isVulnerable: vulnerabilityCheck(records),
    overrides: readOverrides(inventory.root),
  };
  const remediations = planRemediations(scored, remediationContext);
  const metaVulnerabilities = findMetaVulnerabilities(findings, remediationContext);
  const parseErrors = imports.flatMap((i) => i.parseErrors);
  for (const error of parseErrors.slice(0, 3)) warnings.push(`could not parse ${error}; reachability may be incomplete`);
  const result: ScanResult = { inventory, findings: scored, unverifiable, data, signals, exposure, scores, risk, remediations, metaVulnerabilities, declarations: declarationLines(inventory), warnings };
  if (imported) result.sourceAnalysis = { filesParsed, importedPackages: imported.size, parseErrors };
  return result;
}

/** Both sides of a `deptrust diff`: the base and the change, scanned alike. */
export interface DiffScans {
  base: ScanResult;
  head: ScanResult;
  baseLabel: string;
  /** False when the base had no lockfile (its tree is empty). */
  baseHadLockfile: boolean;
}

/**
 * `deptrust diff`: scans the project, then its base (a git revision or a
 * lockfile, rebuilt in a temporary folder that is always removed) with the
 * same advisories, registry data and options.
 */
export async function scanBaseAndHead(projectDir: string, base: string, options: ScanOptions & { cwd: string }): Promise<DiffScans> {
  const { snapshotBase } = await import('./inventory/base-snapshot.js');
  const snapshot = await snapshotBase(projectDir, base, options.cwd);
  try {
    const head = await scanProject(projectDir, options);
    const baseOptions: ScanOptions = { ...options, ...(snapshot.sourceDir ? { sourceDir: snapshot.sourceDir } : {}) };
    if (!snapshot.hasLockfile) baseOptions.inventory = emptyInventory(snapshot.dir, head.inventory);
    const baseResult = await scanProject(snapshot.dir, baseOptions);
    // The base's warnings name its temporary folder: say which side they are about instead.
    baseResult.warnings = [...snapshot.warnings, ...baseResult.warnings].map((warning) => `base: ${warning.split(snapshot.dir).join('<base>')}`);
    return { base: baseResult, head, baseLabel: snapshot.label, baseHadLockfile: snapshot.hasLockfile };
  } finally {
    snapshot.dispose();
  }
}

function emptyInventory(root: string, like: Inventory): Inventory {
  return { root, project: like.project, sourceFile: like.sourceFile, components: [], edges: [], paths: new Map(), workspaces: [], warnings: [] };
}

/** The registry client's options for a scan: packument summaries for the signals, or with each version's dependencies for remediation. */
function registryClientOptions(registry: RegistrySettings, npm: RegistryOptions, detail: PackumentDetail, now: () => Date): RegistryClientOptions {
  return {
    npm,
    cache: new RegistryCache(registry.db, detail),
    ttlMs: registry.ttlMs,
    offline: registry.offline,
    concurrency: 8,
    timeoutMs: registry.timeoutMs,
    now,
    // The progress line follows the main fetch (every package), not the short one for remediation.
    ...(registry.onProgress && detail === 'summary' ? { onProgress: registry.onProgress } : {}),
  };
}

export function ageInDays(iso: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / (24 * 3600 * 1000)));
}

export interface NetworkSettings {
  apiUrl: string;
  dumpUrl: string;
  retry: RetryOptions;
  concurrency: number;
}

export const DEFAULT_NETWORK: NetworkSettings = { apiUrl: DEFAULT_OSV_API, dumpUrl: DEFAULT_OSV_DUMP, retry: DEFAULT_RETRY, concurrency: 8 };

export interface DataSourceOptions {
  db: Db;
  source: 'local' | 'api';
  offline: boolean;
  network: NetworkSettings;
  now: () => Date;
  warn: (message: string) => void;
  /** Called before an automatic `db update` on an empty database. */
  onAutoUpdate?: () => UpdateCallbacks;
}

export interface UpdateCallbacks {
  onDownload?: (received: number, total: number | undefined) => void;
  onImport?: (stats: Readonly<ImportStats>) => void;
  onNote?: (message: string) => void;
  onWait?: () => void;
  done?: () => void;
}

/**
 * Where advisories come from: the local database; if it is empty and the
 * network may be used, a `db update` first; if that fails too, the built-in
 * sample with a loud warning. `--offline` never touches the network, and an
 * empty database while offline is a data error (exit 3): a security scan
 * must not pass for lack of data. `--source api` asks the OSV API and falls
 * back to the local data when it fails.
 */
export async function chooseAdvisoryProvider(options: DataSourceOptions): Promise<AdvisoryProvider> {
  const repository = new AdvisoryRepository(options.db);
  const meta = new MetaRepository(options.db);
  if (options.source === 'api' && options.offline) throw new UsageError('--source api needs the network; it cannot be combined with --offline');
  const local = async (): Promise<AdvisoryProvider> => {
    if (repository.currentGeneration()) return databaseProvider(repository, meta);
    if (options.offline) {
      throw new DataError('no advisory data in the database and --offline is set: run "deptrust db import <OSV zip>" or "deptrust db update" first');
    }
    const fallback = (why: string): AdvisoryProvider => {
      const sample = sampleProvider(SAMPLE_FILE);
      options.warn(`${why}. Using the ${sample.info().description}: findings are INCOMPLETE. Run "deptrust db update" or "deptrust db import <zip>".`);
      return sample;
    };
    if (options.db.readonly) return fallback('NO ADVISORY DATABASE: the database is empty and read-only, so the OSV dump cannot be stored in it');
    // A download that failed a moment ago would fail again: one line instead of the same wait scan after scan.
    const failed = recentDownloadFailure(meta, options.network.dumpUrl, options.now());
    if (failed) {
      return fallback(`NO ADVISORY DATABASE: the OSV dump download failed at ${failed.at} (${failed.reason}); scans retry after ${failed.retryAfter}, "deptrust db update" retries now`);
    }
    const callbacks = options.onAutoUpdate?.() ?? {};
    try {
      await updateFromOsvDump(repository, meta, {
        baseUrl: options.network.dumpUrl,
        retry: options.network.retry,
        concurrency: options.network.concurrency,
        now: options.now,
        ...callbacks,
      });
      callbacks.done?.();
      return databaseProvider(repository, meta);
    } catch (error) {
      callbacks.done?.();
      if (!(error instanceof DataError)) throw error;
      return fallback(`NO ADVISORY DATABASE and the OSV dump could not be downloaded (${error.message})`);
    }
  };
  if (options.source === 'api') {
    const client = new OsvApiClient(
      { baseUrl: options.network.apiUrl, retry: options.network.retry, concurrency: options.network.concurrency, now: options.now },
      new ApiRecordRepository(options.db),
    );
    const fallback = repository.currentGeneration() ? databaseProvider(repository, meta) : sampleProvider(SAMPLE_FILE);
    return apiProvider(client, options.network.apiUrl, fallback, options.warn, options.now);
  }
  return local();
}

/** `deptrust db import`: a zip, a folder or a file of OSV records, added to what is stored. */
export async function importAdvisoryData(
  db: Db,
  source: ImportSource,
  label: string,
  now: () => Date,
  onProgress?: (stats: Readonly<ImportStats>) => void,
  onWait?: () => void,
): Promise<ImportStats> {
  return importAdvisories(new AdvisoryRepository(db), source, { mode: 'merge', label, now, ...(onProgress ? { onProgress } : {}), ...(onWait ? { onWait } : {}) });
}

/** `deptrust db update`: OSV's npm dump, incrementally when recent. */
export async function updateAdvisoryData(db: Db, network: NetworkSettings, now: () => Date, callbacks: UpdateCallbacks & { full?: boolean }): Promise<UpdateResult> {
  return updateFromOsvDump(new AdvisoryRepository(db), new MetaRepository(db), {
    baseUrl: network.dumpUrl,
    retry: network.retry,
    concurrency: network.concurrency,
    now,
    ...callbacks,
  });
}

/** Whether the local database holds advisories (a completed import or update). */
export function hasAdvisoryData(db: Db): boolean {
  return new AdvisoryRepository(db).currentGeneration() !== undefined;
}

/** A scan from the local database only, registry metadata from the cache only: no network at all. */
export async function scanOffline(projectDir: string, db: Db, options: InventoryOptions & { now: () => Date; env?: Readonly<Record<string, string | undefined>> }): Promise<ScanResult> {
  return scanProject(projectDir, {
    ...options,
    provider: databaseProvider(new AdvisoryRepository(db), new MetaRepository(db)),
    registry: { db, offline: true, ttlMs: Number.POSITIVE_INFINITY, timeoutMs: 1, env: options.env ?? {} },
  });
}
