import type { InventoryProgress, OmittableScope } from '../model/component.js';
import type { Policy } from '../model/policy.js';
import type { ScanPhase } from '../model/scan-result.js';
import type { Warning } from '../model/warning.js';
import { checkProjectDirectory } from '../inventory/find-project-source.js';
import { loadPolicy } from '../policy/load-policy.js';
import { openDatabase, type Db } from '../store/db.js';
import { chooseAdvisoryProvider, type UpdateCallbacks } from './advisory-source.js';
import { databasePath } from './database-path.js';
import { networkSettings, requestLimits, withNpmTransport, type NetworkOptions } from './network-settings.js';
import type { ScanOptions } from './scan-project.js';
import { deptrustVersion } from './version.js';

/** What a user chooses for a scan, named as the CLI's flags (docs/scan.md): the CLI's flags and the library's options are both this. */
export interface ScanSetupOptions extends NetworkOptions {
  /** Scopes to leave out (`--omit`); default: the policy file's. */
  omit?: OmittableScope[];
  /** Never use the network (`--offline`). */
  offline?: boolean;
  /** The advisory database (`--db`); default `$DEPTRUST_DB` or `${XDG_CACHE_HOME:-~/.cache}/deptrust/deptrust.db` read from the environment. */
  db?: string;
  /** Advisories from the local database or the OSV API (`--source`, default local). */
  source?: 'local' | 'api';
  /** `--fail-on`; default: the policy file's, else high. */
  failOn?: Policy['failOn']['severity'];
  /** The policy file (`--config`); default: `.deptrust.json` walking up from the project. */
  config?: string;
  /** Paths per finding (`--max-paths`, default 5). */
  maxPaths?: number;
  /** Registry metadata for the maintenance signals and remediation (`--no-registry` is `false`; default true). */
  registry?: boolean;
  /** Hours cached registry metadata stays fresh (`--registry-ttl`, default 24). */
  registryTtl?: number;
  /** The lockfile to read when the project has several (`--lockfile`). */
  lockfile?: string;
}

/** Where the scan runs and whom it tells: the CLI passes its process and progress line, the library its options. */
export interface ScanSetupContext {
  env: Readonly<Record<string, string | undefined>>;
  now: () => Date;
  warn: (warning: Warning) => void;
  /** The inventory cache's salt (default: deptrust's version). */
  version?: string;
  onAutoUpdate?: () => UpdateCallbacks;
  onPhase?: (phase: ScanPhase) => void;
  /** Progress while the dependency tree loads. */
  onInventoryProgress?: InventoryProgress;
  onRegistryProgress?: (done: number, total: number) => void;
  onRegistryDone?: () => void;
}

/** Everything a scan needs, opened; `close` releases the database. */
export interface OpenedScan {
  db: Db;
  /** The policy file with the options over it. */
  policy: Policy;
  options: ScanOptions;
  maxPaths: number;
  close(): void;
}

/**
 * The one place that turns a user's options into a scan's: loads the policy
 * (the options override it), opens the database (a read-only one is used as
 * it is: a scan only reads advisories), chooses the advisory source (with an
 * automatic first `db update`) and assembles the scan options.
 */
export async function openScan(projectDir: string, setup: ScanSetupOptions, context: ScanSetupContext): Promise<OpenedScan> {
  // A mistyped folder is said at once, not after a first download of the advisory data (a minute of retries offline).
  checkProjectDirectory(projectDir);
  const loaded = await loadPolicy(projectDir, setup.config);
  const policy: Policy = { ...loaded, failOn: { ...loaded.failOn, severity: setup.failOn ?? loaded.failOn.severity } };
  const maxPaths = setup.maxPaths ?? 5;
  const offline = setup.offline === true;
  const db = openDatabase(databasePath(setup.db, context.env), { readOnlyFallback: true });
  try {
    // One deadline for every network phase of the command: OSV (API or dump) and the registry, both through npm's proxy and TLS settings.
    const network = withNpmTransport(networkSettings(setup, context.env, projectDir), projectDir, context.env);
    // The registry's requests: the same flags over npm's fetch-timeout and fetch-retries, else the registry client's defaults.
    const limits = requestLimits(setup, projectDir, context.env);
    const provider = await chooseAdvisoryProvider({
      db,
      source: setup.source ?? 'local',
      offline,
      network,
      now: context.now,
      warn: context.warn,
      ...(context.onAutoUpdate ? { onAutoUpdate: context.onAutoUpdate } : {}),
    });
    const options: ScanOptions = {
      omit: setup.omit ?? policy.omit,
      provider,
      now: context.now,
      pathSampleCap: Math.max(maxPaths, 1),
      ...(setup.lockfile === undefined ? {} : { lockfile: setup.lockfile }),
      cache: { db, salt: context.version ?? deptrustVersion(), now: context.now },
      ...(context.onPhase ? { onPhase: context.onPhase } : {}),
      ...(context.onInventoryProgress ? { onInventoryProgress: context.onInventoryProgress } : {}),
      ...(setup.registry !== false
        ? {
            registry: {
              db,
              offline,
              ttlMs: (setup.registryTtl ?? 24) * 3600 * 1000,
              timeoutMs: limits.timeoutMs ?? 30_000,
              ...(limits.retries !== undefined ? { retries: limits.retries } : {}),
              ...(network.retry.signal ? { signal: network.retry.signal } : {}),
              ...(network.retry.startDeadline ? { startDeadline: network.retry.startDeadline } : {}),
              env: context.env,
              ...(context.onRegistryProgress ? { onProgress: context.onRegistryProgress } : {}),
              ...(context.onRegistryDone ? { onDone: context.onRegistryDone } : {}),
            },
          }
        : {}),
    };
    return { db, policy, options, maxPaths, close: () => db.close() };
  } catch (error) {
    db.close();
    throw error;
  }
}
