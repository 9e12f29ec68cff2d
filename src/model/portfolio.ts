import type { DependencyScope, SourceKind } from './component.js';
import type { Severity } from './finding.js';

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
  header: RecordHeader;
  components: RecordedComponent[];
  findings: RecordedFinding[];
  /** When the baseline is a stored audit: its time. */
  auditedAt?: string;
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
  /** The added findings that fail the policy (malware always). */
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
  /** Components and baseline findings of one record. */
  baseline(header: RecordHeader): Promise<AuditBaseline>;
  recordAudit(audit: AuditRecord): Promise<void>;
  /** Deletes old records (never the latest of a project and branch); returns how many. */
  prune(rule: PruneRule): Promise<number>;
  close(): Promise<void>;
}
