import type { DependencyScope, SourceKind } from './component.js';
import type { Severity } from './finding.js';
import type { IgnoreRule } from './policy.js';

/**
 * Who a recording is about: the package.json name, the git remote (normalised,
 * credentials stripped) and the project's folder inside the repository ('' at
 * the root). `key` is what makes two recordings the same project.
 */
export interface ProjectIdentity {
  key: string;
  name: string;
  repository?: string;
  folder: string;
}

/** One component as a recording keeps it. */
export interface RecordedComponent {
  name: string;
  version: string;
  purl: string;
  scope: DependencyScope;
  sourceKind: SourceKind;
  direct: boolean;
  depth: number;
  pathCount: number;
  license?: string;
  /** The first path from the root, as `a@1.0.0 > b@2.0.0`. */
  samplePath: string;
  /** The component's risk score, 0–100. */
  risk: number;
}

/** One finding as a recording (or an audit) keeps it. */
export interface RecordedFinding {
  /** The affected component's purl. */
  purl: string;
  name: string;
  version: string;
  primaryId: string;
  /** Every id and alias, primary first. */
  ids: string[];
  severity: Severity;
  malicious: boolean;
  fixedVersions: string[];
}

export const RECORD_SEVERITIES = ['malware', 'critical', 'high', 'medium', 'low', 'unknown'] as const satisfies readonly Severity[];

/** Findings per severity (malware counted apart from its rating). */
export type SeverityCounts = Record<(typeof RECORD_SEVERITIES)[number], number>;

/** Everything one `scan --record` stores. */
export interface PortfolioRecord {
  /** A random UUID: CI roles insert without reading anything back. */
  id: string;
  project: ProjectIdentity;
  branch: string;
  commit?: string;
  recordedAt: string;
  toolVersion: string;
  /** Which advisory data the scan used. */
  data: { source: string; updatedAt?: string };
  components: RecordedComponent[];
  findings: RecordedFinding[];
  counts: SeverityCounts;
  highestRisk: number;
  verdict: { passed: boolean; violations: number };
  /**
   * The ignore rules of the policy the scan applied (its policy file as it
   * was then), so that an audit of the record applies them as the scan would.
   * Empty for a record made by a deptrust that did not keep them.
   */
  ignore: IgnoreRule[];
}

/** A record's header: its components and findings counted, not listed. */
export type RecordHeader = Omit<PortfolioRecord, 'components' | 'findings'> & { componentCount: number };

/** A component found by `portfolio who`, with the record it is in. */
export interface WhoRow {
  record: Pick<RecordHeader, 'id' | 'project' | 'branch' | 'commit' | 'recordedAt'>;
  component: RecordedComponent;
}

/** What an audit compares against for one record: its last audit's findings, or the record's own. */
export interface AuditBaseline {
  findings: RecordedFinding[];
  /** When the baseline is a stored audit: its time. */
  auditedAt?: string;
}

/** A component of one of the latest records (`PortfolioStore.latestComponents`). */
export interface LatestComponent {
  recordId: string;
  component: RecordedComponent;
}

/** One stored audit of one record (`portfolio audit --record`). */
export interface AuditRecord {
  id: string;
  recordId: string;
  auditedAt: string;
  data: { source: string; updatedAt?: string };
  findings: RecordedFinding[];
}

/** Why a finding of the baseline is gone, the recorded inventory being unchanged. */
export type ResolvedReason =
  /** Every advisory of the finding is withdrawn. */
  | 'withdrawn'
  /** The advisory no longer covers this version (its ranges were corrected), or the data no longer holds it. */
  | 'not-affected';

export interface ProjectAudit {
  header: RecordHeader;
  /** What the news is relative to: the last stored audit of the record, or the record itself. */
  since: string;
  /** Every finding the current data gives the recorded inventory. */
  current: RecordedFinding[];
  /** Findings not in the baseline. */
  added: RecordedFinding[];
  /** Findings of the baseline the current data no longer gives. */
  resolved: Array<{ finding: RecordedFinding; reason: ResolvedReason }>;
  /** Added findings an ignore rule of the record covers (as the scan would suppress them): not failing. */
  ignored: Array<{ finding: RecordedFinding; rule: IgnoreRule }>;
  /** Findings of the baseline that an ignore rule covered then and covers no more (it expired since): news as well. */
  ignoreExpired: Array<{ finding: RecordedFinding; rule: IgnoreRule }>;
  /** The added findings, and those whose ignore rule expired, that fail the policy (malware always). */
  failing: RecordedFinding[];
}

export type PruneRule = { keep: number } | { olderThan: string };

/**
 * The portfolio store (docs/portfolio.md): embedded SQLite or PostgreSQL
 * behind one contract. Reads always see the latest record per project and branch.
 */
export interface PortfolioStore {
  /** Where it is, with no credentials (for messages). */
  readonly description: string;
  record(record: PortfolioRecord): Promise<void>;
  /** The latest record of every project and branch, sorted by project key then branch. */
  latest(): Promise<RecordHeader[]>;
  /** Components with that real name in the latest records. */
  who(name: string): Promise<WhoRow[]>;
  /** Every distinct registry package (name and version) in the latest records, for fetching advisories once. */
  latestPackages(): Promise<Array<{ name: string; version: string }>>;
  /** The registry components of the latest records whose name and version are among `packages` (one read for the whole portfolio). */
  latestComponents(packages: ReadonlyArray<{ name: string; version: string }>): Promise<LatestComponent[]>;
  /** The baseline of every latest record, by record id: its last stored audit's findings, or its own. */
  latestBaselines(): Promise<Map<string, AuditBaseline>>;
  /** Stores audits of latest records (`portfolio audit --record`), all in one transaction. */
  recordAudits(audits: readonly AuditRecord[]): Promise<void>;
  /** Deletes old records (never the latest of a project and branch); returns how many. */
  prune(rule: PruneRule): Promise<number>;
  close(): Promise<void>;
}
