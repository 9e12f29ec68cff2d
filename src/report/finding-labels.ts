import type { Component, Inventory } from '../model/component.js';
import type { Finding, SeverityRating } from '../model/finding.js';
import type { Remediation } from '../model/remediation.js';
import { pathLabel } from './path-label.js';
import type { ManagerCommands } from './manager-commands.js';
import { remediationLabel } from './remediation-labels.js';

/** `critical 9.8`, `high (GHSA)`, `MALWARE`, `unknown`: how reports name a rating. */
export function severityLabel(rating: SeverityRating): string {
  if (rating.level === 'malware') return 'MALWARE';
  if (rating.score !== undefined) return `${rating.level} ${rating.score.toFixed(1)}`;
  return rating.level;
}

/**
 * The fix as a short phrase: the version, and what gets it: refreshing the
 * lockfile (every declared range admits it), editing package.json (the
 * project pins an older range), or upgrading the parent that pins it.
 */
export function fixLabel(finding: Finding, remediation?: { plan: Remediation | undefined; component: Component; commands?: ManagerCommands }): string {
  if (remediation?.plan) return remediationLabel(remediation.plan, remediation.component, finding, remediation.commands);
  const { fix } = finding;
  if (!fix.fixedIn) return finding.malicious ? 'remove it' : 'no fix yet';
  if (fix.lockfileRefreshFixes) return `${fix.fixedIn}, refresh lockfile`;
  const pinnedByProject = fix.declaredBy.some((d) => d.from === '' && !d.admitsFix);
  return `${fix.fixedIn}, ${pinnedByProject ? 'edit package.json' : 'upgrade parent'}`;
}

export function scopeLabel(component: Component): string {
  return component.scope === 'devOptional' ? 'dev|optional' : component.scope;
}

/** The first path from the root and how many more there are. */
export function firstPathLabel(inventory: Inventory, component: Component, byId: ReadonlyMap<string, Component>): string {
  const paths = inventory.paths.get(component.id);
  const first = paths?.sample[0];
  if (!first) return inventory.project.name;
  const more = (paths?.count ?? 1) - 1;
  return `${pathLabel(inventory, first, byId)}${more > 0 ? ` (+${more} more)` : ''}`;
}
