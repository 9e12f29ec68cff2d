import type { Severity } from '../model/finding.js';
import { SEVERITIES } from '../model/finding.js';
import { ruleKind } from '../model/policy.js';
import type { ScanResult } from '../model/scan-result.js';

export interface ScanSummary {
  components: number;
  vulnerableComponents: number;
  findings: number;
  bySeverity: Record<Severity, number>;
  unverifiable: number;
}

export function summarise(result: ScanResult): ScanSummary {
  const bySeverity: Record<Severity, number> = { malware: 0, critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
  for (const finding of result.findings) bySeverity[finding.rating.level]++;
  return {
    components: result.inventory.components.length,
    vulnerableComponents: new Set(result.findings.map((f) => f.componentId)).size,
    findings: result.findings.length,
    bySeverity,
    unverifiable: result.unverifiable.length,
  };
}

/** `581 components, 9 vulnerable, 23 findings (1 malware, 5 critical, …)`. */
export function summaryLine(result: ScanResult, now: Date): string {
  const s = summarise(result);
  const counts = SEVERITIES.filter((level) => s.bySeverity[level] > 0).map((level) => `${s.bySeverity[level]} ${level}`);
  const data = result.data;
  const age = data.updatedAt ? `, updated ${data.updatedAt.slice(0, 10)} (${Math.max(0, Math.floor((now.getTime() - Date.parse(data.updatedAt)) / 86_400_000))} days ago)` : '';
  return (
    `${s.components} components, ${s.vulnerableComponents} vulnerable, ${s.findings} findings${counts.length ? ` (${counts.join(', ')})` : ''}` +
    `${s.unverifiable ? `, ${s.unverifiable} from unverifiable sources` : ''}. Advisories: ${data.description}, ${data.advisoryCount} records${age}.`
  );
}

/** `fail-on high, signal typosquat`: the distinct rules some violations break. */
export function ruleSummary(violations: ReadonlyArray<{ rule: string }>): string {
  return [...new Set(violations.map((v) => ruleKind(v.rule)))].join(', ');
}
