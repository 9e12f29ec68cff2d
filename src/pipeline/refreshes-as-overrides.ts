import semver from 'semver';
import { refreshName, type FixPlan } from '../model/remediation.js';
import type { ScanResult } from '../model/scan-result.js';

/**
 * The plan's lockfile refreshes as `overrides` entries (`"name": "^target"`,
 * the highest clean target of the package's vulnerable copies), for a
 * manager that cannot refresh one package (bun). A refresh is planned only
 * when every parent's range admits a clean version, so the entry forces
 * nothing those ranges do not already allow.
 */
export function refreshesAsOverrides(plan: FixPlan, result: ScanResult): FixPlan {
  if (plan.update.length === 0) return plan;
  const byId = new Map(result.inventory.components.map((c) => [c.id, c]));
  const overrides = [...plan.overrides];
  const update: string[] = [];
  for (const name of plan.update) {
    let target: string | undefined;
    let packageName: string | undefined;
    const fixes: string[] = [];
    for (const remediation of result.remediations) {
      const component = byId.get(remediation.componentId);
      if (component === undefined || remediation.target === undefined) continue;
      // The override forces the package itself, whether the refresh named it or an alias of it.
      if (!remediation.steps.some((step) => step.action === 'refresh-lockfile' && refreshName(step, component) === name)) continue;
      fixes.push(`${component.name}@${component.version}`);
      packageName = component.name;
      if (target === undefined || semver.gt(remediation.target, target, true)) target = remediation.target;
    }
    if (target === undefined || packageName === undefined || overrides.some((o) => o.key === packageName)) update.push(name);
    else overrides.push({ key: packageName, spec: `^${target}`, replaces: [], fixes: [...new Set(fixes)].sort() });
  }
  return { ...plan, update, held: plan.held.filter((h) => update.includes(h.name)), overrides: overrides.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)) };
}
