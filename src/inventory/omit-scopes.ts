import { countPaths } from '../graph/count-paths.js';
import { dependencyGraphOf } from '../graph/dependency-graph.js';
import type { Component, Inventory, OmittableScope } from '../model/component.js';
import { ROOT_ID } from '../model/component.js';

/**
 * npm's `--omit` semantics (npm docs, "omit"): `dev` drops components only
 * dev needs, `optional` those only optional dependencies need, `peer` peer
 * dependencies; a devOptional component goes only when both dev and optional
 * are omitted.
 */
export function isOmitted(component: Component, omit: ReadonlySet<OmittableScope>): boolean {
  const { flags } = component;
  if (omit.has('dev') && flags.dev) return true;
  if (omit.has('optional') && flags.optional) return true;
  if (omit.has('dev') && omit.has('optional') && flags.devOptional) return true;
  if (omit.has('peer') && flags.peer) return true;
  return false;
}

export function omitScopes(inventory: Inventory, omit: ReadonlySet<OmittableScope>, pathSampleCap = 10): Inventory {
  if (omit.size === 0) return inventory;
  const components = inventory.components.filter((component) => !isOmitted(component, omit));
  const kept = new Set([ROOT_ID, ...components.map((component) => component.id)]);
  const edges = inventory.edges.filter((edge) => kept.has(edge.from) && (edge.to === undefined || kept.has(edge.to)));
  const depths = new Map(components.map((component) => [component.id, component.depth]));
  depths.set(ROOT_ID, 0);
  return {
    ...inventory,
    components,
    edges,
    paths: countPaths(dependencyGraphOf(edges), components.map((component) => component.id), depths, pathSampleCap),
  };
}
