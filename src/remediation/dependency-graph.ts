import { dependencyGraphOf } from '../graph/dependency-graph.js';
import { ROOT_ID, type Component, type DependencyEdge, type Inventory } from '../model/component.js';

/** The inventory's graph as remediation reads it: components by id, and each declaring parent once. */
export interface DependencyGraph {
  components: Map<string, Component>;
  /** Resolved edges into a component, the first from each declaring parent. */
  incoming(id: string): DependencyEdge[];
  edge(from: string, to: string): DependencyEdge | undefined;
  /** A shortest path from a dependency of the root down to a component (the shared graph's walk up). */
  shortestPathUp(id: string): string[] | undefined;
  /** The root project or one of its workspaces: their declarations are the project's own files. */
  declaredByProject(id: string): boolean;
  /** Whether the project itself (root or a workspace) declares the component. */
  directlyDeclared(component: Component): boolean;
}

export function dependencyGraph(inventory: Pick<Inventory, 'components' | 'edges'>): DependencyGraph {
  const graph = dependencyGraphOf(inventory.edges);
  const components = new Map(inventory.components.map((c) => [c.id, c]));
  const incoming = (id: string): DependencyEdge[] => {
    const parents = new Set<string>();
    return graph.incoming(id).filter((edge) => {
      if (parents.has(edge.from)) return false;
      parents.add(edge.from);
      return true;
    });
  };
  const declaredByProject = (id: string): boolean => id === ROOT_ID || components.get(id)?.isWorkspace === true;
  return {
    components,
    incoming,
    edge: (from, to) => graph.edge(from, to),
    shortestPathUp: (id) => graph.shortestPathUp(id),
    declaredByProject,
    directlyDeclared: (component) => graph.incoming(component.id).some((edge) => declaredByProject(edge.from)),
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
  const paths = sampled.length > 0 ? sampled : [graph.shortestPathUp(parentId)].filter((p): p is string[] => p !== undefined).map((p) => [...p, targetId]);
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
