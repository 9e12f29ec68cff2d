import { dependencyGraphOf } from '../graph/dependency-graph.js';
import type { Inventory } from '../model/component.js';
import { ROOT_ID } from '../model/component.js';
import type { Exposure } from '../model/signal.js';

/**
 * How exposed each component is: scope, directness, depth, paths and
 * dependents, and whether the project's code reaches it — carried through the
 * graph from the direct dependencies the code imports (`imported` names are
 * matched against the names dependencies are declared under).
 */
export function computeExposure(inventory: Inventory, imported: ReadonlySet<string> | undefined): Map<string, Exposure> {
  const graph = dependencyGraphOf(inventory.edges);
  let reachable: Set<string> | undefined;
  if (imported) {
    const projectIds = new Set([ROOT_ID, ...inventory.components.filter((c) => c.isWorkspace).map((c) => c.id)]);
    const starts = [...projectIds].flatMap((id) => graph.outgoing(id).flatMap((edge) => (edge.to !== undefined && edge.type !== 'workspace' && imported.has(edge.name) ? [edge.to] : [])));
    reachable = graph.reached(starts);
  }
  const exposure = new Map<string, Exposure>();
  for (const component of inventory.components) {
    exposure.set(component.id, {
      runtime: component.scope === 'prod' && !component.flags.peer,
      devOnly: component.scope === 'dev' || component.scope === 'devAndOptional',
      optionalOrPeer: component.scope === 'optional' || component.scope === 'devOptional' || component.flags.peer,
      direct: component.direct,
      depth: component.depth,
      pathCount: inventory.paths.get(component.id)?.count ?? 0,
      dependents: graph.dependentCount(component.id),
      reachable: reachable ? reachable.has(component.id) || component.isWorkspace : 'unknown',
    });
  }
  return exposure;
}
