import type { Inventory } from '../../model/component.js';
import { ROOT_ID } from '../../model/component.js';
import type { DependencyUsage, UsageAnalysis, UsageEvidence } from '../../model/usage.js';
import { dependencyGraphOf } from '../../graph/dependency-graph.js';
import type { CollectedUsage, ProjectManifest } from './collect-usage.js';
import { typesPackage } from './collect-usage.js';
import { LOADED_BY_NAME } from './loaded-by-name.js';

/** A declaration in one of the project's manifests. */
export interface Declaration {
  name: string;
  workspace: string;
  declaredAs: DependencyUsage['declaredAs'];
}

/** Evidence items kept per kind and context in the output (the verdict weighs them all). */
const SHOWN_PER_KIND = 3;
const DECLARATION_KEYS: ReadonlyArray<readonly [string, DependencyUsage['declaredAs']]> = [
  ['dependencies', 'prod'],
  ['devDependencies', 'dev'],
  ['optionalDependencies', 'optional'],
  ['peerDependencies', 'peer'],
];

/** The dependencies each manifest declares, in every section. */
export function declarationsOf(manifests: readonly ProjectManifest[]): Declaration[] {
  const declarations: Declaration[] = [];
  for (const manifest of manifests) {
    for (const [key, declaredAs] of DECLARATION_KEYS) {
      const section = manifest.data[key];
      if (!section || typeof section !== 'object' || Array.isArray(section)) continue;
      for (const name of Object.keys(section)) declarations.push({ name, workspace: manifest.folder, declaredAs });
    }
  }
  return declarations;
}

/**
 * A verdict per declaration. Evidence comes first from the project's files,
 * then from the packages in use: their peer dependencies (from the
 * inventory's edges), the packages they load by name (loaded-by-name.ts),
 * and `@types/x` for every `x` in use. Without evidence, a dependency is
 * `unknown` when dynamic loads could reach it, a file could not be read or
 * there is no code at all; only then `unused`.
 */
export function judgeUsage(collected: CollectedUsage, declarations: readonly Declaration[], inventory: Pick<Inventory, 'components' | 'edges'> | undefined): UsageAnalysis {
  const declared = new Set(declarations.map((d) => d.name));
  const evidence = new Map<string, UsageEvidence[]>([...collected.evidence].map(([name, list]) => [name, [...list]]));
  // Adds evidence derived from another package's use; true when the name had none before (so its own peers count next round).
  const derive = (name: string, item: UsageEvidence): boolean => {
    if (!declared.has(name)) return false;
    const list = evidence.get(name);
    if (!list) {
      evidence.set(name, [item]);
      return true;
    }
    if (!list.some((existing) => existing.kind === item.kind && existing.detail === item.detail)) list.push(item);
    return false;
  };
  const first = (name: string): UsageEvidence | undefined => sortEvidence(evidence.get(name) ?? [])[0];

  const peers = peerEdges(inventory);
  for (let changed = true, rounds = 0; changed && rounds < 20; rounds++) {
    changed = false;
    const used = [...evidence.keys()];
    for (const name of used) {
      const cause = first(name);
      if (!cause) continue;
      const via = { source: 'package-graph' as const, file: cause.file, line: cause.line, context: 'other' as const };
      for (const loaded of LOADED_BY_NAME[name] ?? []) changed = derive(loaded, { ...via, kind: 'loaded-by-name', detail: `${name} loads it by name` }) || changed;
      for (const peer of peers.get(name) ?? []) changed = derive(peer, { ...via, kind: 'peer-of-used', detail: `peer dependency of ${name}` }) || changed;
      changed = derive(typesPackage(name), { ...via, kind: 'types-for-used', context: 'dev', detail: `types of ${name}` }) || changed;
    }
  }

  const byDeclaration = new Map(declarations.map((d) => [`${d.workspace}\u0000${d.name}`, new Set<string>()]));
  for (const d of declarations) byDeclaration.get(`${d.workspace}\u0000${d.name}`)?.add(d.declaredAs);
  const workspaceFolders = [...new Set(declarations.map((d) => d.workspace).filter(Boolean))];
  const within = (workspace: string, file: string): boolean =>
    workspace ? file.startsWith(`${workspace}/`) : !workspaceFolders.some((folder) => file.startsWith(`${folder}/`));

  const declaringFolders = new Map<string, Set<string>>();
  for (const d of declarations) declaringFolders.set(d.name, (declaringFolders.get(d.name) ?? new Set<string>()).add(d.workspace));
  const folderOf = (file: string): string => workspaceFolders.find((folder) => file.startsWith(`${folder}/`)) ?? '';
  /**
   * A workspace's declaration counts the evidence in its own folder, in the
   * root's files (CI, containers, configuration), and in workspaces that do
   * not declare the name themselves (they may lean on its copy); the root's
   * declarations count evidence anywhere.
   */
  const counts = (workspace: string, name: string, item: UsageEvidence): boolean => {
    if (!workspace) return true;
    const folder = folderOf(item.file);
    return folder === workspace || folder === '' || !declaringFolders.get(name)?.has(folder);
  };

  const dependencies = declarations.map((declaration): DependencyUsage => {
    const { name, workspace, declaredAs } = declaration;
    const found = (evidence.get(name) ?? []).filter((item) => counts(workspace, name, item));
    const base = { name, workspace, declaredAs };
    if (found.length === 0) {
      const reasons = [...collected.unparsed, ...collected.dynamicLoads.filter((load) => name.startsWith(load.detail))];
      if (reasons.length > 0) return { ...base, verdict: 'unknown', evidence: shown(reasons) };
      if (!collected.sawCode) return { ...base, verdict: 'unknown', evidence: [] };
      return { ...base, verdict: 'unused', evidence: [] };
    }
    const alsoProd = byDeclaration.get(`${workspace}\u0000${name}`)?.has('prod') === true;
    // Only shipped code and what a container or Procfile starts prove a crash without dev dependencies; an npm `start` script may be a development server (`nx serve`).
    const crashes = found.filter((item) => item.context === 'runtime' && item.kind !== 'type-import' && (item.source === 'code' || item.source === 'docker') && within(workspace, item.file));
    if (declaredAs === 'dev' && !alsoProd && crashes.length > 0) return { ...base, verdict: 'misplaced', misplacement: 'dev-dependency-used-at-runtime', evidence: shown(crashes) };
    if ((declaredAs === 'prod' || declaredAs === 'optional') && found.every((item) => item.context === 'dev')) {
      return { ...base, verdict: 'misplaced', misplacement: 'runtime-dependency-used-only-in-development', evidence: shown(found) };
    }
    return { ...base, verdict: 'used', evidence: shown(found) };
  });
  dependencies.sort((a, b) => compare(a.workspace, b.workspace) || compare(a.name, b.name) || compare(a.declaredAs, b.declaredAs));
  return { dependencies, searched: collected.searched };
}

/** Declared name → the peer dependencies of it and of everything it brings in, from the inventory (any version of it). */
function peerEdges(inventory: Pick<Inventory, 'components' | 'edges'> | undefined): Map<string, string[]> {
  const peers = new Map<string, string[]>();
  if (!inventory) return peers;
  const graph = dependencyGraphOf(inventory.edges);
  const projectIds = new Set([ROOT_ID, ...inventory.components.filter((c) => c.isWorkspace).map((c) => c.id)]);
  const direct = new Map<string, string>();
  for (const id of projectIds) for (const edge of graph.outgoing(id)) if (edge.to !== undefined && edge.type !== 'workspace') direct.set(edge.name, edge.to);
  // Each walk enters only what can lead to a package with peer dependencies (a walk of the whole tree
  // per direct dependency took 3 s of a 100,000-package scan, most of it where no peer dependency is).
  const holders = inventory.edges.filter((edge) => (edge.type === 'peer' || edge.type === 'peerOptional') && edge.to !== undefined && !projectIds.has(edge.from)).map((edge) => edge.from);
  if (holders.length === 0) return peers;
  const within = graph.reachingMask(holders);
  for (const [name, id] of direct) {
    const names = new Set<string>();
    for (const reached of graph.reached([id], { within })) {
      if (projectIds.has(reached)) continue;
      for (const edge of graph.outgoing(reached)) if ((edge.type === 'peer' || edge.type === 'peerOptional') && edge.name !== name) names.add(edge.name);
    }
    if (names.size > 0) peers.set(name, [...names].sort());
  }
  return peers;
}

/** Sorted by file and line, at most a few per kind and context. */
function shown(items: readonly UsageEvidence[]): UsageEvidence[] {
  const counts = new Map<string, number>();
  const seen = new Set<string>();
  return sortEvidence(items).filter((item) => {
    const key = `${item.kind}\u0000${item.context}`;
    const id = `${item.kind}\u0000${item.file}\u0000${item.line}\u0000${item.detail}`;
    if (seen.has(id)) return false;
    seen.add(id);
    const count = counts.get(key) ?? 0;
    counts.set(key, count + 1);
    return count < SHOWN_PER_KIND;
  });
}

const KIND_ORDER = ['import', 'command', 'config', 'config-file', 'test-globals', 'named-in-code', 'type-import', 'types-for-used', 'peer-of-used', 'loaded-by-name', 'dynamic-load', 'unparsed-file'];
const CONTEXT_ORDER = ['runtime', 'other', 'dev'];

/** The strongest evidence first (runtime imports, then commands, …), then by file and line. */
function sortEvidence(items: readonly UsageEvidence[]): UsageEvidence[] {
  return [...items].sort(
    (a, b) =>
      CONTEXT_ORDER.indexOf(a.context) - CONTEXT_ORDER.indexOf(b.context) ||
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      compare(a.file, b.file) ||
      a.line - b.line ||
      compare(a.detail, b.detail),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
