import semver from 'semver';
import type { Component } from '../model/component.js';
import { refreshName, type DirectUpgrade, type FixPlan, type Remediation, type RemediationStep } from '../model/remediation.js';

/**
 * Folds the remediations into one plan (pure): a package upgraded for
 * several findings is upgraded once, to the highest version any of them
 * needs; overrides of one package likewise. `fixes` lists the
 * `name@version` each action fixes.
 */
export function buildFixPlan(remediations: readonly Remediation[], components: ReadonlyMap<string, Component>): FixPlan {
  const update = new Set<string>();
  const upgrades = new Map<string, FixPlan['upgrade'][number]>();
  const overrides = new Map<string, FixPlan['overrides'][number]>();
  const noFix: string[] = [];
  const held = new Map<string, Map<string, FixPlan['held'][number]['heldBy'][number]>>();
  // The parents each refresh is for, to tell a refresh an upgrade carries out from one it does not.
  const refreshParents = new Map<string, Set<string>>();
  for (const remediation of remediations) {
    const component = components.get(remediation.componentId);
    if (!component) continue;
    const label = `${component.name}@${component.version}`;
    for (const step of remediation.steps) {
      // A refresh names the dependency as the manager installed it: an alias by its alias.
      const refreshed = refreshName(step, component);
      if (step.action === 'refresh-lockfile' && step.heldBy) {
        const holders = held.get(refreshed) ?? new Map<string, FixPlan['held'][number]['heldBy'][number]>();
        for (const holder of step.heldBy) {
          const parent = components.get(holder.parent);
          const parentLabel = parent ? `${parent.name}@${parent.version}` : holder.parent === '' ? 'the project' : holder.parent;
          const movedBy = movingStep(remediation.steps, holder.parent);
          holders.set(`${parentLabel}\0${holder.spec}`, { parent: parentLabel, spec: holder.spec, ...(movedBy === undefined ? {} : { movedBy }) });
        }
        held.set(refreshed, holders);
      }
      if (step.action === 'refresh-lockfile') {
        update.add(refreshed);
        for (const parent of step.parents) refreshParents.set(refreshed, (refreshParents.get(refreshed) ?? new Set()).add(parent));
      }
      else if (step.action === 'no-fix') noFix.push(component.id);
      else if (step.action === 'upgrade-direct' && step.dependency) {
        // One entry per package.json that declares it: a workspace's declaration moves in that workspace.
        const key = `${step.dependency.name}\0${step.dependency.workspace ?? ''}`;
        const existing = upgrades.get(key);
        if (!existing) upgrades.set(key, { ...step.dependency, fixes: [label] });
        else {
          if (semver.gt(step.dependency.to, existing.to, true)) Object.assign(existing, step.dependency);
          existing.fixes = [...new Set([...existing.fixes, label])].sort();
        }
      } else if (step.action === 'override' && step.override) {
        const existing = overrides.get(step.override.key);
        // A `$name` spec (follow the direct dependency) keeps the target version for managers that cannot follow it.
        const target = remediation.target === undefined || !step.override.spec.startsWith('$') ? {} : { target: remediation.target };
        // An override moves every copy it fixes to the target's major, whatever range their parents declare.
        const major = step.override.semverMajor ? { semverMajor: true } : {};
        if (!existing) overrides.set(step.override.key, { ...step.override, ...target, ...major, fixes: [label] });
        else {
          if (higherSpec(step.override.spec, existing.spec)) Object.assign(existing, { spec: step.override.spec, ...target });
          Object.assign(existing, major);
          existing.fixes = [...new Set([...existing.fixes, label])].sort();
        }
      }
    }
  }
  const refreshed = [...update].filter((name) => !coveredByUpgrades(name, refreshParents.get(name), upgrades, components)).sort();
  return {
    // An upgraded direct dependency is refreshed by its own install.
    update: refreshed,
    upgrade: valuesInKeyOrder(upgrades),
    overrides: valuesInKeyOrder(overrides),
    noFix: [...new Set(noFix)].sort(),
    held: refreshed
      .filter((name) => held.has(name))
      .map((name) => ({ name, heldBy: [...(held.get(name)?.entries() ?? [])].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, holder]) => holder) })),
  };
}

/**
 * Whether the upgrades re-resolve every declaration a refresh is for: only
 * the package.json an upgrade edits is re-resolved. A workspace that declares
 * the same package with a range that already admits the fix (`lodash
 * ^4.17.15` in packages/worker while packages/shared pins `4.17.15`) keeps its
 * locked copy under pnpm and yarn unless the package is refreshed too, and
 * so does a transitive parent.
 */
function coveredByUpgrades(name: string, parents: ReadonlySet<string> | undefined, upgrades: ReadonlyMap<string, DirectUpgrade>, components: ReadonlyMap<string, Component>): boolean {
  const upgraded = (folder: string): boolean => upgrades.has(`${name}\0${folder}`);
  return [...(parents ?? [])].every((parent) => {
    if (parent === '') return upgraded('');
    const component = components.get(parent);
    return component?.isWorkspace === true && upgraded(component.locations[0] ?? '');
  });
}

/** The step of a remediation that moves a parent: the upgrade of the direct dependency above it, or an override. */
function movingStep(steps: readonly RemediationStep[], parent: string): string | undefined {
  const step = steps.find((s) => s.action !== 'refresh-lockfile' && s.parents.includes(parent));
  if (step?.dependency) return `upgrade ${step.dependency.name} to ${step.dependency.to}${step.dependency.workspace === undefined ? '' : ` in ${step.dependency.workspace}`}`;
  if (step?.override) return `override ${step.override.key}`;
  return undefined;
}

function valuesInKeyOrder<T>(map: ReadonlyMap<string, T>): T[] {
  return [...map.keys()].sort().map((key) => map.get(key)).filter((value): value is T => value !== undefined);
}

/** `$name` (follow the direct dependency) wins; otherwise the spec with the higher minimum version. */
function higherSpec(candidate: string, current: string): boolean {
  if (current.startsWith('$')) return false;
  if (candidate.startsWith('$')) return true;
  const a = minVersion(candidate);
  const b = minVersion(current);
  return a !== null && b !== null && semver.gt(a, b);
}

function minVersion(range: string): semver.SemVer | null {
  try {
    return semver.minVersion(range, { loose: true });
  } catch {
    return null;
  }
}
