// deptrust as a library (docs/api.md): the one public surface of the package.
// Each function takes the options of its command and returns what the
// command's `--format json` prints, as an object.
import type { OpenedScan, ScanSetupOptions } from './pipeline/open-scan.js';
import type { DiffJson } from './report/diff-json.js';
import type { ExplainJson } from './report/explain.js';
import type { ScanJson } from './report/json.js';
import type { CycloneDxJson } from './report/cyclonedx-validation.js';
import type { WarningJson } from './report/warning-text.js';

export type { DiffJson } from './report/diff-json.js';
export type { ExplainJson } from './report/explain.js';
export type { ScanJson, FindingJson, RemediationJson, PathsJson } from './report/json.js';
export type { WarningJson } from './report/warning-text.js';
export type { Warning, WarningCode } from './model/warning.js';
export type { CycloneDxJson } from './report/cyclonedx-validation.js';
export type { OmittableScope } from './model/component.js';
export { DeptrustError, UsageError, ProjectError, ConfigError, DataError, NetworkError } from './model/errors.js';

/** The options `scan`, `diff` and `fix` share, named as the CLI's flags (docs/scan.md), and what the library adds. */
export interface ScanApiOptions extends ScanSetupOptions {
  /** Leave out the generation time (`--reproducible`). */
  reproducible?: boolean;
  /** The environment for npm's configuration and the default database (default: none, so only the defaults apply). */
  env?: Readonly<Record<string, string | undefined>>;
  /** The clock (default: the system's). */
  now?: () => Date;
  /**
   * Told of problems met on the way that the CLI prints as `deptrust: warning: …` (the OSV API failed, the
   * built-in sample stands in for a missing database): a coded warning with its words (default: ignored).
   * The result's own warnings are in the result.
   */
  warn?: (warning: WarningJson) => void;
}

/** `deptrust scan --format json`: the scan result of docs/schemas/scan-result.v2.schema.json. */
export async function scan(projectDir: string, options: ScanApiOptions = {}): Promise<ScanJson> {
  const { scanProject } = await import('./pipeline/scan-project.js');
  const { evaluatePolicy } = await import('./policy/evaluate-policy.js');
  const { scanJsonDocument } = await import('./report/json.js');
  const opened = await openScan(projectDir, options);
  try {
    const result = await scanProject(projectDir, opened.options);
    const verdict = evaluatePolicy(result, opened.policy, opened.now());
    return scanJsonDocument(result, {
      tool: opened.tool,
      ...(options.reproducible ? {} : { generatedAt: opened.now() }),
      verdict: { ...verdict, failOn: opened.policy.failOn.severity, policyFile: opened.policy.file ?? null },
      maxPaths: opened.maxPaths,
    });
  } finally {
    opened.close();
  }
}

/** `deptrust diff --base <base> --format json`: docs/schemas/diff-result.v2.schema.json. */
export async function diff(projectDir: string, base: string, options: ScanApiOptions & { cwd?: string } = {}): Promise<DiffJson> {
  const { diffProject } = await import('./pipeline/diff-project.js');
  const { diffJsonDocument } = await import('./report/diff-json.js');
  const path = await import('node:path');
  const opened = await openScan(projectDir, options);
  try {
    const report = await diffProject(projectDir, base, { ...opened.options, cwd: options.cwd ?? path.resolve(projectDir), policy: opened.policy });
    return diffJsonDocument(report, { tool: opened.tool, maxPaths: opened.maxPaths, ...(options.reproducible ? {} : { generatedAt: opened.now() }) });
  } finally {
    opened.close();
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
  return explainJsonDocument({ inventory: found.inventory, query: packageText, matches: found.matches, scopePaths: found.scopePaths, usage: found.usage, costs: found.costs, ...(found.scan ? { scan: found.scan } : {}) }, { maxPaths });
}

/** What `sbom` returns: the document `deptrust sbom` writes, and its JSON model. */
export interface SbomResult {
  /** The document as `deptrust sbom` writes it, in `format`. */
  text: string;
  format: 'json' | 'xml';
  spec: '1.6' | '1.5' | '1.4';
  /** The same BOM as CycloneDX JSON, parsed (for XML too): components, dependencies, vulnerabilities with their VEX analysis. */
  bom: CycloneDxJson;
}

/** `deptrust sbom`: the CycloneDX document, validated against its schema. Without `vulnerabilities: false` and with advisory data in the database, it carries the findings and VEX. Never uses the network. */
export async function sbom(
  projectDir: string,
  options: Pick<ScanApiOptions, 'omit' | 'db' | 'config' | 'lockfile' | 'env' | 'now' | 'warn'> & { spec?: '1.6' | '1.5' | '1.4'; format?: 'json' | 'xml'; reproducible?: boolean; vulnerabilities?: boolean } = {},
): Promise<SbomResult> {
  // The same function as `deptrust sbom` (src/cli/commands/sbom.ts), so both give the same document.
  const { sbomProject } = await import('./pipeline/sbom-project.js');
  const { parseValidatedSbom } = await import('./report/cyclonedx-validation.js');
  const { databasePath } = await import('./pipeline/database-path.js');
  const { deptrustVersion } = await import('./pipeline/version.js');
  const { warningJson } = await import('./report/warning-text.js');
  const env = options.env ?? {};
  const spec = options.spec ?? '1.6';
  const format = options.format ?? 'json';
  const forms = await sbomProject(projectDir, {
    spec,
    format,
    reproducible: options.reproducible === true,
    vulnerabilities: options.vulnerabilities !== false,
    ...(options.omit ? { omit: options.omit } : {}),
    ...(options.config === undefined ? {} : { config: options.config }),
    ...(options.lockfile === undefined ? {} : { lockfile: options.lockfile }),
    dbFile: databasePath(options.db, env),
    env,
    now: options.now ?? (() => new Date()),
    version: deptrustVersion(),
    warn: (warning) => options.warn?.(warningJson(warning)),
  });
  return { text: forms.text, format, spec, bom: parseValidatedSbom(forms.json) };
}

/** The scan as the CLI opens it (src/pipeline/open-scan.ts), with the library's defaults for what the CLI takes from its process. */
async function openScan(projectDir: string, options: ScanApiOptions): Promise<OpenedScan & { tool: { name: string; version: string }; now: () => Date }> {
  const { openScan: openScanWith } = await import('./pipeline/open-scan.js');
  const { deptrustVersion } = await import('./pipeline/version.js');
  const now = options.now ?? (() => new Date());
  const version = deptrustVersion();
  const { warningJson } = await import('./report/warning-text.js');
  const opened = await openScanWith(projectDir, options, { env: options.env ?? {}, now, warn: (warning) => options.warn?.(warningJson(warning)), version });
  return { ...opened, tool: { name: 'deptrust', version }, now };
}
