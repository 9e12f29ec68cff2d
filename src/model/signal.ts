/**
 * Risk signals: a stable code plus typed evidence. Wording lives in reporters
 * (docs/architecture.md, "Findings and signals are data").
 */
export type SignalCode =
  // supply chain
  | 'install-script'
  | 'non-registry-source'
  | 'foreign-registry'
  | 'missing-integrity'
  | 'weak-integrity'
  | 'typosquat'
  | 'malware'
  | 'new-version'
  | 'new-package'
  // maintenance
  | 'deprecated'
  | 'stale'
  | 'behind'
  | 'no-repository'
  | 'no-license'
  | 'unparseable-license'
  | 'single-maintainer'
  // dependency weight
  | 'unused-dependency'
  | 'misplaced-dependency'
  | 'heavy-dependency';

export type SignalEvidence = Readonly<Record<string, string | number | boolean>>;

export interface Signal {
  code: SignalCode;
  componentId: string;
  evidence: SignalEvidence;
}

/** How exposed a component is in the API that ships it. */
export interface Exposure {
  /** Needed at runtime (scope prod). */
  runtime: boolean;
  /** Only dev dependencies need it. */
  devOnly: boolean;
  /** Only optional or peer edges bring it. */
  optionalOrPeer: boolean;
  direct: boolean;
  depth: number;
  pathCount: number;
  /** Components that depend on it directly. */
  dependents: number;
  /** Whether the project's own code reaches it; 'unknown' when no source was analysed. */
  reachable: boolean | 'unknown';
}

export interface ScoreReason {
  code: string;
  /** Points this reason adds (or, for the exposure factor, the multiplier applied). */
  points: number;
  detail: string;
}

export interface RiskScore {
  componentId: string;
  /** 0–100. */
  score: number;
  /** Points before the exposure factor. */
  base: number;
  /** The exposure factor applied to `base` (0–1). */
  exposureFactor: number;
  reasons: ScoreReason[];
}
