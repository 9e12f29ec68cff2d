import type { Finding, Severity } from '../model/finding.js';
import { severityRank } from '../model/finding.js';
import type { ScanResult } from '../model/scan-result.js';

/** `--fail-on`: a severity, or `none` (only malware fails). */
export type FailOn = Exclude<Severity, 'malware' | 'unknown'> | 'none';

export interface PolicyOptions {
  failOn: FailOn;
}

export interface Violation {
  componentId: string;
  primaryId: string;
  /** The rule broken: `malware` (always fails) or `fail-on <severity>`. */
  rule: string;
}

export interface Verdict {
  passed: boolean;
  violations: Violation[];
}

/**
 * `unknown` severity (no CVSS vector and no database severity) counts as
 * medium when compared with `--fail-on`: not knowing is no reason to pass.
 */
function effectiveRank(level: Severity): number {
  return severityRank(level === 'unknown' ? 'medium' : level);
}

export function violatesFailOn(finding: Finding, failOn: FailOn): boolean {
  if (finding.malicious) return true;
  if (failOn === 'none') return false;
  return effectiveRank(finding.rating.level) <= severityRank(failOn);
}

/** Which findings break the policy (pure). */
export function evaluatePolicy(result: Pick<ScanResult, 'findings'>, options: PolicyOptions): Verdict {
  const violations: Violation[] = [];
  for (const finding of result.findings) {
    if (finding.malicious) violations.push({ componentId: finding.componentId, primaryId: finding.primaryId, rule: 'malware' });
    else if (violatesFailOn(finding, options.failOn)) violations.push({ componentId: finding.componentId, primaryId: finding.primaryId, rule: `fail-on ${options.failOn}` });
  }
  return { passed: violations.length === 0, violations };
}
