import semver, { type SemVer } from 'semver';
import { ROOT_ID, type Component, type DependencyEdge, type Inventory } from '../model/component.js';
import { severityRank, type Finding, type Severity } from '../model/finding.js';
import { subtreeCleanAt } from './subtree-check.js';
import type { DirectUpgrade, Remediation, RemediationAction, RemediationStep } from '../model/remediation.js';
import { existingOverrides } from './existing-overrides.js';
import { isMajorJump } from './major-jump.js';
import { dependencyGraph, pathsThrough, type DeclaredPath, type DependencyGraph } from './dependency-graph.js';
import { resolveSpec, specAdmits } from '../match/npm-spec.js';
import type { VersionPicker } from './version-picker.js';

export interface RemediationContext {
  inventory: Pick<Inventory, 'components' | 'edges' | 'paths'>;
  /** The registry's versions (and their dependency ranges) as far as they are known. */
  picker: VersionPicker;
  /** The ids of the advisories affecting `name@version`. */
  isVulnerable: (name: string, version: string) => string[];
  /** The root package.json's `overrides`, as written. */
  overrides: unknown;
  /** An advisory's severity, to judge the subtree a target brings in (docs/remediation.md); without it every advisory counts as `unknown`. */
  severityOf?: (advisoryId: string) => Severity | undefined;
  /** Told each package whose registry data a target's subtree needed and did not have. */
  onUnknown?: (name: string) => void;
}

const ACTION_ORDER: readonly RemediationAction[] = ['refresh-lockfile', 'upgrade-direct', 'override', 'no-fix'];

/**
 * A remediation for every vulnerable component (pure). For each parent that
 * pulls it in: refreshing the lockfile is enough when the version npm would
 * now pick for the parent's range is clean; otherwise the direct dependency at
 * the top of the path is upgraded to its lowest version whose tree reaches a
 * clean version (walking the path down through each version's declared
 * ranges); otherwise an `overrides` entry forces the target version.
 */
export function planRemediations(findings: readonly Finding[], context: RemediationContext): Remediation[] {
  const graph = dependencyGraph(context.inventory);
  const byComponent = new Map<string, Finding[]>();
  for (const finding of findings) {
    const list = byComponent.get(finding.componentId);
    if (list) list.push(finding);
    else byComponent.set(finding.componentId, [finding]);
  }
  const remediations: Remediation[] = [];
  for (const [componentId, componentFindings] of byComponent) {
    const component = graph.components.get(componentId);
    if (component) remediations.push(remediate(component, componentFindings, graph, context));
  }
  return sameUpgradeEverywhere(remediations);
}

/**
 * One target per direct dependency across the whole scan: an upgrade of the
 * same declaration needed by several vulnerable components moves to the
 * highest version any of them needs, in every remediation that names it.
 */
function sameUpgradeEverywhere(remediations: Remediation[]): Remediation[] {
  const highest = new Map<string, DirectUpgrade>();
  const key = (d: DirectUpgrade): string => `${d.workspace ?? ''}\0${d.name}`;
  for (const step of remediations.flatMap((r) => r.steps)) {
    const d = step.dependency;
    if (!d) continue;
    const current = highest.get(key(d));
    if (!current || semver.gt(d.to, current.to, true)) highest.set(key(d), d);
  }
  for (const step of remediations.flatMap((r) => r.steps)) {
    if (step.dependency) step.dependency = { ...(highest.get(key(step.dependency)) ?? step.dependency) };
  }
  return remediations;
}

/**
 * The range a parent declares for a dependency: its published manifest's
 * when the registry's data has it (pnpm's lockfile records only the version a
 * package resolved to, not the range it declared), else the lockfile's.
 */
function declaredSpec(edge: DependencyEdge, graph: DependencyGraph, picker: VersionPicker): string {
  const parent = graph.components.get(edge.from);
  if (!parent || parent.source.kind !== 'registry' || edge.type !== 'prod') return edge.spec;
  return picker.dependenciesOf(parent.name, parent.version)?.[edge.name] ?? edge.spec;
}

function remediate(component: Component, findings: readonly Finding[], graph: DependencyGraph, context: RemediationContext): Remediation {
  const { picker } = context;
  const clean = (name: string, version: string): boolean => context.isVulnerable(name, version).length === 0;
  const { target, verified } = targetVersion(component, findings, context);
  const incoming = graph.incoming(component.id);
  const remediation: Remediation = { componentId: component.id, advisoryIds: [...new Set(findings.map((f) => f.primaryId))], verified, steps: [] };
  if (target === undefined) {
    remediation.steps.push({ action: 'no-fix', parents: [...new Set(incoming.map((e) => e.from))].sort() });
    return remediation;
  }
  remediation.target = target;
  const installed = semver.parse(component.version, { loose: true });
  const steps: RemediationStep[] = [];
  const refreshFixes = (edge: DependencyEdge): boolean => {
    const { name, range } = resolveSpec(edge.name, declaredSpec(edge, graph, picker));
    if (!picker.known(name)) return specAdmits(range, target);
    const picked = picker.pick(name, range);
    return picked !== undefined && clean(name, picked);
  };
  // Parents whose range admits no clean version hold the one shared copy down: a refresh for the others waits for them.
  const holders = incoming.filter((edge) => !refreshFixes(edge)).map((edge) => ({ parent: edge.from, spec: declaredSpec(edge, graph, picker) }));
  for (const edge of incoming) {
    if (refreshFixes(edge)) {
      steps.push({ action: 'refresh-lockfile', parents: [edge.from], ...(holders.length > 0 ? { heldBy: holders } : {}), ...(edge.name !== component.name ? { alias: edge.name } : {}) });
    } else if (graph.declaredByProject(edge.from)) {
      const workspace = workspaceFolder(graph, edge.from);
      steps.push({
        action: 'upgrade-direct',
        dependency: {
          name: edge.name,
          ...(edge.name !== component.name ? { packageName: component.name } : {}),
          from: component.version,
          to: target,
          semverMajor: isMajorJump(installed, target),
          withinRange: false,
          ...(workspace === undefined ? {} : { workspace }),
        },
        parents: [edge.from],
      });
    } else {
      const upgrades = upgradesThrough(edge.from, component, worstSeverity(findings), graph, context);
      const override = (): RemediationStep => overrideStep(component, target, verified, graph, context, edge.from);
      if (upgrades === undefined) steps.push(override());
      else if (upgrades.some((u) => u.semverMajor) && prefersOverride(component, target, verified, graph, context)) {
        // Minimal plans: an override to a verified clean version before a semver-major upgrade (docs/remediation.md).
        steps.push(override());
      } else for (const dependency of upgrades) steps.push({ action: 'upgrade-direct', dependency, parents: [edge.from] });
    }
  }
  remediation.steps = mergeSteps(steps);
  return remediation;
}

/** The most severe rating among a component's findings. */
function worstSeverity(findings: readonly Finding[]): Severity {
  return findings.map((f) => f.rating.level).sort((a, b) => severityRank(a) - severityRank(b))[0] ?? 'unknown';
}

/** The lowest published version above the installed one that no known advisory affects and whose own tree is clean at the findings' severity; without registry data, the highest `fixed` version the findings name. */
function targetVersion(component: Component, findings: readonly Finding[], context: RemediationContext): { target?: string; verified: boolean } {
  const installed = semver.parse(component.version, { loose: true });
  if (context.picker.known(component.name) && installed) {
    const candidates = context.picker
      .versions(component.name)
      .filter((v) => v.compare(installed) > 0 && (installed.prerelease.length > 0 || v.prerelease.length === 0))
      .filter((v) => context.isVulnerable(component.name, v.version).length === 0)
      // Verified: the tree the version brings in carries nothing as severe as what it fixes.
      .filter((v) => subtreeCleanAt(component.name, v.version, worstSeverity(findings), context));
    const chosen = candidates.find((v) => !context.picker.deprecated(component.name, v.version)) ?? candidates[0];
    return chosen ? { target: chosen.version, verified: true } : { verified: true };
  }
  const fixed = findings.map((f) => f.fix.fixedIn).filter((v): v is string => v !== undefined);
  // A finding without a fixed version leaves the component vulnerable whatever the others say.
  if (fixed.length < findings.length) return { verified: false };
  const highest = fixed.sort((a, b) => semver.compare(a, b, true)).at(-1);
  return highest && context.isVulnerable(component.name, highest).length === 0 ? { target: highest, verified: false } : { verified: false };
}

/**
 * Walks up from a transitive parent to the direct dependency above it and
 * tries that dependency's newer versions, lowest first: a version fixes the
 * path when, following the versions npm would pick for each declared range
 * down the path, the vulnerable package is reached at a clean version or no
 * longer reached at all.
 */
function upgradesThrough(parentId: string, component: Component, severity: Severity, graph: DependencyGraph, context: RemediationContext): Array<NonNullable<RemediationStep['dependency']>> | undefined {
  const upgrades = new Map<string, { componentId: string; dependency: NonNullable<RemediationStep['dependency']> }>();
  // Shortest paths first: a longer path through a package the project declares itself is fixed by that package's own upgrade.
  const paths = [...pathsThrough(graph, context.inventory, component.id, parentId)].sort((a, b) => a.chain.length - b.chain.length);
  for (const path of paths) {
    const key = `${path.declarer}\0${path.chain[0] ?? ''}`;
    if (upgrades.has(key) || coveredByUpgrade(path, [...upgrades.values()], graph, context)) continue;
    const upgrade = upgradeAlong(path, severity, graph, context);
    // One path that no upgrade fixes leaves the parent vulnerable: only an override helps.
    if (!upgrade) return undefined;
    upgrades.set(key, { componentId: path.chain[0] ?? '', dependency: upgrade });
  }
  return [...upgrades.values()].map((u) => u.dependency);
}

/**
 * Whether a path passes through a package another step already upgrades
 * (the same installed copy, deduplicated), and the range its parent on this
 * path declares admits the new version: the package manager then resolves
 * both to the one upgraded copy, and this path needs no step of its own.
 */
function coveredByUpgrade(path: DeclaredPath, chosen: ReadonlyArray<{ componentId: string; dependency: NonNullable<RemediationStep['dependency']> }>, graph: DependencyGraph, context: RemediationContext): boolean {
  for (let index = 1; index < path.chain.length - 1; index++) {
    const shared = path.chain[index] ?? '';
    const upgrade = chosen.find((u) => u.componentId === shared);
    const edge = graph.edge(path.chain[index - 1] ?? '', shared);
    if (!upgrade || !edge) continue;
    const { range } = resolveSpec(edge.name, declaredSpec(edge, graph, context.picker));
    if (specAdmits(range, upgrade.dependency.to)) return true;
  }
  return false;
}

function upgradeAlong(path: DeclaredPath, severity: Severity, graph: DependencyGraph, context: RemediationContext): RemediationStep['dependency'] {
  const { declarer, chain } = path;
  const workspace = workspaceFolder(graph, declarer);
  const direct = chain[0] && graph.components.get(chain[0]);
  const declared = direct && graph.edge(declarer, direct.id);
  const installed = direct && semver.parse(direct.version, { loose: true });
  if (!direct || !declared || !installed || !context.picker.known(direct.name)) return undefined;
  const names = chain.map((id, index) => (index === 0 ? direct.name : graph.edge(chain[index - 1] ?? '', id)?.name ?? ''));
  const newer = context.picker.versions(direct.name).filter((v) => v.compare(installed) > 0 && v.prerelease.length === 0);
  // Non-deprecated versions first; a deprecated one only when nothing else gets there.
  const deprecated = (v: SemVer): boolean => context.picker.deprecated(direct.name, v.version);
  const candidate = [...newer.filter((v) => !deprecated(v)), ...newer.filter(deprecated)].find((v) => leadsToCleanVersion(direct.name, v.version, names, context) && subtreeCleanAt(direct.name, v.version, severity, context));
  if (!candidate) return undefined;
  return {
    name: declared.name,
    ...(declared.name !== direct.name ? { packageName: direct.name } : {}),
    from: direct.version,
    to: candidate.version,
    semverMajor: isMajorJump(installed, candidate.version),
    withinRange: specAdmits(declared.spec, candidate.version),
    ...(workspace === undefined ? {} : { workspace }),
  };
}

function leadsToCleanVersion(directName: string, version: string, names: readonly string[], context: RemediationContext): boolean {
  let dependencies = context.picker.dependenciesOf(directName, version);
  for (let index = 1; index < names.length; index++) {
    if (!dependencies) return false;
    const name = names[index];
    // An edge the inventory does not know: nothing can be concluded about this path.
    if (!name) return false;
    const declared = dependencies[name];
    // This version no longer depends on it: the path is gone.
    if (declared === undefined) return true;
    const resolved = resolveSpec(name, declared);
    const picked = context.picker.pick(resolved.name, resolved.range);
    if (picked === undefined) return false;
    if (index === names.length - 1) return context.isVulnerable(resolved.name, picked).length === 0;
    dependencies = context.picker.dependenciesOf(resolved.name, picked);
  }
  return false;
}

/**
 * An npm `overrides` entry for the package. When the project also depends on
 * it directly, npm requires the override to agree with that declaration, so
 * the entry refers to it (`$name`) and the direct declaration is upgraded.
 */
function overrideStep(component: Component, target: string, verified: boolean, graph: DependencyGraph, context: RemediationContext, parent: string): RemediationStep {
  const existing = existingOverrides(context.overrides, component.name);
  const topLevel = existing.filter((o) => !o.path.includes(' > '));
  // An override already written that would pick a clean version: the lockfile just predates it.
  if (topLevel.some((o) => context.picker.known(component.name) && cleanPick(component.name, o.spec, context))) {
    return { action: 'refresh-lockfile', parents: [parent] };
  }
  let spec = target;
  if (graph.directlyDeclared(component)) spec = `$${component.name}`;
  else if (verified && cleanPick(component.name, `^${target}`, context)) spec = `^${target}`;
  // Forced past the parents' declared ranges into another major: a breaking change the plan must name, as it names a major upgrade.
  const major = isMajorJump(semver.parse(component.version, { loose: true }), target) ? { semverMajor: true } : {};
  return { action: 'override', override: { key: component.name, spec, replaces: existing, ...major }, parents: [parent] };
}

/**
 * An override rather than a semver-major upgrade: when the component's target
 * was checked against the registry and the override would resolve to a clean
 * version (a package the project also declares needs its own upgrade anyway).
 */
function prefersOverride(component: Component, target: string, verified: boolean, graph: DependencyGraph, context: RemediationContext): boolean {
  return verified && !graph.directlyDeclared(component) && context.picker.known(component.name) && context.isVulnerable(component.name, target).length === 0;
}

/** The workspace folder of a declaring workspace package (its location); undefined for the root. */
function workspaceFolder(graph: DependencyGraph, declarer: string): string | undefined {
  if (declarer === ROOT_ID) return undefined;
  const component = graph.components.get(declarer);
  return component?.isWorkspace ? component.locations[0] : undefined;
}

function cleanPick(name: string, range: string, context: RemediationContext): boolean {
  const picked = context.picker.pick(name, range);
  return picked !== undefined && context.isVulnerable(name, picked).length === 0;
}

/** Identical steps for several parents become one step listing them all. */
function mergeSteps(steps: readonly RemediationStep[]): RemediationStep[] {
  const merged = new Map<string, RemediationStep>();
  for (const step of steps) {
    // Upgrades of one dependency found along different paths become one upgrade, to the highest version any path needs.
    const key = step.dependency ? `upgrade\0${step.dependency.workspace ?? ''}\0${step.dependency.name}` : JSON.stringify([step.action, step.override]);
    const existing = merged.get(key);
    if (!existing) {
      merged.set(key, { ...step, parents: [...step.parents] });
      continue;
    }
    existing.parents = [...new Set([...existing.parents, ...step.parents])].sort();
    if (existing.dependency && step.dependency && semver.gt(step.dependency.to, existing.dependency.to, true)) existing.dependency = step.dependency;
  }
  return [...merged.values()].sort(
    (a, b) => ACTION_ORDER.indexOf(a.action) - ACTION_ORDER.indexOf(b.action) || (a.dependency?.name ?? '').localeCompare(b.dependency?.name ?? '') || (a.parents[0] ?? '').localeCompare(b.parents[0] ?? ''),
  );
}
