import type { OmittableScope, SourceKind } from './component.js';
import type { SignalCode } from './signal.js';

/** CycloneDX 1.6 `analysis.justification` values for VEX. */
export const VEX_JUSTIFICATIONS = [
  'code_not_present',
  'code_not_reachable',
  'requires_configuration',
  'requires_dependency',
  'requires_environment',
  'protected_by_compiler',
  'protected_at_runtime',
  'protected_at_perimeter',
  'protected_by_mitigating_control',
] as const;
export type VexJustification = (typeof VEX_JUSTIFICATIONS)[number];

export interface IgnoreRule {
  id: string;
  package?: string;
  versions?: string;
  reason: string;
  /** Last day the rule applies, YYYY-MM-DD. */
  expires: string;
  justification?: VexJustification;
}

/** A validated `.deptrust.json` (docs/policy.md). */
export interface Policy {
  failOn: {
    severity: 'critical' | 'high' | 'medium' | 'low' | 'none';
    riskScore?: number;
    signals: SignalCode[];
    deniedLicenses: string[];
    allowedSources?: SourceKind[];
    allowedRegistryHosts?: string[];
  };
  omit: OmittableScope[];
  ignore: IgnoreRule[];
  /** The portfolio store for `scan --record` and `portfolio` (a PostgreSQL URL without password, or a SQLite file). */
  portfolioStore?: string;
  /** Where it was read from, or undefined for the defaults. */
  file?: string;
}

export const DEFAULT_POLICY: Policy = { failOn: { severity: 'high', signals: [], deniedLicenses: [] }, omit: [], ignore: [] };

/**
 * A violation's rule without the value that varies between runs
 * (`risk score 72 >= 70` → `risk score >= 70`): the same rule broken by the
 * same component, whatever its current score.
 */
export function ruleKind(rule: string): string {
  return rule.replace(/ \d+ >= /, ' >= ');
}
