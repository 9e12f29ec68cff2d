import semver from 'semver';
import { dependencyGraphOf } from '../graph/dependency-graph.js';
import type { Inventory } from '../model/component.js';
import type { FoldableDuplicate } from '../model/reduce.js';

/**
 * Registry packages installed in several versions where one of them (the
 * highest that fits) satisfies every declared range that resolves to any of
 * them: what `npm dedupe` would fold into one copy.
 */
export function foldableDuplicates(inventory: Inventory): FoldableDuplicate[] {
  const byName = new Map<string, Array<{ id: string; version: string }>>();
  for (const component of inventory.components) {
    if (component.source.kind !== 'registry') continue;
    const list = byName.get(component.name) ?? [];
    list.push({ id: component.id, version: component.version });
    byName.set(component.name, list);
  }
  const graph = dependencyGraphOf(inventory.edges);
  const rangesTo = (id: string): string[] => graph.incoming(id).map((edge) => (edge.spec.startsWith('npm:') ? edge.spec.slice(edge.spec.lastIndexOf('@') + 1) : edge.spec));
  const folds: FoldableDuplicate[] = [];
  for (const [name, installed] of byName) {
    if (installed.length < 2) continue;
    const versions = installed.map((i) => i.version).filter((v) => semver.valid(v)).sort(semver.rcompare);
    const ranges = installed.flatMap((i) => rangesTo(i.id));
    const foldTo = versions.find((version) => ranges.every((range) => semver.validRange(range) !== null && semver.satisfies(version, range, { includePrerelease: true })));
    if (foldTo) folds.push({ name, versions: [...versions].sort(semver.compare), foldTo });
  }
  return folds.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
