import { dependencyGraphOf } from '../graph/dependency-graph.js';
import type { Component, DependencyPath, EdgeType, Inventory } from '../model/component.js';

/**
 * The edges a path may cross and still give a component its scope, as npm
 * computes scopes: a prod component has a path of prod (and peer) edges
 * only; an optional one a path without dev edges; a dev one any path.
 */
const EDGES_KEEPING: Record<Component['scope'], ReadonlySet<EdgeType>> = {
  prod: new Set(['prod', 'peer', 'workspace']),
  optional: new Set(['prod', 'peer', 'workspace', 'optional', 'peerOptional']),
  dev: new Set(['prod', 'peer', 'workspace', 'optional', 'peerOptional', 'dev']),
  devAndOptional: new Set(['prod', 'peer', 'workspace', 'optional', 'peerOptional', 'dev']),
  devOptional: new Set(['prod', 'peer', 'workspace', 'optional', 'peerOptional', 'dev']),
};

/**
 * The shortest path from the root that gives `component` its scope: for a
 * prod component, the path through which production installs it, even when
 * a shorter path through a devDependency exists. Undefined when nothing
 * reaches it (extraneous).
 */
export function scopeGivingPath(inventory: Inventory, component: Component): DependencyPath | undefined {
  const allowed = EDGES_KEEPING[component.scope];
  return dependencyGraphOf(inventory.edges).shortestPathFromRoot(component.id, { types: allowed });
}
