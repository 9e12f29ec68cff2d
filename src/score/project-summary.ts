import { dependencyGraphOf } from '../graph/dependency-graph.js';
import type { Inventory } from '../model/component.js';
import { ROOT_ID } from '../model/component.js';
import type { RiskSummaryData } from '../model/scan-result.js';
import type { RiskScore } from '../model/signal.js';

/**
 * The project's risk at a glance: components per score band (0–19 … 80–100),
 * the ten to act on first, dependency counts, and how many transitive
 * components each direct dependency brings in, largest first.
 */
export type RiskSummary = RiskSummaryData;

export function summariseRisk(inventory: Inventory, scores: readonly RiskScore[], weights: ReadonlyMap<string, number>): RiskSummary {
  const distribution: RiskSummary['distribution'] = { '0-19': 0, '20-39': 0, '40-59': 0, '60-79': 0, '80-100': 0 };
  for (const { score } of scores) {
    if (score >= 80) distribution['80-100']++;
    else if (score >= 60) distribution['60-79']++;
    else if (score >= 40) distribution['40-59']++;
    else if (score >= 20) distribution['20-39']++;
    else distribution['0-19']++;
  }
  const names = new Map(inventory.components.map((c) => [c.id, `${c.name}@${c.version}`]));
  const top = scores
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || (names.get(a.componentId) ?? '').localeCompare(names.get(b.componentId) ?? ''))
    .slice(0, 10)
    .map(({ componentId, score }) => ({ componentId, score }));
  const components = inventory.components.filter((c) => !c.isWorkspace);
  const directIds = new Set(dependencyGraphOf(inventory.edges).outgoing(ROOT_ID).map((e) => e.to));
  return {
    distribution,
    top,
    counts: {
      components: components.length,
      direct: components.filter((c) => c.direct).length,
      transitive: components.filter((c) => !c.direct).length,
      prod: components.filter((c) => c.scope === 'prod').length,
      dev: components.filter((c) => c.scope === 'dev' || c.scope === 'devAndOptional').length,
      optional: components.filter((c) => c.scope === 'optional' || c.scope === 'devOptional').length,
    },
    weight: [...weights]
      .filter(([id]) => directIds.has(id))
      .map(([componentId, transitive]) => ({ componentId, transitive }))
      .sort((a, b) => b.transitive - a.transitive || a.componentId.localeCompare(b.componentId)),
  };
}
