import type { Component, Inventory } from '../model/component.js';
import type { PortfolioRecord, ProjectIdentity, RecordedComponent, SeverityCounts } from '../model/portfolio.js';
import type { IgnoreRule } from '../model/policy.js';
import type { ScanResult } from '../model/scan-result.js';
import { compareRecordedFindings, toRecordedFinding } from './recorded-finding.js';

export interface RecordContext {
  id: string;
  project: ProjectIdentity;
  branch: string;
  commit?: string;
  recordedAt: Date;
  toolVersion: string;
  verdict: { passed: boolean; violations: number };
  /** The ignore rules of the policy the scan applied. */
  ignore: readonly IgnoreRule[];
}

/** What `scan --record` stores of a scan (pure): every component, every finding, the risk, the verdict and the ignore rules behind it. */
export function buildRecord(result: Pick<ScanResult, 'inventory' | 'findings' | 'scores' | 'data'>, context: RecordContext): PortfolioRecord {
  const byId = new Map(result.inventory.components.map((component) => [component.id, component]));
  const risk = new Map(result.scores.map((score) => [score.componentId, score.score]));
  const components = result.inventory.components.map((component): RecordedComponent => ({
    name: component.name,
    version: component.version,
    purl: component.purl,
    scope: component.scope,
    sourceKind: component.source.kind,
    direct: component.direct,
    depth: component.depth,
    pathCount: result.inventory.paths.get(component.id)?.count ?? 0,
    ...(component.license !== undefined ? { license: component.license } : {}),
    samplePath: samplePath(result.inventory, component, byId),
    risk: risk.get(component.id) ?? 0,
  }));
  const findings = result.findings.flatMap((finding) => {
    const component = byId.get(finding.componentId);
    return component ? [toRecordedFinding(finding, component)] : [];
  });
  findings.sort(compareRecordedFindings);
  return {
    id: context.id,
    project: context.project,
    branch: context.branch,
    ...(context.commit !== undefined ? { commit: context.commit } : {}),
    recordedAt: context.recordedAt.toISOString(),
    toolVersion: context.toolVersion,
    data: { source: result.data.description, ...(result.data.updatedAt !== undefined ? { updatedAt: result.data.updatedAt } : {}) },
    components,
    findings,
    counts: severityCounts(findings),
    highestRisk: components.reduce((highest, component) => Math.max(highest, component.risk), 0),
    verdict: context.verdict,
    ignore: context.ignore.map((rule) => ({ ...rule })),
  };
}

export function severityCounts(findings: ReadonlyArray<{ severity: PortfolioRecord['findings'][number]['severity']; malicious: boolean }>): SeverityCounts {
  const counts: SeverityCounts = { malware: 0, critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
  for (const finding of findings) counts[finding.malicious ? 'malware' : finding.severity] += 1;
  return counts;
}

/** The first sampled path, as `a@1.0.0 > b@2.0.0` (the component alone when no path reaches it). */
function samplePath(inventory: Pick<Inventory, 'paths'>, component: Component, byId: ReadonlyMap<string, Component>): string {
  const path = inventory.paths.get(component.id)?.sample[0] ?? [component.id];
  return path
    .map((id) => byId.get(id))
    .filter((step): step is Component => step !== undefined)
    .map((step) => `${step.name}@${step.version}`)
    .join(' > ');
}
