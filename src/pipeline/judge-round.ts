import semver from 'semver';
import type { Component } from '../model/component.js';
import type { RoundConcern } from '../model/fix-apply.js';
import type { FixPlan } from '../model/remediation.js';
import { isMajorJump } from '../remediation/major-jump.js';
import type { Violation } from '../policy/evaluate-policy.js';

/** One side of a round as the judge needs it: the components and the policy's violations. */
export interface RoundSide {
  components: readonly Component[];
  violations: readonly Violation[];
}

/**
 * What a relocked round made worse besides its findings (those are compared
 * by `fix --apply` itself): a round is kept only when it fixes at least one
 * finding, introduces none, and has none of these concerns.
 *
 * - `policy-violation`: a violation of the command's policy that was not
 *   there before (a denied license, a failing signal, a disallowed source or
 *   registry host, a risk score over the limit), by rule and package name;
 * - `install-script`: a package that runs an install script and did not
 *   before (absent, or without one), as the lockfile records it (npm's
 *   `hasInstallScript`; lockfiles that do not record scripts never raise it);
 * - `non-registry-source`: a package now from git, a tarball URL or a local
 *   path that was not from that kind of source before;
 * - `unplanned-major`: a dependency the project declares (root or workspace)
 *   whose locked version moved across a semver-major version without the
 *   round planning that major (a major upgrade of it, or an override of it).
 *
 * A fix should change what it set out to change: a relock that pulls in new
 * code from outside the registry, a new install script or a breaking major
 * nobody asked for is a new risk, even when the advisory count goes down.
 */
export function roundConcerns(before: RoundSide, after: RoundSide, plan: FixPlan): RoundConcern[] {
  const concerns: RoundConcern[] = [];
  const byIdBefore = new Map(before.components.map((c) => [c.id, c]));
  const byIdAfter = new Map(after.components.map((c) => [c.id, c]));
  // A risk score over the limit is the same violation at another score.
  const violationKey = (v: Violation, byId: ReadonlyMap<string, Component>): string => `${v.rule.replace(/^risk score \d+/, 'risk score')}\0${byId.get(v.componentId)?.name ?? v.componentId}`;
  const violationsBefore = new Set(before.violations.map((v) => violationKey(v, byIdBefore)));
  for (const violation of after.violations) {
    // Advisory violations are findings: the finding comparison judges them (a package still affected at another version is the same finding).
    if (violation.primaryId !== '') continue;
    if (violationsBefore.has(violationKey(violation, byIdAfter))) continue;
    const component = byIdAfter.get(violation.componentId);
    if (component) concerns.push({ code: 'policy-violation', name: component.name, version: component.version, detail: violation.rule });
  }

  const scriptsBefore = new Set(before.components.filter((c) => c.hasInstallScript).map((c) => c.name));
  const sourcesBefore = new Set(before.components.map((c) => `${c.name}\0${c.source.kind}`));
  for (const component of after.components) {
    if (component.isWorkspace) continue;
    if (component.hasInstallScript && !scriptsBefore.has(component.name)) concerns.push({ code: 'install-script', name: component.name, version: component.version, detail: 'runs an install script' });
    const kind = component.source.kind;
    if (kind !== 'registry' && kind !== 'workspace' && !sourcesBefore.has(`${component.name}\0${kind}`)) {
      concerns.push({ code: 'non-registry-source', name: component.name, version: component.version, detail: `from ${kind}${component.source.url === undefined ? '' : ` ${component.source.url}`}` });
    }
  }

  const plannedMajors = new Set([...plan.upgrade.filter((u) => u.semverMajor).map((u) => u.packageName ?? u.name), ...plan.overrides.map((o) => o.key)]);
  const declaredBefore = highestDirect(before.components);
  for (const [name, now] of highestDirect(after.components)) {
    const was = declaredBefore.get(name);
    if (was === undefined || plannedMajors.has(name) || !crossesMajor(was, now)) continue;
    concerns.push({ code: 'unplanned-major', name, version: now, detail: `${was} → ${now}` });
  }
  return concerns.sort((a, b) => {
    const x = `${a.code}\0${a.name}\0${a.version}\0${a.detail}`;
    const y = `${b.code}\0${b.name}\0${b.version}\0${b.detail}`;
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** The highest locked version of each package the project declares directly. */
function highestDirect(components: readonly Component[]): Map<string, string> {
  const highest = new Map<string, string>();
  for (const component of components) {
    if (!component.direct || component.isWorkspace || semver.valid(component.version) === null) continue;
    const seen = highest.get(component.name);
    if (seen === undefined || semver.gt(component.version, seen)) highest.set(component.name, component.version);
  }
  return highest;
}

/** Whether `to` is a step up from `from` that breaks (plan-remediation's own rule: a major, or a minor below 1.0.0). */
function crossesMajor(from: string, to: string): boolean {
  return semver.gt(to, from) && isMajorJump(semver.parse(from), to);
}
