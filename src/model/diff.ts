import type { SourceKind } from './component.js';
import type { Finding } from './finding.js';
import type { RiskSummaryData } from './scan-result.js';
import type { Signal } from './signal.js';

/** How a package differs between the base and the change. */
export type ChangeKind = 'added' | 'removed' | 'upgraded' | 'downgraded' | 'source-changed';

/** One side of a change: a component as the base or the change has it. */
export interface ChangedSide {
  componentId: string;
  version: string;
  source: SourceKind;
  sourceUrl?: string;
  scope: string;
  direct: boolean;
  hasInstallScript: boolean;
  /** Its risk score (0–100). */
  risk: number;
}

export interface ComponentChange {
  name: string;
  kind: ChangeKind;
  before?: ChangedSide;
  after?: ChangedSide;
  /** True when the package now comes from a different kind of source (registry → git, say). */
  sourceChanged: boolean;
}

/** A policy violation, as the policy stage reports it. */
export interface DiffViolation {
  componentId: string;
  primaryId: string;
  rule: string;
}

/** A side's size and risk: dependency counts and the sum and maximum of the component scores. */
export interface TreeTotals {
  counts: RiskSummaryData['counts'];
  /** Sum of every component's risk score. */
  totalRisk: number;
  maxRisk: number;
}

/**
 * What a change does to the dependency tree and its risk: the packages it
 * adds, removes, upgrades or downgrades, and which findings, signals and
 * policy violations it introduces or resolves. Findings and violations the
 * base already had are `existing`: shown, never failing the change.
 */
export interface ScanDiff {
  base: TreeTotals;
  head: TreeTotals;
  changes: ComponentChange[];
  /** Direct dependencies the base did not declare (component ids of the change). */
  newDirect: string[];
  /** Components with an install script whose package had none in the base (component ids of the change). */
  newInstallScripts: string[];
  findings: { introduced: Finding[]; resolved: Finding[]; existing: Finding[] };
  signals: { introduced: Signal[]; resolved: Signal[] };
  violations: { introduced: DiffViolation[]; existing: DiffViolation[] };
  /** Per package whose highest score changed, largest change first. */
  riskDelta: Array<{ name: string; before: number; after: number; delta: number }>;
}
