import { dependencyGraphOf } from '../graph/dependency-graph.js';
import { ROOT_ID } from '../model/component.js';
import { severityRank } from '../model/finding.js';
import type { DirectDependencyCost, ReduceReport, Replacement } from '../model/reduce.js';
import type { ScanResult } from '../model/scan-result.js';
import { leavingWith } from './exclusive-subtrees.js';
import { foldableDuplicates } from './foldable-duplicates.js';

/** Looks up lighter or native replacements by package name (the e18e data, or none). */
export type ReplacementLookup = (name: string) => Replacement[];

/**
 * Savings, for ranking: a malware package outweighs everything, then each
 * advisory by severity, each install script, each package that leaves.
 * docs/reduce.md gives the weights.
 */
const SEVERITY_WEIGHT = { malware: 1000, critical: 40, high: 20, medium: 8, low: 3, unknown: 8 } as const;
const INSTALL_SCRIPT_WEIGHT = 5;

/** `deptrust reduce`: what each direct dependency costs, most savings first, and the duplicates a dedupe would fold. */
export function buildReduceReport(scan: Pick<ScanResult, 'inventory' | 'findings' | 'signals' | 'usage'>, replacementsFor: ReplacementLookup): ReduceReport {
  const { inventory } = scan;
  const byId = new Map(inventory.components.map((component) => [component.id, component]));
  const workspaceFolder = new Map(inventory.components.filter((c) => c.isWorkspace).map((c) => [c.id, c.locations[0] ?? c.name]));
  const declarations = new Map<string, Array<{ workspace: string; type: string }>>();
  for (const edge of inventory.edges) {
    if (edge.to === undefined || edge.type === 'workspace') continue;
    const workspace = edge.from === ROOT_ID ? '' : workspaceFolder.get(edge.from);
    if (workspace === undefined) continue;
    const list = declarations.get(edge.to) ?? [];
    list.push({ workspace, type: edge.type });
    declarations.set(edge.to, list);
  }
  const direct = [...declarations.keys()].flatMap((id) => {
    const component = byId.get(id);
    return component && !component.isWorkspace ? [component] : [];
  });
  const graph = dependencyGraphOf(inventory.edges);
  const leaving = leavingWith(inventory, direct.map((component) => component.id));
  const findingsByComponent = new Map<string, ScanResult['findings']>();
  for (const finding of scan.findings) findingsByComponent.set(finding.componentId, [...(findingsByComponent.get(finding.componentId) ?? []), finding]);
  const signalsByComponent = new Map<string, ScanResult['signals']>();
  for (const signal of scan.signals) signalsByComponent.set(signal.componentId, [...(signalsByComponent.get(signal.componentId) ?? []), signal]);

  const dependencies: DirectDependencyCost[] = direct.map((component) => {
    const { id } = component;
    const gone = leaving.get(id) ?? [];
    const advisories = gone
      .flatMap((componentId) => (findingsByComponent.get(componentId) ?? []).map((f) => ({ componentId, id: f.primaryId, severity: f.rating.level })))
      .sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const installScripts = gone.filter((componentId) => byId.get(componentId)?.hasInstallScript === true);
    const signals: DirectDependencyCost['signals'] = {};
    for (const componentId of gone) for (const signal of signalsByComponent.get(componentId) ?? []) signals[signal.code] = (signals[signal.code] ?? 0) + 1;
    const exclusive = gone.filter((componentId) => componentId !== id);
    const malware = advisories.filter((a) => a.severity === 'malware').length;
    const savings = exclusive.length + advisories.reduce((sum, a) => sum + SEVERITY_WEIGHT[a.severity], 0) + installScripts.length * INSTALL_SCRIPT_WEIGHT + (gone.includes(id) ? 1 : 0);
    const declaredBy = (declarations.get(id) ?? []).sort((a, b) => (a.workspace < b.workspace ? -1 : a.workspace > b.workspace ? 1 : a.type < b.type ? -1 : 1));
    const name = component.aliases[0] ?? component.name;
    const declaredNames = new Set(graph.incoming(id).map((edge) => edge.name));
    const usage = (scan.usage?.dependencies ?? []).filter((u) => declaredNames.has(u.name) && declaredBy.some((d) => d.workspace === u.workspace));
    return { componentId: id, name, version: component.version, declaredBy, exclusive, stillNeeded: !gone.includes(id), advisories, malware, installScripts, signals, replacements: replacementsFor(component.name), savings, usage };
  });
  dependencies.sort((a, b) => b.savings - a.savings || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { dependencies, ...(scan.usage ? { searched: scan.usage.searched } : {}), duplicates: foldableDuplicates(inventory), totals: { components: inventory.components.length, direct: dependencies.length } };
}
