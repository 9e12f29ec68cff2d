import type { Component, DependencyPath, EdgeType, Inventory } from '../model/component.js';
import { ROOT_ID } from '../model/component.js';

/**
 * The edges a path may cross and still give a component its scope, as npm
 * computes scopes: a prod component has a path of prod (and peer) edges
 * only; an optional one a path without dev edges; a dev one any path.
 */
const EDGES_KEEPING: Record<Component['scope'], ReadonlySet<EdgeType>> = {
  prod: new Set(['prod', 'peer', 'workspace']),
  optional: new Set(['prod', 'peer', 'workspace', 'optional', 'peerOptional']),
  dev: new Set(['prod', 'peer', 'workspace', 'optional', 'peerOptional', 'dev']),
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
  const outgoing = new Map<string, string[]>();
  for (const edge of inventory.edges) {
    if (edge.to === undefined || !allowed.has(edge.type)) continue;
    const list = outgoing.get(edge.from) ?? [];
    list.push(edge.to);
    outgoing.set(edge.from, list);
  }
  // Breadth first from the root: the first time the component is reached is along a shortest path.
  const parent = new Map<string, string>([[ROOT_ID, ROOT_ID]]);
  const queue = [ROOT_ID];
  for (let head = 0; head < queue.length; head++) {
    const from = queue[head] ?? ROOT_ID;
    for (const to of outgoing.get(from) ?? []) {
      if (parent.has(to)) continue;
      parent.set(to, from);
      if (to === component.id) return pathTo(parent, to);
      queue.push(to);
    }
  }
  return undefined;
}

function pathTo(parent: ReadonlyMap<string, string>, id: string): DependencyPath {
  const path: string[] = [];
  for (let current = id; current !== ROOT_ID; current = parent.get(current) ?? ROOT_ID) path.push(current);
  return path.reverse();
}
