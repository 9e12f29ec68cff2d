import { dependencyGraphOf } from '../graph/dependency-graph.js';
import type { Inventory } from '../model/component.js';
import { ROOT_ID } from '../model/component.js';

/**
 * For each direct dependency, what leaves the tree when the project's own
 * declarations of it (root and workspaces, every scope) are removed: the
 * components reachable from the root now but not without those edges. It
 * includes the dependency itself unless something else still needs it.
 */
export function leavingWith(inventory: Inventory, directIds: readonly string[]): Map<string, string[]> {
  const graph = dependencyGraphOf(inventory.edges);
  const projectIds = new Set([ROOT_ID, ...inventory.components.filter((c) => c.isWorkspace).map((c) => c.id)]);
  const everything = graph.reachedMask([ROOT_ID]);
  // The components the root reaches, by node number: only they can leave.
  const reached = inventory.components.flatMap((component) => {
    const index = graph.indexOf(component.id);
    return index !== undefined && everything[index] === 1 ? [{ id: component.id, index }] : [];
  });
  const result = new Map<string, string[]>();
  for (const id of directIds) {
    if (graph.indexOf(id) === undefined) continue;
    const without = graph.reachedMask([ROOT_ID], { cut: { from: projectIds, to: id } });
    const leaving: string[] = [];
    for (const component of reached) if (without[component.index] === 0) leaving.push(component.id);
    result.set(id, leaving.sort());
  }
  return result;
}
