// The scan pipeline, and the only module that knows its order (docs/architecture.md):
// inventory -> advisories -> match -> signals -> score -> remediation.
import path from 'node:path';
import type { OsvRecord } from '../model/advisory.js';
import type { Inventory } from '../model/component.js';
import type { PackumentDetail, RegistryInfo } from '../model/packument.js';
import type { ScanPhase, ScanResult } from '../model/scan-result.js';
import type { RegistryUnknownReason } from '../model/warning.js';
import type { PackageVersion } from '../advisories/osv-api.js';
import { databaseProvider, type AdvisoryProvider } from '../advisories/providers.js';
import { declarationLines } from '../inventory/declaration-lines.js';
import { readOverrides } from '../inventory/read-overrides.js';
import { packagesToFetch } from '../remediation/packages-to-fetch.js';
import { summariseRisk } from '../score/project-summary.js';
import { scoreComponents, scoreFinding } from '../score/score-components.js';
import { dependencyWeights, detectLocalSignals } from '../signals/detect-signals.js';
import { computeExposure } from '../signals/exposure.js';
import { readRegistryOptions, registryHost, type RegistryOptions } from '../signals/npm-config.js';
import { resolvedRegistries } from '../signals/resolved-registries.js';
import type { ProjectSources } from '../signals/project-sources.js';
import type { RegistryClientOptions } from '../signals/registry-client.js';
import { HostHealth } from '../net/host-health.js';
import { AdvisoryRepository } from '../store/advisory-repository.js';
import type { Db } from '../store/db.js';
import { MetaRepository } from '../store/meta-repository.js';
import { RegistryCache } from '../store/registry-cache.js';
import { ageInDays, STALE_AFTER_MS } from './data-age.js';
import { typosquatIndex } from './data-files.js';
import { inventoryProject, type InventoryOptions } from './inventory-project.js';
import { planWithRegistry } from './plan-with-registry.js';

export interface ScanOptions extends InventoryOptions {
  provider: AdvisoryProvider;
  now: () => Date;
  /** Registry metadata for the maintenance signals and remediation; left out with --no-registry. */
  registry?: RegistrySettings;
  /** Where the project's own code is, when not beside the lockfile (a base tree rebuilt for `diff`). */
  sourceDir?: string;
  /** An inventory already at hand (a diff base without a lockfile: empty), instead of resolving the folder. */
  inventory?: Inventory;
  /** Called as each stage starts (progress). */
  onPhase?: (phase: ScanPhase) => void;
  /** The project's source files as read and parsed for this scan (made here when not given; a test counts its parses). */
  projectSources?: ProjectSources;
}

export interface RegistrySettings {
  db: Db;
  /** Read the cache only. */
  offline: boolean;
  ttlMs: number;
  timeoutMs: number;
  /** Retries of a failed registry request (default 2). */
  retries?: number;
  /** The command's overall deadline (`--deadline`), shared with the OSV requests, and what starts its clock. */
  signal?: AbortSignal;
  startDeadline?: () => void;
  env: Readonly<Record<string, string | undefined>>;
  onProgress?: (done: number, total: number) => void;
  onDone?: () => void;
}

/** Stages 1–3: inventory, the advisories that concern it, and the findings. */
export async function scanProject(projectDir: string, options: ScanOptions): Promise<ScanResult> {
  // The heavier stages load on first use, so `sbom` and `db` never pay for them.
  // The registry client (npm-registry-fetch and ~90 modules) only when registry metadata is asked for.
  const [{ matchInventory }, projectSourcesModule, { collectSourceImports }, { analyseUsage }, registryClient, { detectRegistrySignals }] = await Promise.all([
    import('../match/match-inventory.js'),
    import('../signals/project-sources.js'),
    import('../signals/reachability.js'),
    import('../signals/usage/analyse-usage.js'),
    options.registry ? import('../signals/registry-client.js') : undefined,
    import('../signals/detect-registry-signals.js'),
  ]);
  const phase = options.onPhase ?? (() => undefined);
  phase('inventory');
  const inventory = options.inventory ?? (await inventoryProject(projectDir, options));
  phase('advisories');
  const packages: PackageVersion[] = inventory.components
    .filter((component) => component.source.kind === 'registry')
    .map((component) => ({ name: component.name, version: component.version }));
  const records: OsvRecord[] = await options.provider.recordsFor(packages);
  phase('match');
  const { findings, unverifiable } = matchInventory(inventory, records, (record) => options.provider.ratingsOf?.(record));
  const data = options.provider.info();
  const warnings = [...inventory.warnings];
  if (data.updatedAt && options.now().getTime() - Date.parse(data.updatedAt) > STALE_AFTER_MS && data.kind === 'database') {
    warnings.push({ code: 'advisory-data-stale', days: ageInDays(data.updatedAt, options.now()) });
  }

  phase('signals');
  // Reachability: the project's own code, and each workspace's (for a base tree rebuilt from a lockfile, the code beside it).
  const sourceRoot = options.sourceDir ?? inventory.root;
  // Each source file is read and parsed once, for reachability and usage both.
  const sources = options.projectSources ?? new projectSourcesModule.ProjectSources();
  const imports = [sourceRoot, ...inventory.workspaces.map((w) => path.join(sourceRoot, w))].map((dir) => collectSourceImports(dir, sources));
  const filesParsed = imports.reduce((n, i) => n + i.filesParsed, 0);
  // Usage evidence beyond imports: scripts, Docker, CI, configuration, peers (docs/reduce.md).
  const usage = analyseUsage(sourceRoot, inventory.workspaces, inventory, sources);
  // A dependency a runtime command or configuration uses (pm2 from the container's CMD, tslib from importHelpers) keeps its runtime exposure.
  const usedOutsideTests = (usage?.dependencies ?? []).filter((d) => d.evidence.some((e) => e.context !== 'dev' && e.kind !== 'dynamic-load' && e.kind !== 'unparsed-file')).map((d) => d.name);
  const imported = filesParsed > 0 ? new Set([...imports.flatMap((i) => [...i.packages]), ...usedOutsideTests]) : undefined;
  const exposure = computeExposure(inventory, imported);
  const npmOptions = readRegistryOptions(inventory.root, options.registry?.env ?? {});
  const signals = detectLocalSignals(inventory, findings, {
    registryHost: registryHost(npmOptions),
    typosquats: typosquatIndex(),
    usage,
  });
  // Connection failures per registry host, for both fetches of this scan (signals, then remediation).
  const hosts = new HostHealth();
  // Packages locked from another registry than .npmrc names are described by that registry, never by a namesake.
  const fromRegistries = resolvedRegistries(inventory.components, npmOptions);
  if (options.registry && registryClient) {
    phase('registry');
    const registryComponents = inventory.components.filter((c) => c.source.kind === 'registry');
    const info = await registryClient.fetchRegistryInfo(
      registryComponents.map((c) => c.name),
      registryClientOptions(options.registry, npmOptions, 'summary', options.now, hosts, fromRegistries),
    );
    options.registry.onDone?.();
    const registryUnknown = [...info.values()].filter((i) => i.status === 'unknown').length;
    signals.push(...detectRegistrySignals(registryComponents, info, options.now()));
    signals.sort((a, b) => (a.componentId < b.componentId ? -1 : a.componentId > b.componentId ? 1 : a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    if (registryUnknown > 0) {
      // One warning, saying why: offline, a registry given up on after repeated connection failures, or the deadline.
      const reason: RegistryUnknownReason = options.registry.offline
        ? { kind: 'offline' }
        : hosts.givenUp().length > 0
          ? { kind: 'hosts-given-up', hosts: hosts.givenUp().map((h) => ({ host: h.host, reason: h.reason })) }
          : options.registry.signal?.aborted
            ? { kind: 'deadline' }
            : { kind: 'unexplained' };
      warnings.push({ code: 'registry-metadata-unknown', packages: registryUnknown, reason });
    }
  }
  phase('score');
  const scores = scoreComponents(inventory.components, findings, signals, exposure);
  // Findings are listed by risk first: a moderate advisory in the request path outranks a critical one in a dev tool.
  const scored = findings
    .map((finding, order) => ({ finding: { ...finding, risk: scoreFinding(finding, exposure.get(finding.componentId)) }, order }))
    .sort((a, b) => b.finding.risk - a.finding.risk || a.order - b.order)
    .map(({ finding }) => finding);
  const risk = summariseRisk(inventory, scores, dependencyWeights(inventory));

  phase('remediation');
  // Remediation reads the registry's versions and their declared ranges for the packages on vulnerable paths.
  const packuments =
    options.registry && registryClient && findings.length > 0
      ? await registryClient.fetchRegistryInfo(packagesToFetch(inventory, findings), registryClientOptions(options.registry, npmOptions, 'dependencies', options.now, hosts, fromRegistries))
      : new Map<string, RegistryInfo>();
  const registrySettings = options.registry;
  const { remediations, metaVulnerabilities } = await planWithRegistry({
    inventory,
    findings: scored,
    records,
    ratingsOf: (record) => options.provider.ratingsOf?.(record),
    overrides: readOverrides(inventory.root, inventory.packageManager),
    packuments,
    // Verified targets: the packages a target's subtree needs beyond the vulnerable paths, and their advisories.
    ...(registrySettings && registryClient
      ? {
          fetchMore: async (names: readonly string[]) => ({
            packuments: await registryClient.fetchRegistryInfo(names, registryClientOptions(registrySettings, npmOptions, 'dependencies', options.now, hosts, fromRegistries)),
            // The OSV API answers per version: packages outside the inventory are judged by local advisory data only.
            records: options.provider.info().kind === 'api' ? [] : await options.provider.recordsFor(names.map((name) => ({ name, version: '' }))),
          }),
        }
      : {}),
  });
  const parseErrors = imports.flatMap((i) => i.parseErrors);
  for (const error of parseErrors.slice(0, 3)) warnings.push({ code: 'source-unparsed', error });
  // Where each component is written down is read from the lockfile's text only when a report asks (SARIF):
  // other scans of a 100,000-package project never load its 50 MB again.
  let declarations: ScanResult['declarations'] | undefined;
  const result: ScanResult = {
    inventory,
    findings: scored,
    unverifiable,
    data,
    signals,
    exposure,
    scores,
    risk,
    remediations,
    metaVulnerabilities,
    get declarations() {
      declarations ??= declarationLines(inventory);
      return declarations;
    },
    warnings,
  };
  if (imported) result.sourceAnalysis = { filesParsed, importedPackages: imported.size, parseErrors };
  result.usage = usage;
  return result;
}

/** A scan from the local database only, registry metadata from the cache only: no network at all. */
export async function scanOffline(projectDir: string, db: Db, options: InventoryOptions & { now: () => Date; env?: Readonly<Record<string, string | undefined>> }): Promise<ScanResult> {
  return scanProject(projectDir, {
    ...options,
    provider: databaseProvider(new AdvisoryRepository(db), new MetaRepository(db)),
    registry: { db, offline: true, ttlMs: Number.POSITIVE_INFINITY, timeoutMs: 1, env: options.env ?? {} },
  });
}

/** The registry client's options for a scan: packument summaries for the signals, or with each version's dependencies for remediation. */
function registryClientOptions(
  registry: RegistrySettings,
  npm: RegistryOptions,
  detail: PackumentDetail,
  now: () => Date,
  hosts: HostHealth,
  fromRegistries: ReadonlyMap<string, string>,
): RegistryClientOptions {
  return {
    hosts,
    resolvedRegistries: fromRegistries,
    ...(registry.signal ? { signal: registry.signal } : {}),
    ...(registry.startDeadline ? { startDeadline: registry.startDeadline } : {}),
    npm,
    cache: new RegistryCache(registry.db, detail),
    ttlMs: registry.ttlMs,
    offline: registry.offline,
    concurrency: 8,
    timeoutMs: registry.timeoutMs,
    ...(registry.retries !== undefined ? { retries: registry.retries } : {}),
    now,
    // The progress line follows the main fetch (every package), not the short one for remediation.
    ...(registry.onProgress && detail === 'summary' ? { onProgress: registry.onProgress } : {}),
  };
}
