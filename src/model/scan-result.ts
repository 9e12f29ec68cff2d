import type { Inventory } from './component.js';
import type { Finding, UnverifiableComponent } from './finding.js';
import type { MetaVulnerability, Remediation } from './remediation.js';
import type { Exposure, RiskScore, Signal } from './signal.js';
import type { Warning } from './warning.js';
import type { UsageAnalysis } from './usage.js';

export type AdvisoryDataKind = 'database' | 'api' | 'sample';

/** Where the advisories of a scan came from, and how fresh they are. */
export interface AdvisoryDataInfo {
  kind: AdvisoryDataKind;
  /** A short human description (`OSV npm dump`, `OSV API at …`, `built-in sample`). */
  description: string;
  /** When the data was last updated (ISO 8601), when known. */
  updatedAt?: string;
  /** Advisories in the data set (for the API: the records fetched for this scan). */
  advisoryCount: number;
}

export interface ScanResult {
  inventory: Inventory;
  findings: Finding[];
  unverifiable: UnverifiableComponent[];
  data: AdvisoryDataInfo;
  signals: Signal[];
  exposure: Map<string, Exposure>;
  /** One per component, in inventory order. */
  scores: RiskScore[];
  risk: RiskSummaryData;
  /** How to fix each vulnerable component, in the order of its findings. */
  remediations: Remediation[];
  /** Parents whose declared ranges admit only vulnerable versions of a child (npm's meta-vulnerabilities). */
  metaVulnerabilities: MetaVulnerability[];
  /** What the analysis of the project's own code found (undefined when it has none). */
  sourceAnalysis?: { filesParsed: number; importedPackages: number; parseErrors: string[] };
  /** Whether each declared dependency is used, with the evidence (docs/reduce.md); undefined for a tree without its project's files. */
  usage?: UsageAnalysis;
  /** Where each component is written down: lockfile entry lines by location, package.json lines by declared name. */
  declarations: {
    /** The project's folder relative to its git repository's root (`services/api`), '' at the root or outside git. */
    projectFolder?: string;
    lockfile?: { file: string; lines: Map<string, number> };
    manifest?: { file: string; lines: Map<string, number> };
    /** Workspace package.json files and their declaration lines, by workspace folder. */
    workspaceManifests?: Map<string, { file: string; lines: Map<string, number> }>;
  };
  /** Non-fatal problems (stale data, API fallback, lockfile out of sync). */
  warnings: Warning[];
}

export interface RiskSummaryData {
  distribution: Record<'0-19' | '20-39' | '40-59' | '60-79' | '80-100', number>;
  top: Array<{ componentId: string; score: number }>;
  counts: { components: number; direct: number; transitive: number; prod: number; dev: number; optional: number };
  weight: Array<{ componentId: string; transitive: number }>;
}

/** The stages of a scan, in order, as they start (for progress: the CLI words them). */
export type ScanPhase = 'inventory' | 'advisories' | 'match' | 'signals' | 'registry' | 'score' | 'remediation';
