import type { Component } from '../model/component.js';
import type { Finding } from '../model/finding.js';
import type { ScanResult } from '../model/scan-result.js';
import { componentsById, pathLabel } from './path-label.js';
import { summarise } from './summary.js';

/** Bumped on any incompatible change; docs/schemas/scan-result.v1.schema.json describes version 1. */
export const JSON_SCHEMA_VERSION = 1;

export interface JsonVerdict {
  passed: boolean;
  failOn: string;
  policyFile: string | null;
  violations: Array<{ componentId: string; primaryId: string; rule: string }>;
  suppressed: Array<{ componentId: string; primaryId: string; rule: { id: string; reason: string; expires: string } }>;
  warnings: string[];
}

export interface JsonOptions {
  tool: { name: string; version: string };
  /** Omitted when undefined (`--reproducible`). */
  generatedAt?: Date;
  verdict?: JsonVerdict;
  /** Paths printed per component. */
  maxPaths: number;
}

/** The scan as JSON (docs/json-output.md), keys in a fixed order, lists sorted: same input, same bytes. */
export function renderJson(result: ScanResult, options: JsonOptions): string {
  const { inventory } = result;
  const byId = componentsById(inventory);
  const scores = new Map(result.scores.map((score) => [score.componentId, score]));
  const signals = new Map<string, ScanResult['signals']>();
  for (const signal of result.signals) signals.set(signal.componentId, [...(signals.get(signal.componentId) ?? []), signal]);
  const paths = (component: Component) => {
    const entry = inventory.paths.get(component.id) ?? { count: 0, sample: [] };
    return { count: entry.count, sample: entry.sample.slice(0, options.maxPaths).map((path) => pathLabel(inventory, path, byId)) };
  };
  const document = {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: options.tool,
    ...(options.generatedAt ? { generatedAt: options.generatedAt.toISOString() } : {}),
    project: {
      name: inventory.project.name,
      version: inventory.project.version ?? null,
      sourceFile: inventory.sourceFile,
      lockfileVersion: inventory.lockfileVersion ?? null,
      workspaces: inventory.workspaces,
    },
    advisoryData: { ...result.data, updatedAt: result.data.updatedAt ?? null },
    summary: summarise(result),
    risk: {
      ...result.risk,
      sourceAnalysis: result.sourceAnalysis ?? null,
    },
    verdict: options.verdict
      ? {
          ...options.verdict,
          suppressed: options.verdict.suppressed.map((s) => ({ componentId: s.componentId, primaryId: s.primaryId, rule: { id: s.rule.id, reason: s.rule.reason, expires: s.rule.expires } })),
        }
      : null,
    findings: result.findings.map((finding) => findingJson(finding, byId, paths)),
    unverifiable: result.unverifiable.map((item) => {
      const component = byId.get(item.componentId);
      return { componentId: item.componentId, name: component?.name ?? '', version: component?.version ?? '', source: item.reason, url: component?.source.url ?? null };
    }),
    components: inventory.components.map((component) => {
      const score = scores.get(component.id);
      const exposure = result.exposure.get(component.id);
      return {
      id: component.id,
      name: component.name,
      version: component.version,
      purl: component.purl,
      aliases: component.aliases,
      source: { kind: component.source.kind, url: component.source.url ?? null },
      scope: component.scope,
      peer: component.flags.peer,
      bundled: component.flags.bundled,
      direct: component.direct,
      depth: component.depth,
      license: component.license ?? null,
      integrity: component.integrity ?? null,
      hasInstallScript: component.hasInstallScript,
      pathCount: inventory.paths.get(component.id)?.count ?? 0,
      exposure: exposure ?? null,
      signals: (signals.get(component.id) ?? []).map((signal) => ({ code: signal.code, evidence: signal.evidence })),
      risk: score ? { score: score.score, base: score.base, exposureFactor: score.exposureFactor, reasons: score.reasons } : null,
      };
    }),
    warnings: result.warnings,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function findingJson(
  finding: Finding,
  byId: ReadonlyMap<string, Component>,
  paths: (component: Component) => { count: number; sample: string[] },
): unknown {
  const component = byId.get(finding.componentId);
  return {
    id: finding.primaryId,
    ids: finding.ids,
    risk: finding.risk ?? null,
    summary: finding.summary,
    component: component
      ? { id: component.id, name: component.name, version: component.version, purl: component.purl, scope: component.scope, direct: component.direct, depth: component.depth }
      : { id: finding.componentId },
    severity: { level: finding.rating.level, score: finding.rating.score ?? null, vector: finding.rating.vector ?? null, method: finding.rating.method },
    malicious: finding.malicious,
    fix: {
      fixedIn: finding.fix.fixedIn ?? null,
      fixedVersions: finding.fix.fixedVersions,
      lockfileRefreshFixes: finding.fix.lockfileRefreshFixes,
      declaredBy: finding.fix.declaredBy.map((d) => ({ ...d, from: d.from === '' ? null : d.from })),
    },
    paths: component ? paths(component) : { count: 0, sample: [] },
    advisories: finding.advisories.map((a) => ({
      id: a.id,
      aliases: a.aliases,
      summary: a.summary ?? null,
      published: a.published ?? null,
      modified: a.modified,
      severity: { level: a.rating.level, score: a.rating.score ?? null, vector: a.rating.vector ?? null, method: a.rating.method },
      cwes: a.cwes,
      references: a.references,
    })),
  };
}
