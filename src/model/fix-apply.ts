import type { Severity } from './finding.js';
import type { FixPlan } from './remediation.js';

/** One finding as `fix --apply` compares them: a package and an advisory (a package that moved to another still-affected version keeps its finding). */
export interface FindingRef {
  name: string;
  version: string;
  advisoryId: string;
  severity: Severity;
}

/**
 * The two rounds of `fix --apply`, cheapest first: lockfile refreshes,
 * in-range and minor upgrades and overrides; then semver-major upgrades, only
 * for what the first round left.
 */
export type ApplyRound = 'minor' | 'major';

/** A change written to a package.json: `dependencies.express` from `^4.14.0` to `^4.21.2`; an override added or removed. */
export interface ManifestFieldChange {
  /** The package.json, relative to the project root. */
  file: string;
  field: string;
  from?: string;
  to?: string;
}

/**
 * What a round made worse besides its findings (pipeline/judge-round.ts): a
 * new policy violation, a new install script, a new non-registry source, a
 * declared dependency moved across a major the round did not plan.
 */
export interface RoundConcern {
  code: 'policy-violation' | 'install-script' | 'non-registry-source' | 'unplanned-major';
  name: string;
  version: string;
  /** The rule broken, the source, or `from → to`. */
  detail: string;
}

export interface ApplyStage {
  round: ApplyRound;
  /** 1, or 2 for a round tried again without the steps that introduced a finding. */
  attempt: number;
  /** The part of the plan this round applied. */
  plan: FixPlan;
  changes: ManifestFieldChange[];
  /** The relock commands run, as typed. */
  commands: string[];
  /** Kept, or undone (its files restored as they were before it) because it fixed nothing, introduced a finding or has a concern. */
  kept: boolean;
  fixed: FindingRef[];
  introduced: FindingRef[];
  /** What else it made worse; any concern undoes the round. */
  concerns: RoundConcern[];
  /** For an undone round: the steps the introduced findings' paths run through, left out when the round is tried again. */
  leftOutNext?: string[];
}

export interface FixApplyReport {
  stages: ApplyStage[];
  /** Files that differ from before `fix --apply`, relative to the project root. */
  changedFiles: string[];
  /** Compared with the scan before any change. */
  fixed: FindingRef[];
  remaining: Array<FindingRef & { reason: string }>;
  introduced: FindingRef[];
}
