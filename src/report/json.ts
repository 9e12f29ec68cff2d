import { escapeJsonControls } from './control-characters.js';
import { jsonPieces } from './json-pieces.js';
import type { Component, Inventory } from '../model/component.js';
import type { Remediation } from '../model/remediation.js';
import type { Finding } from '../model/finding.js';
import type { ScanResult } from '../model/scan-result.js';
import { componentsById, pathLabel } from './path-label.js';
import { summarise } from './summary.js';
import type { Warning } from '../model/warning.js';
import { warningJson } from './warning-text.js';

/** Bumped on any incompatible change; docs/schemas/scan-result.v2.schema.json describes version 2 (version 1 had warnings as strings). */
export const JSON_SCHEMA_VERSION = 2;

export interface JsonVerdict {
  passed: boolean;
  failOn: string;
  policyFile: string | null;
  violations: Array<{ componentId: string; primaryId: string; rule: string }>;
  suppressed: Array<{ componentId: string; primaryId: string; rule: { id: string; reason: string; expires: string } }>;
  warnings: Warning[];
}

export interface JsonOptions {
  tool: { name: string; version: string };
  /** Omitted when undefined (`--reproducible`). */
  generatedAt?: Date;
  verdict?: JsonVerdict;
  /** Paths printed per component. */
  maxPaths: number;
}

/** The scan as JSON (docs/scan.md, "JSON"; docs/schemas/scan-result.v2.schema.json), keys in a fixed order, lists sorted: same input, same bytes. */
export function renderJson(result: ScanResult, options: JsonOptions): string {
  return [...renderJsonPieces(result, options)].join('');
}

/**
 * `renderJson`'s text in pieces, made as they are written: each component,
 * finding and remediation is stringified when its turn comes, so the report
 * of a large tree is never held whole (json-pieces.ts).
 */
export function* renderJsonPieces(result: ScanResult, options: JsonOptions): Generator<string> {
  // Down to the members of the document's lists (components, findings, …): each of them one piece.
  for (const piece of jsonPieces(scanJsonDocument(result, options), '  ', 2)) yield escapeJsonControls(piece);
  yield '\n';
}

/** The scan result of the JSON schema, as an object: what `renderJson` prints. */
export type ScanJson = ReturnType<typeof scanJsonDocument>;

export function scanJsonDocument(result: ScanResult, options: JsonOptions) {
  const { inventory } = result;
  const byId = componentsById(inventory);
  const scores = new Map(result.scores.map((score) => [score.componentId, score]));
  const signals = new Map<string, ScanResult['signals']>();
  for (const signal of result.signals) signals.set(signal.componentId, [...(signals.get(signal.componentId) ?? []), signal]);
  const paths = pathsJson(inventory, byId, options.maxPaths);
  const document = {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: options.tool,
    ...(options.generatedAt ? { generatedAt: options.generatedAt.toISOString() } : {}),
    project: {
      name: inventory.project.name,
      version: inventory.project.version ?? null,
      sourceFile: inventory.sourceFile,
      packageManager: inventory.packageManager ?? 'npm',
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
          warnings: options.verdict.warnings.map(warningJson),
        }
      : null,
    findings: result.findings.map((finding) => findingJson(finding, byId, paths)),
    remediations: result.remediations.map((plan) => remediationJson(plan, byId)),
    metaVulnerabilities: result.metaVulnerabilities.map((meta) => ({
      componentId: meta.componentId,
      name: byId.get(meta.componentId)?.name ?? '',
      version: byId.get(meta.componentId)?.version ?? '',
      via: meta.via,
      advisoryIds: meta.advisoryIds,
    })),
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
    warnings: result.warnings.map(warningJson),
  };
  return document;
}

/** A component's path count and its first paths as labels. */
export function pathsJson(inventory: Inventory, byId: ReadonlyMap<string, Component>, maxPaths: number): (component: Pick<Component, 'id'>) => PathsJson {
  return (component) => {
    const entry = inventory.paths.get(component.id) ?? { count: 0, sample: [] };
    return { count: entry.count, sample: entry.sample.slice(0, maxPaths).map((path) => pathLabel(inventory, path, byId)) };
  };
}

/** A component's path count and its first paths, labelled (`api > express@4.18.2 > qs@6.5.2`). */
export interface PathsJson {
  count: number;
  sample: string[];
}

/** A remediation as scan and diff JSON give it. */
export type RemediationJson = ReturnType<typeof remediationJson>;

/** A finding as scan and diff JSON give it. */
export type FindingJson = ReturnType<typeof findingJson>;

/** A remediation as scan and diff JSON give it (parents: null is the root project). */
export function remediationJson(plan: Remediation, byId: ReadonlyMap<string, Component>) {
  return {
    componentId: plan.componentId,
    name: byId.get(plan.componentId)?.name ?? '',
    version: byId.get(plan.componentId)?.version ?? '',
    advisoryIds: plan.advisoryIds,
    target: plan.target ?? null,
    verified: plan.verified,
    steps: plan.steps.map((step) => ({
      action: step.action,
      dependency: step.dependency ?? null,
      override: step.override ?? null,
      parents: step.parents.map((id) => (id === '' ? null : id)),
    })),
  };
}

/** A finding as scan and diff JSON give it. */
export function findingJson(
  finding: Finding,
  byId: ReadonlyMap<string, Component>,
  paths: (component: Pick<Component, 'id'>) => PathsJson,
) {
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
