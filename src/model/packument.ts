/**
 * What deptrust keeps of a registry packument (npm registry API,
 * "package metadata"): enough for the maintenance signals, small enough to
 * cache for thousands of packages.
 */
export interface PackumentSummary {
  name: string;
  /** `dist-tags.latest`. */
  latest?: string;
  /** `time.created` and `time.modified` (ISO 8601). */
  created?: string;
  modified?: string;
  /** Per version: its publish time, deprecation message and, when asked for (remediation), its declared dependencies. */
  versions: Record<string, PackumentVersion>;
  /** From the latest version (or the packument's top level). */
  repository?: string;
  license?: string;
  /** Number of maintainers, when the registry says (mirrors often strip it). */
  maintainers?: number;
}

export interface PackumentVersion {
  time?: string;
  deprecated?: string;
  /** `dependencies`, `optionalDependencies` and `peerDependencies` together (npm 7+ installs peers). */
  dependencies?: Record<string, string>;
}

/** How much of each version a summary keeps: the signals need little, remediation needs the dependency ranges. */
export type PackumentDetail = 'summary' | 'dependencies';

/** The registry's answer for one package: known, not found, or unknown (failure, offline without cache). */
export type RegistryInfo = { status: 'found'; packument: PackumentSummary } | { status: 'not-found' } | { status: 'unknown'; reason: string };
