/** Severity levels, most severe first. Malware is its own top category. */
export const SEVERITIES = ['malware', 'critical', 'high', 'medium', 'low', 'unknown'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type SeverityMethod = 'CVSSv4' | 'CVSSv31' | 'CVSSv3' | 'CVSSv2' | 'database' | 'none';

export interface SeverityRating {
  level: Severity;
  /** CVSS base score, when a vector gave one. */
  score?: number;
  vector?: string;
  method: SeverityMethod;
}

export interface AdvisoryReference {
  type: string;
  url: string;
}

/** One OSV record as a finding needs it. */
export interface AdvisorySummary {
  id: string;
  aliases: string[];
  summary?: string;
  details?: string;
  published?: string;
  modified: string;
  rating: SeverityRating;
  /** Every CVSS vector the record carries, rated. */
  ratings: SeverityRating[];
  cwes: string[];
  references: AdvisoryReference[];
  malicious: boolean;
}

/** Where a declaring parent stands on the fix. */
export interface FixDeclaration {
  /** Component id of the parent, '' for the root project. */
  from: string;
  /** The declared spec of the dependency. */
  spec: string;
  /** True when the declared range already admits the fixed version. */
  admitsFix: boolean;
}

export interface FixInfo {
  /** The lowest fixed version above the installed one. */
  fixedIn?: string;
  /** Every fixed version the matching ranges name, ascending. */
  fixedVersions: string[];
  /** True when every declaring parent's range admits `fixedIn`: refreshing the lockfile fixes it. */
  lockfileRefreshFixes: boolean;
  declaredBy: FixDeclaration[];
}

/**
 * Advisories affecting one component. Records that share an id or alias
 * (a GHSA and its CVE, say) are one finding listing all ids.
 */
export interface Finding {
  componentId: string;
  /** The record ids in this group, primary first. */
  advisoryIds: string[];
  /** The primary id first, then every other id and alias of the group, sorted. */
  ids: string[];
  /** The id of the group's first record: its own id, never an alias, so it stays when aliases are added. */
  primaryId: string;
  summary: string;
  rating: SeverityRating;
  malicious: boolean;
  advisories: AdvisorySummary[];
  fix: FixInfo;
  /** Risk score of this finding, 0–100 (severity × exposure; docs/scoring.md), once scored. */
  risk?: number;
}

/** A component whose version cannot be checked against the registry's advisories. */
export interface UnverifiableComponent {
  componentId: string;
  reason: 'git' | 'tarball' | 'file' | 'directory' | 'link' | 'workspace';
}

export function severityRank(level: Severity): number {
  return SEVERITIES.indexOf(level);
}
