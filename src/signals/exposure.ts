import type { Inventory } from '../model/component.js';
import { ROOT_ID } from '../model/component.js';
import type { Exposure } from '../model/signal.js';
import { ClosureIndex } from './closure.js';
import { outgoingEdges } from './detect-signals.js';

/**
 * How exposed each component is: scope, directness, depth, paths and
 * dependents, and whether the project's code reaches it — carried through the
 * graph from the direct dependencies the code imports (`imported` names are
 * matched against the names dependencies are declared under).
 */
export function computeExposure(inventory: Inventory, imported: ReadonlySet<string> | undefined): Map<string, Exposure> {
  const dependents = new Map<string, Set<string>>();
  for (const edge of inventory.edges) {
    if (edge.to === undefined) continue;
    const set = dependents.get(edge.to) ?? new Set<string>();
    set.add(edge.from);
    dependents.set(edge.to, set);
  }
  let reachable: Set<string> | undefined;
  if (imported) {
    const projectIds = new Set([ROOT_ID, ...inventory.components.filter((c) => c.isWorkspace).map((c) => c.id)]);
    const starts: string[] = [];
    for (const edge of inventory.edges) {
      if (edge.to !== undefined && projectIds.has(edge.from) && edge.type !== 'workspace' && imported.has(edge.name)) starts.push(edge.to);
    }
    reachable = new ClosureIndex(outgoingEdges(inventory)).reached(starts);
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
      dependents: dependents.get(component.id)?.size ?? 0,
      reachable: reachable ? reachable.has(component.id) || component.isWorkspace : 'unknown',
    });
  }
  return exposure;
}
