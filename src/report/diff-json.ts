import { escapeJsonControls } from './control-characters.js';
import type { Component } from '../model/component.js';
import type { ChangedSide } from '../model/diff.js';
import type { ScanResult } from '../model/scan-result.js';
import type { Signal } from '../model/signal.js';
import type { DiffReport } from './diff-input.js';
import { jsonPieces } from './json-pieces.js';
import { findingJson, pathsJson, remediationJson, type FindingJson } from './json.js';
import { componentsById } from './path-label.js';
import { sideWarningJson, warningJson } from './warning-text.js';

/** Bumped on any incompatible change; docs/schemas/diff-result.v2.schema.json describes version 2 (version 1 had warnings as strings). */
export const DIFF_SCHEMA_VERSION = 2;

export interface DiffJsonOptions {
  tool: { name: string; version: string };
  generatedAt?: Date;
  maxPaths: number;
}

/**
 * The diff as JSON (docs/diff.md): keys in a fixed order, lists sorted; same
 * input, same bytes. In pieces, made as they are written: each change,
 * finding and signal is stringified when its turn comes, so the diff of two
 * large trees is never held whole (json-pieces.ts).
 */
export function* renderDiffJson(report: DiffReport, options: DiffJsonOptions): Generator<string> {
  // Down to the members of the lists, findings.introduced's included: each of them one piece.
  for (const piece of jsonPieces(diffJsonDocument(report, options), '  ', 3)) yield escapeJsonControls(piece);
  yield '\n';
}

/** The diff result of the JSON schema, as an object: what `renderDiffJson` prints. */
export type DiffJson = ReturnType<typeof diffJsonDocument>;

export function diffJsonDocument(report: DiffReport, options: DiffJsonOptions) {
  const { diff, head, base } = report;
  const headComponents = componentsById(head.inventory);
  const side = (value: ChangedSide | undefined) => (value ? { ...value, sourceUrl: value.sourceUrl ?? null } : null);
  const document = {
    schemaVersion: DIFF_SCHEMA_VERSION,
    tool: options.tool,
    ...(options.generatedAt ? { generatedAt: options.generatedAt.toISOString() } : {}),
    project: { name: head.inventory.project.name, version: head.inventory.project.version ?? null },
    advisoryData: { ...head.data, updatedAt: head.data.updatedAt ?? null },
    base: { label: report.baseLabel, hadLockfile: report.baseHadLockfile, ...diff.base },
    head: diff.head,
    verdict: { ...report.verdict, warnings: report.verdict.warnings.map(warningJson), introduced: diff.violations.introduced, existing: diff.violations.existing },
    changes: diff.changes.map((change) => ({ name: change.name, kind: change.kind, sourceChanged: change.sourceChanged, before: side(change.before), after: side(change.after) })),
    newDirect: diff.newDirect.map((id) => componentRef(headComponents, id)),
    newInstallScripts: diff.newInstallScripts.map((id) => componentRef(headComponents, id)),
    findings: {
      introduced: findingsJson(head, diff.findings.introduced, options.maxPaths),
      resolved: findingsJson(base, diff.findings.resolved, options.maxPaths),
      existing: findingsJson(head, diff.findings.existing, options.maxPaths),
    },
    signals: { introduced: signalsJson(head, diff.signals.introduced), resolved: signalsJson(base, diff.signals.resolved) },
    riskDelta: diff.riskDelta,
    remediations: head.remediations
      .filter((plan) => diff.findings.introduced.some((f) => f.componentId === plan.componentId))
      .map((plan) => remediationJson(plan, headComponents)),
    warnings: [...head.warnings.map((warning) => sideWarningJson(warning, 'head')), ...base.warnings.map((warning) => sideWarningJson(warning, 'base'))],
  };
  return document;
}

function componentRef(components: ReadonlyMap<string, Component>, id: string): { componentId: string; name: string; version: string } {
  const component = components.get(id);
  return { componentId: id, name: component?.name ?? '', version: component?.version ?? '' };
}

function findingsJson(result: ScanResult, findings: ScanResult['findings'], maxPaths: number): FindingJson[] {
  const byId = componentsById(result.inventory);
  const paths = pathsJson(result.inventory, byId, maxPaths);
  return findings.map((finding) => findingJson(finding, byId, paths));
}

function signalsJson(result: ScanResult, signals: readonly Signal[]): Array<{ componentId: string; name: string; version: string; code: Signal['code']; evidence: Signal['evidence'] }> {
  const components = componentsById(result.inventory);
  return signals.map((signal) => ({ ...componentRef(components, signal.componentId), code: signal.code, evidence: signal.evidence }));
}
