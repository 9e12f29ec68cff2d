import type { Finding } from '../model/finding.js';
import type { MetaVulnerability } from '../model/remediation.js';
import { dependencyGraph } from './dependency-graph.js';
import type { RemediationContext } from './plan-remediation.js';
import { resolveSpec } from '../match/npm-spec.js';

interface Vulnerable {
  id: string;
  name: string;
  advisoryIds: string[];
  /** Whether a version of this package carries the advisory (directly or through its own dependencies). */
  affects: (version: string) => boolean;
}

/**
 * npm's meta-vulnerabilities (`npm audit`, calculateMetaVulns): a parent
 * whose declared range for a vulnerable child admits only affected versions
 * cannot be fixed by a lockfile refresh and is flagged with the child's
 * advisory. It propagates: a grandparent whose range admits only such parent
 * versions (judged from each version's declared range for the child) is
 * flagged in turn. Needs the registry's versions; packages it does not know
 * are never flagged.
 */
export function findMetaVulnerabilities(findings: readonly Finding[], context: Omit<RemediationContext, 'overrides'>): MetaVulnerability[] {
  const graph = dependencyGraph(context.inventory);
  const { picker } = context;
  const found: MetaVulnerability[] = [];
  const seen = new Set<string>();
  const queue: Vulnerable[] = [];
  for (const finding of findings) {
    const component = graph.components.get(finding.componentId);
    if (!component) continue;
    const ids = new Set(finding.advisoryIds);
    queue.push({
      id: component.id,
      name: component.name,
      advisoryIds: [finding.primaryId],
      affects: (version) => context.isVulnerable(component.name, version).some((id) => ids.has(id)),
    });
  }
  for (let index = 0; index < queue.length; index++) {
    const child = queue[index];
    if (!child) continue;
    for (const edge of graph.incoming(child.id)) {
      if (graph.declaredByProject(edge.from)) continue;
      const { name, range } = resolveSpec(edge.name, edge.spec);
      const admitted = picker.admitted(name, range);
      if (admitted.length === 0 || !admitted.every((v) => child.affects(v.version))) continue;
      const key = `${edge.from}\0${child.advisoryIds.join(',')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const parent = graph.components.get(edge.from);
      if (!parent) continue;
      found.push({ componentId: parent.id, via: { componentId: child.id, name: edge.name, spec: edge.spec }, advisoryIds: child.advisoryIds });
      const verdicts = new Map<string, boolean>();
      queue.push({
        id: parent.id,
        name: parent.name,
        advisoryIds: child.advisoryIds,
        // A version of the parent is affected when its own declared range for the child admits only affected versions.
        affects: (version) => {
          let verdict = verdicts.get(version);
          if (verdict === undefined) {
            const declared = picker.dependenciesOf(parent.name, version)?.[edge.name];
            const resolved = declared === undefined ? undefined : resolveSpec(edge.name, declared);
            const versions = resolved ? picker.admitted(resolved.name, resolved.range) : [];
            verdict = versions.length > 0 && versions.every((v) => child.affects(v.version));
            verdicts.set(version, verdict);
          }
          return verdict;
        },
      });
    }
  }
  return found.sort((a, b) => (a.componentId < b.componentId ? -1 : a.componentId > b.componentId ? 1 : (a.advisoryIds[0] ?? '').localeCompare(b.advisoryIds[0] ?? '')));
}
