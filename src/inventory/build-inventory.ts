import type {
  Component,
  ComponentFlags,
  DependencyEdge,
  DependencyScope,
  Inventory,
  InventoryProgress,
  InventorySourceFile,
  RootProject,
} from '../model/component.js';
import { countPaths } from '../graph/count-paths.js';
import { dependencyGraphOf, type DependencyGraph } from '../graph/dependency-graph.js';
import { ROOT_ID } from '../model/component.js';
import { compareWarnings, type Warning } from '../model/warning.js';
import { classifySource } from './classify-source.js';
import { declaredLicense } from '../model/license.js';
import { declaredUrl } from './license.js';
import { redactSecrets } from './redact-url.js';
import { npmPurl } from './purl.js';
import type { RawNode, RawTree } from './raw-tree.js';

export interface BuildOptions {
  root: string;
  sourceFile: InventorySourceFile;
  lockfileVersion?: number | string;
  /** How many paths per component to keep as a sample (all are counted). */
  pathSampleCap: number;
  /** Told how many nodes are merged into components, then that paths are being counted. */
  onProgress?: InventoryProgress;
}

/** Progress is told every this many nodes. */
const PROGRESS_EVERY = 2_000;

/**
 * Turns arborist's tree into the inventory: nodes of the same package
 * (name, version, source) merge into one component, edges are re-pointed at
 * components, and depth, directness, scope and paths are computed.
 */
export function buildInventory(tree: RawTree, options: BuildOptions): Inventory {
  const rootNode = tree.nodes.find((node) => node.location === '');
  if (!rootNode) throw new Error('arborist returned a tree without a root');

  const specsByTarget = new Map<string, string[]>();
  for (const edge of tree.edges) {
    if (edge.to === undefined) continue;
    const specs = specsByTarget.get(edge.to) ?? [];
    specs.push(edge.spec);
    specsByTarget.set(edge.to, specs);
  }

  // location -> component id
  const idByLocation = new Map<string, string>([['', ROOT_ID]]);
  const groups = new Map<string, { nodes: RawNode[]; source: Component['source']; purl: string }>();
  const progress: InventoryProgress = options.onProgress ?? (() => undefined);
  for (const [index, node] of tree.nodes.entries()) {
    if (index % PROGRESS_EVERY === 0) progress('components', index, tree.nodes.length);
    if (node.location === '') continue;
    const source = classifySource({
      resolved: node.resolved,
      linked: node.linked,
      isWorkspace: node.isWorkspace,
      incomingSpecs: specsByTarget.get(node.location) ?? [],
    });
    const purl = npmPurl(node.packageName, node.version, source);
    // Local sources are identified by where they are, not by a URL.
    let id = source.kind === 'registry' || source.url !== undefined ? purl : `${purl}#${node.location}`;
    // A purl lowercases npm names, but the registry's legacy names are not (JSONStream and
    // jsonstream are two packages): merged, one of them was matched under the other's name
    // and its advisories were missed. The second name keeps its own component.
    const claimed = groups.get(id)?.nodes[0]?.packageName;
    if (claimed !== undefined && claimed !== node.packageName) id = `${id}#${node.packageName}`;
    idByLocation.set(node.location, id);
    const group = groups.get(id);
    if (group) group.nodes.push(node);
    else groups.set(id, { nodes: [node], source, purl });
  }

  const edges = dedupeEdges(
    tree.edges.map((edge): DependencyEdge => ({
      from: idByLocation.get(edge.from) ?? edge.from,
      to: edge.to === undefined ? undefined : (idByLocation.get(edge.to) ?? edge.to),
      name: edge.name,
      // Declared specs may carry credentials (a private tarball or git URL): never kept, cached or reported.
      spec: redactSecrets(edge.spec),
      type: edge.type,
      valid: edge.valid,
    })),
  );

  const workspaceIds = new Set(tree.workspaces.map((location) => idByLocation.get(location)).filter(isDefined));
  // The inventory's graph, built here once: the later stages reach it through dependencyGraphOf(inventory.edges).
  const graph = dependencyGraphOf(edges);
  // Workspace packages are part of the project and sit at depth 0.
  const depths = graph.depths([ROOT_ID, ...workspaceIds]);
  const directIds = new Set(
    edges.filter((edge) => edge.to !== undefined && (edge.from === ROOT_ID || workspaceIds.has(edge.from)) && edge.type !== 'workspace').map((edge) => edge.to as string),
  );
  const workspacesReaching = reachingWorkspaces(graph, tree.workspaces, idByLocation);

  const components: Component[] = [];
  for (const [id, group] of groups) {
    const first = group.nodes[0] as RawNode;
    const flags = mergeFlags(group.nodes);
    // An alias is a name it is installed under in node_modules (`npm:` aliases); a
    // workspace's folder name (packages/api for @acme/api) is no alias.
    const aliases = [...new Set(group.nodes.filter((node) => node.location.endsWith(`node_modules/${node.installName}`)).map((node) => node.installName).filter((name) => name !== first.packageName))].sort();
    const component: Component = {
      id,
      name: first.packageName,
      version: first.version,
      aliases,
      purl: group.purl,
      source: group.source,
      flags,
      scope: scopeOf(flags),
      direct: directIds.has(id),
      depth: depths.get(id) ?? -1,
      hasInstallScript: group.nodes.some((node) => node.hasInstallScript),
      locations: group.nodes.map((node) => node.location).sort(),
      workspaces: [...(workspacesReaching.get(id) ?? [])].sort(),
      isWorkspace: group.nodes.some((node) => node.isWorkspace),
    };
    // A package bundled in one place and fetched in another has its hash where it is fetched.
    assignDefined(component, 'integrity', group.nodes.find((node) => node.integrity)?.integrity);
    assignDefined(component, 'license', declaredLicense(first.license));
    assignDefined(component, 'homepage', declaredUrl(first.homepage));
    assignDefined(component, 'repository', declaredUrl(first.repository));
    assignDefined(component, 'bugs', declaredUrl(first.bugs));
    components.push(component);
  }
  components.sort((a, b) => compareStrings(a.id, b.id));

  progress('paths', 0, 0);
  const paths = countPaths(graph, components.map((c) => c.id), depths, options.pathSampleCap);
  const inventory: Inventory = {
    root: options.root,
    project: rootProject(rootNode),
    sourceFile: options.sourceFile,
    components,
    edges,
    paths,
    workspaces: [...tree.workspaces].sort(),
    warnings: syncWarnings(tree, options.sourceFile),
  };
  if (options.lockfileVersion !== undefined) inventory.lockfileVersion = options.lockfileVersion;
  return inventory;
}

function rootProject(node: RawNode): RootProject {
  const project: RootProject = { name: node.packageName || 'project' };
  if (node.version) project.version = node.version;
  assignDefined(project, 'license', declaredLicense(node.license));
  if (typeof node.description === 'string' && node.description) project.description = node.description;
  return project;
}

/** A component is dev (optional, peer, bundled) only when every install of it is. */
function mergeFlags(nodes: readonly RawNode[]): ComponentFlags {
  return {
    dev: nodes.every((n) => n.dev),
    optional: nodes.every((n) => n.optional),
    devOptional: nodes.every((n) => n.devOptional || n.dev || n.optional),
    peer: nodes.every((n) => n.peer),
    bundled: nodes.every((n) => n.bundled),
  };
}

/** npm's flags (arborist docs/node.md): dev, optional, both, devOptional (needed only by dev or optional), else prod. */
function scopeOf(flags: ComponentFlags): DependencyScope {
  if (flags.dev && flags.optional) return 'devAndOptional';
  if (flags.dev) return 'dev';
  if (flags.optional) return 'optional';
  if (flags.devOptional) return 'devOptional';
  return 'prod';
}

/**
 * The edges sorted by (from, name, type, to), ties in the order given, each
 * (from, name, type, spec, to) once (a missing `to` counts as the root's ''),
 * invalid when any of its copies is.
 * Sorted first, so copies are found among neighbours: no key string and map
 * entry per edge (80 MB at 400,000 edges, all of it garbage once done).
 */
function dedupeEdges(edges: DependencyEdge[]): DependencyEdge[] {
  // Array.prototype.sort is stable: among equal keys, the order given.
  const sorted = edges.sort(
    (a, b) => compareStrings(a.from, b.from) || compareStrings(a.name, b.name) || compareStrings(a.type, b.type) || compareStrings(a.to ?? '', b.to ?? ''),
  );
  const kept: DependencyEdge[] = [];
  let runStart = 0;
  for (const edge of sorted) {
    const first = kept[runStart];
    if (first === undefined || first.from !== edge.from || first.name !== edge.name || first.type !== edge.type || (first.to ?? '') !== (edge.to ?? '')) runStart = kept.length;
    // Within a run of equal keys (almost always one edge), a spec seen before is a copy.
    let copy: DependencyEdge | undefined;
    for (let at = runStart; at < kept.length && copy === undefined; at++) if (kept[at]?.spec === edge.spec) copy = kept[at];
    if (copy === undefined) kept.push(edge);
    else if (!edge.valid) copy.valid = false;
  }
  return kept;
}

function reachingWorkspaces(graph: DependencyGraph, workspaces: readonly string[], idByLocation: ReadonlyMap<string, string>): Map<string, Set<string>> {
  const reached = new Map<string, Set<string>>();
  for (const location of workspaces) {
    const start = idByLocation.get(location);
    if (start === undefined) continue;
    for (const id of graph.reached([start])) {
      const set = reached.get(id) ?? new Set<string>();
      set.add(location);
      reached.set(id, set);
    }
  }
  return reached;
}

/**
 * A lockfile that no longer matches package.json is worth a warning, not a
 * failure: npm itself would install from package.json and fix the lockfile.
 */
function syncWarnings(tree: RawTree, sourceFile: InventorySourceFile): Warning[] {
  const projectLocations = new Set(['', ...tree.workspaces]);
  const warnings: Warning[] = [];
  for (const edge of tree.edges) {
    if (!projectLocations.has(edge.from) || edge.type === 'workspace') continue;
    const manifest = edge.from === '' ? 'package.json' : `${edge.from}/package.json`;
    if (edge.to === undefined) {
      if (edge.type === 'optional' || edge.type === 'peerOptional') continue;
      warnings.push({ code: 'lockfile-out-of-sync', sourceFile, manifest, name: edge.name, spec: edge.spec, problem: 'missing' });
    } else if (!edge.valid) {
      warnings.push({ code: 'lockfile-out-of-sync', sourceFile, manifest, name: edge.name, spec: edge.spec, problem: 'unsatisfied' });
    }
  }
  return warnings.sort(compareWarnings);
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

function assignDefined<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}
