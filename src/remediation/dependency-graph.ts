import { ROOT_ID, type Component, type DependencyEdge, type Inventory } from '../model/component.js';

/** The inventory's edges indexed for walking up and down. */
export interface DependencyGraph {
  components: Map<string, Component>;
  /** Resolved edges into each component, one per declaring parent. */
  incoming: Map<string, DependencyEdge[]>;
  edge(from: string, to: string): DependencyEdge | undefined;
  /** The root project or one of its workspaces: their declarations are the project's own files. */
  declaredByProject(id: string): boolean;
  /** Whether the project itself (root or a workspace) declares the component. */
  directlyDeclared(component: Component): boolean;
}

export function dependencyGraph(inventory: Pick<Inventory, 'components' | 'edges'>): DependencyGraph {
  const components = new Map(inventory.components.map((c) => [c.id, c]));
  const incoming = new Map<string, DependencyEdge[]>();
  // from -> to -> the first edge between them (nested maps: no key strings to build for every edge).
  const edges = new Map<string, Map<string, DependencyEdge>>();
  for (const edge of inventory.edges) {
    if (edge.to === undefined) continue;
    let targets = edges.get(edge.from);
    if (!targets) edges.set(edge.from, (targets = new Map()));
    if (targets.has(edge.to)) continue;
    targets.set(edge.to, edge);
    const list = incoming.get(edge.to);
    if (list) list.push(edge);
    else incoming.set(edge.to, [edge]);
  }
  const declaredByProject = (id: string): boolean => id === ROOT_ID || components.get(id)?.isWorkspace === true;
  return {
    components,
    incoming,
    edge: (from, to) => edges.get(from)?.get(to),
    declaredByProject,
    directlyDeclared: (component) => (incoming.get(component.id) ?? []).some((edge) => declaredByProject(edge.from)),
  };
}

/** A path from a declaration in the project's files down to a component. */
export interface DeclaredPath {
  /** The root ('') or the workspace component whose package.json declares `chain[0]`. */
  declarer: string;
  /** Component ids from the direct dependency down to the component. */
  chain: string[];
}

/**
 * The paths to a component that arrive through a given parent: the
 * inventory's sampled paths first, else the shortest path up from the parent
 * (breadth-first over incoming edges).
 */
export function pathsThrough(graph: DependencyGraph, inventory: Pick<Inventory, 'paths'>, targetId: string, parentId: string): DeclaredPath[] {
  const sampled = (inventory.paths.get(targetId)?.sample ?? []).filter((path) => path.length >= 2 && path[path.length - 2] === parentId);
  const paths = sampled.length > 0 ? sampled : [shortestPathUp(graph, parentId)].filter((p): p is string[] => p !== undefined).map((p) => [...p, targetId]);
  return paths.map((path) => declared(graph, path)).filter((p): p is DeclaredPath => p !== undefined);
}

/** Leading workspace packages are declarers, not dependencies to upgrade. */
function declared(graph: DependencyGraph, path: readonly string[]): DeclaredPath | undefined {
  let declarer = ROOT_ID;
  let start = 0;
  while (start < path.length - 1 && graph.components.get(path[start] ?? '')?.isWorkspace) declarer = path[start++] ?? ROOT_ID;
  const chain = path.slice(start);
  return chain.length >= 2 ? { declarer, chain } : undefined;
}

function shortestPathUp(graph: DependencyGraph, id: string): string[] | undefined {
  const previous = new Map<string, string>([[id, id]]);
  const queue = [id];
  for (let index = 0; index < queue.length; index++) {
    const current = queue[index] ?? '';
    for (const edge of graph.incoming.get(current) ?? []) {
      if (edge.from === ROOT_ID) {
        const path = [current];
        for (let step = current; step !== id; ) path.push((step = previous.get(step) ?? id));
        return path;
      }
      if (!previous.has(edge.from)) {
        previous.set(edge.from, current);
        queue.push(edge.from);
      }
    }
  }
  return undefined;
}
