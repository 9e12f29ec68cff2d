import type { Inventory } from '../model/component.js';
import type { Finding } from '../model/finding.js';

/**
 * The registry packages remediation reads: each vulnerable component and
 * every registry component on its sampled paths (their versions' declared
 * ranges decide which upgrade reaches a clean version).
 */
export function packagesToFetch(inventory: Pick<Inventory, 'components' | 'paths'>, findings: readonly Finding[]): string[] {
  const byId = new Map(inventory.components.map((c) => [c.id, c]));
  const names = new Set<string>();
  for (const finding of findings) {
    const ids = [finding.componentId, ...(inventory.paths.get(finding.componentId)?.sample.flat() ?? [])];
    for (const id of ids) {
      const component = byId.get(id);
      if (component && component.source.kind === 'registry') names.add(component.name);
    }
  }
  return [...names].sort();
}
