// deptrust as a library (docs/api.md): the one public surface of the package.
// Each function takes the options of its command and returns what the
// command's `--format json` prints, as an object.
import type { OmittableScope } from './model/component.js';
import type { Policy } from './model/policy.js';
import type { ScanOptions } from './pipeline/scan-project.js';
import type { NetworkSettings } from './pipeline/network-settings.js';
import type { Db } from './store/db.js';
import type { DiffJson } from './report/diff-json.js';
import type { ExplainJson } from './report/explain.js';
import type { ScanJson } from './report/json.js';

export type { DiffJson } from './report/diff-json.js';
export type { ExplainJson } from './report/explain.js';
export type { ScanJson } from './report/json.js';
export type { OmittableScope } from './model/component.js';
export { DeptrustError, UsageError, ConfigError, DataError } from './model/errors.js';

/** The options `scan`, `diff` and `fix` share, named as the CLI's flags (docs/scan.md). */
export interface ScanApiOptions {
  /** Scopes to leave out (`--omit`); default: the policy file's. */
  omit?: OmittableScope[];
  /** Never use the network (`--offline`). */
  offline?: boolean;
  /** The advisory database (`--db`); default `$DEPTRUST_DB` or `${XDG_CACHE_HOME:-~/.cache}/deptrust/deptrust.db` read from `env`. */
  db?: string;
  /** Advisories from the local database or the OSV API (`--source`). */
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
  /** OSV endpoints (`--api-url`, `--dump-url`). */
  apiUrl?: string;
  dumpUrl?: string;
  /** Seconds per network request (`--timeout`), retries of a failed one (`--retries`), seconds for all of them (`--deadline`). */
  timeout?: number;
  retries?: number;
  deadline?: number;
  /** Leave out the generation time (`--reproducible`). */
  reproducible?: boolean;
  /** The environment for npm's configuration and the default database (default: none, so only the defaults apply). */
  env?: Readonly<Record<string, string | undefined>>;
  /** The clock (default: the system's). */
  now?: () => Date;
  /** Non-fatal problems the CLI prints as `deptrust: warning: …` (default: ignored; they are also in the result). */
  warn?: (message: string) => void;
}

/** `deptrust scan --format json`: the scan result of docs/schemas/scan-result.v1.schema.json. */
export async function scan(projectDir: string, options: ScanApiOptions = {}): Promise<ScanJson> {
  const { scanProject } = await import('./pipeline/scan-project.js');
  const { evaluatePolicy } = await import('./policy/evaluate-policy.js');
  const { scanJsonDocument } = await import('./report/json.js');
  const opened = await openScan(projectDir, options);
  try {
    const result = await scanProject(projectDir, opened.scanOptions);
    const verdict = evaluatePolicy(result, opened.policy, opened.now());
    return scanJsonDocument(result, {
      tool: opened.tool,
      ...(options.reproducible ? {} : { generatedAt: opened.now() }),
      verdict: { ...verdict, failOn: opened.policy.failOn.severity, policyFile: opened.policy.file ?? null },
      maxPaths: opened.maxPaths,
    });
  } finally {
    opened.db.close();
  }
}

/** `deptrust diff --base <base> --format json`: docs/schemas/diff-result.v1.schema.json. */
export async function diff(projectDir: string, base: string, options: ScanApiOptions & { cwd?: string } = {}): Promise<DiffJson> {
  const { diffProject } = await import('./pipeline/diff-project.js');
  const { diffJsonDocument } = await import('./report/diff-json.js');
  const path = await import('node:path');
  const opened = await openScan(projectDir, options);
  try {
    const report = await diffProject(projectDir, base, { ...opened.scanOptions, cwd: options.cwd ?? path.resolve(projectDir), policy: opened.policy });
    return diffJsonDocument(report, { tool: opened.tool, maxPaths: opened.maxPaths, ...(options.reproducible ? {} : { generatedAt: opened.now() }) });
  } finally {
    opened.db.close();
  }
}

/** `deptrust explain <package> --format json`: every component matching `name`, `name@version` or `name@range`. Never uses the network. */
export async function explain(
  packageText: string,
  projectDir: string,
  options: Pick<ScanApiOptions, 'omit' | 'db' | 'maxPaths' | 'env' | 'now'> = {},
): Promise<ExplainJson> {
  const { explainPackage } = await import('./pipeline/explain-package.js');
  const { explainJsonDocument } = await import('./report/explain.js');
  const maxPaths = options.maxPaths ?? 20;
  const now = options.now ?? (() => new Date());
  const { withOptionalStore } = await import('./pipeline/optional-store.js');
  const { databasePath } = await import('./pipeline/database-path.js');
  const { deptrustVersion } = await import('./pipeline/version.js');
  const found = await withOptionalStore(databasePath(options.db, options.env ?? {}), (db) =>
    explainPackage(projectDir, packageText, {
      omit: options.omit ?? [],
      pathSampleCap: maxPaths,
      now,
      env: options.env ?? {},
      ...(db ? { cache: { db, salt: deptrustVersion(), now }, db } : {}),
    }),
  );
  return explainJsonDocument({ inventory: found.inventory, query: packageText, matches: found.matches, scopePaths: found.scopePaths, usage: found.usage, ...(found.scan ? { scan: found.scan } : {}) }, { maxPaths });
}

/** `deptrust sbom`: the CycloneDX document (JSON or XML text), validated against its schema. Without `vulnerabilities: false` and with advisory data in the database, it carries the findings and VEX. Never uses the network. */
export async function sbom(
  projectDir: string,
  options: Pick<ScanApiOptions, 'omit' | 'db' | 'config' | 'env' | 'now'> & { spec?: '1.6' | '1.5' | '1.4'; format?: 'json' | 'xml'; reproducible?: boolean; vulnerabilities?: boolean } = {},
): Promise<string> {
  const { randomUUID } = await import('node:crypto');
  const { validatedSbom } = await import('./report/cyclonedx-validation.js');
  const { withOptionalStore } = await import('./pipeline/optional-store.js');
  const { databasePath } = await import('./pipeline/database-path.js');
  const { deptrustVersion } = await import('./pipeline/version.js');
  const { hasAdvisoryData } = await import('./pipeline/advisory-database.js');
  const { inventoryProject } = await import('./pipeline/inventory-project.js');
  const now = options.now ?? (() => new Date());
  const spec = options.spec ?? '1.6';
  const version = deptrustVersion();
  return withOptionalStore(databasePath(options.db, options.env ?? {}), async (db) => {
    const cache = db ? { cache: { db, salt: version, now } } : {};
    const settings = {
      spec,
      format: options.format ?? 'json',
      reproducible: options.reproducible === true,
      timestamp: now(),
      serialNumber: `urn:uuid:${randomUUID()}`,
      tool: { name: 'deptrust', version },
    } as const;
    if (db && options.vulnerabilities !== false && hasAdvisoryData(db)) {
      const { scanOffline } = await import('./pipeline/scan-project.js');
      const { evaluatePolicy } = await import('./policy/evaluate-policy.js');
      const { loadPolicy } = await import('./policy/load-policy.js');
      const policy = await loadPolicy(projectDir, options.config);
      const result = await scanOffline(projectDir, db, { omit: options.omit ?? policy.omit, now, env: options.env ?? {}, ...cache });
      const verdict = evaluatePolicy(result, policy, now());
      const risk = { findings: result.findings, suppressed: verdict.suppressed, scores: result.scores, signals: result.signals, remediations: result.remediations };
      return validatedSbom(result.inventory, { ...settings, risk });
    }
    const inventory = await inventoryProject(projectDir, { omit: options.omit ?? [], ...cache });
    return validatedSbom(inventory, settings);
  });
}

interface OpenedScan {
  db: Db;
  policy: Policy;
  scanOptions: ScanOptions;
  tool: { name: string; version: string };
  now: () => Date;
  maxPaths: number;
}

/** The policy (the options over it), the database and the advisory source, as `deptrust scan` prepares them. */
async function openScan(projectDir: string, options: ScanApiOptions): Promise<OpenedScan> {
  const { loadPolicy } = await import('./policy/load-policy.js');
  const { openDatabase } = await import('./store/db.js');
  const { chooseAdvisoryProvider } = await import('./pipeline/advisory-source.js');
  const { DEFAULT_NETWORK, withNpmTransport } = await import('./pipeline/network-settings.js');
  const { databasePath } = await import('./pipeline/database-path.js');
  const { deptrustVersion } = await import('./pipeline/version.js');
  const env = options.env ?? {};
  const now = options.now ?? (() => new Date());
  const loaded = await loadPolicy(projectDir, options.config);
  const policy: Policy = { ...loaded, failOn: { ...loaded.failOn, severity: options.failOn ?? loaded.failOn.severity } };
  const maxPaths = options.maxPaths ?? 5;
  const version = deptrustVersion();
  const db = openDatabase(databasePath(options.db, env));
  try {
    const network: NetworkSettings = withNpmTransport({
      apiUrl: options.apiUrl ?? DEFAULT_NETWORK.apiUrl,
      dumpUrl: options.dumpUrl ?? DEFAULT_NETWORK.dumpUrl,
      concurrency: DEFAULT_NETWORK.concurrency,
      retry: {
        ...DEFAULT_NETWORK.retry,
        ...(options.timeout ? { timeoutMs: options.timeout * 1000 } : {}),
        ...(options.retries !== undefined ? { retries: options.retries } : {}),
        ...(options.deadline ? { signal: AbortSignal.timeout(options.deadline * 1000) } : {}),
      },
    }, projectDir, env);
    const provider = await chooseAdvisoryProvider({ db, source: options.source ?? 'local', offline: options.offline === true, network, now, warn: options.warn ?? (() => undefined) });
    const scanOptions: ScanOptions = {
      omit: options.omit ?? policy.omit,
      provider,
      now,
      pathSampleCap: Math.max(maxPaths, 1),
      cache: { db, salt: version, now },
      ...(options.registry !== false
        ? {
            registry: {
              db,
              offline: options.offline === true,
              ttlMs: (options.registryTtl ?? 24) * 3600 * 1000,
              timeoutMs: (options.timeout ?? 30) * 1000,
              ...(options.retries !== undefined ? { retries: options.retries } : {}),
              env,
            },
          }
        : {}),
    };
    return { db, policy, scanOptions, tool: { name: 'deptrust', version }, now, maxPaths };
  } catch (error) {
    db.close();
    throw error;
  }
}
