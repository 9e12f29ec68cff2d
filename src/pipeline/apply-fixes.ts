import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RelockError } from '../model/errors.js';
import type { ApplyRound, ApplyStage, FindingRef, FixApplyReport, ManifestFieldChange } from '../model/fix-apply.js';
import { isRecord } from '../model/json.js';
import { refreshName, type DirectUpgrade, type FixPlan } from '../model/remediation.js';
import type { ScanResult } from '../model/scan-result.js';
import { DEFAULT_POLICY, type Policy } from '../model/policy.js';
import { evaluatePolicy } from '../policy/evaluate-policy.js';
import { buildFixPlan } from '../remediation/fix-plan.js';
import { undoneBecause } from '../report/fix-apply.js';
import { editManifest, type OverrideEdit } from '../remediation/manifest-edits.js';
import { findManager } from './find-manager.js';
import { roundConcerns, type RoundSide } from './judge-round.js';
import { guardProject, ProjectSnapshot, writeFileAtomic } from './project-snapshot.js';
import type { ManagerCommand } from './relock.js';
import { relock } from './relock-project.js';
import { refreshesAsOverrides } from './refreshes-as-overrides.js';
import { overridesFieldFor, relockRecipe, type RelockRecipe } from './relock-managers.js';
import { scanProject, type ScanOptions } from './scan-project.js';

export interface ApplyOptions extends ScanOptions {
  /** The environment the package manager runs with (the user's: its registry, proxy and auth settings). */
  env: Readonly<Record<string, string | undefined>>;
  /** How the project's package manager is started; found on PATH unless given (pipeline/find-manager.ts). */
  manager?: ManagerCommand;
  /** The policy the command runs with: a round that adds a violation of it is undone (default: deptrust's default policy). */
  policy?: Policy;
  /** Called as each round starts (progress). */
  onRound?: (round: ApplyRound, manager: string) => void;
}

export interface ApplyResult {
  before: ScanResult;
  after: ScanResult;
  report: FixApplyReport;
}

const ROUNDS: readonly ApplyRound[] = ['minor', 'major'];

/**
 * `deptrust fix --apply`: scans, then applies the plan in two rounds, the
 * cheap one first (lockfile refreshes, in-range and minor upgrades,
 * overrides), then the semver-major upgrades still needed. Each round edits
 * the package.json files (the root's or the declaring workspace's), relocks
 * with the project's own manager (npm, pnpm, yarn or bun) in lockfile-only
 * mode without scripts, and rescans: a round that
 * fixes nothing or introduces a finding is undone (its files restored byte for
 * byte). A relock that fails, an error, or an interruption restores every
 * file as it was before the command.
 */
export async function applyFixes(projectDir: string, options: ApplyOptions): Promise<ApplyResult> {
  const before = await scanProject(projectDir, options);
  const { inventory } = before;
  const recipe = relockRecipe(inventory);
  const root = inventory.root;
  const manifests = [root, ...inventory.workspaces.map((w) => path.join(root, w))].map((dir) => path.join(dir, 'package.json'));
  const files = [...manifests, ...recipe.files.map((file) => path.join(root, file))];
  const original = ProjectSnapshot.take(files);
  const guard = guardProject(original);
  const stages: ApplyStage[] = [];
  const policy = options.policy ?? DEFAULT_POLICY;
  const now = options.now();
  const side = (result: ScanResult): RoundSide => ({ components: result.inventory.components, violations: evaluatePolicy(result, policy, now).violations });
  let current = before;
  try {
    // Looked up when a round has something to relock: a project with nothing to fix needs no manager.
    let manager: Awaited<ReturnType<typeof findManager>> | undefined;
    const tried = new Set<string>();
    for (const round of ROUNDS) {
      let plan = roundPlan(buildFixPlan(current.remediations, new Map(current.inventory.components.map((c) => [c.id, c]))), round, tried);
      if (recipe.refreshAsOverride) plan = refreshesAsOverrides(plan, current);
      // A round that introduces a finding is tried once more without the steps the new finding's paths run through.
      for (let attempt = 1; attempt <= 2 && !emptyPlan(plan); attempt++) {
        manager ??= await findManager(recipe, { root, env: options.env, given: options.manager, packageManager: declaredPackageManager(root), track: guard.track });
        options.onRound?.(round, recipe.name);
        const snapshot = ProjectSnapshot.take(files);
        const changes = editManifests(root, plan, recipe);
        const run = await relock(recipe, manager.command, { root, workspaces: inventory.workspaces, update: plan.update, env: options.env, track: guard.track });
        if (!run.ok) {
          original.restore();
          throw new RelockError(`${run.display} failed (${run.error ?? 'no message'}); every file was restored as it was`);
        }
        const after = await scanProject(root, withoutInventory(options));
        const fixed = difference(findingRefs(current), findingRefs(after));
        const introduced = difference(findingRefs(after), findingRefs(current));
        const concerns = roundConcerns(side(current), side(after), plan);
        const kept = fixed.length > 0 && introduced.length === 0 && concerns.length === 0;
        if (kept) current = after;
        else snapshot.restore();
        const worse = [...introduced, ...concerns.map((c) => ({ name: c.name, version: c.version }))];
        const culprits = kept || worse.length === 0 || attempt === 2 ? [] : stepsLeadingTo(after, worse, plan);
        const retry = withoutSteps(plan, culprits);
        const again = culprits.length > 0 && !emptyPlan(retry);
        stages.push({ round, attempt, plan, changes, commands: run.commands, kept, fixed, introduced, concerns, ...(again ? { leftOutNext: culprits.map(stepLabel) } : {}) });
        if (!again) break;
        plan = retry;
      }
    }
  } catch (error) {
    original.restore();
    throw error;
  } finally {
    guard.release();
  }
  const initial = findingRefs(before);
  const final = findingRefs(current);
  const report: FixApplyReport = {
    stages,
    changedFiles: original.changed().map((file) => path.relative(root, file)),
    fixed: difference(initial, final),
    remaining: remainingWithReasons(current, stages),
    introduced: difference(final, initial),
  };
  return { before, after: current, report };
}

/** The root package.json's `packageManager` (corepack's field), as written. */
function declaredPackageManager(root: string): string | undefined {
  try {
    const manifest: unknown = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    return isRecord(manifest) && typeof manifest['packageManager'] === 'string' ? manifest['packageManager'] : undefined;
  } catch {
    return undefined; // the scan already read it
  }
}

function emptyPlan(plan: FixPlan): boolean {
  return plan.update.length === 0 && plan.upgrade.length === 0 && plan.overrides.length === 0;
}

type PlanStep = FixPlan['upgrade'][number] | FixPlan['overrides'][number];

function stepLabel(step: PlanStep): string {
  return 'to' in step ? `${step.name}@${step.to}${step.workspace === undefined ? '' : ` in ${step.workspace}`}` : `override ${step.key}`;
}

/**
 * The steps the paths to a newly introduced finding (or concern) run through: the upgraded
 * declaration at the top of a path (in the same package.json), or an
 * overridden package anywhere on it.
 */
function stepsLeadingTo(after: ScanResult, introduced: ReadonlyArray<Pick<FindingRef, 'name' | 'version'>>, plan: FixPlan): PlanStep[] {
  const { inventory } = after;
  const byId = new Map(inventory.components.map((c) => [c.id, c]));
  const culprits = new Set<PlanStep>();
  for (const component of inventory.components) {
    if (!introduced.some((r) => r.name === component.name && r.version === component.version)) continue;
    for (const pathIds of inventory.paths.get(component.id)?.sample ?? []) {
      const nodes = pathIds.map((id) => byId.get(id));
      // Leading workspace packages declare the dependency below them.
      let top = 0;
      while (top < nodes.length - 1 && nodes[top]?.isWorkspace) top++;
      const workspace = top > 0 ? nodes[top - 1]?.locations[0] : undefined;
      const direct = nodes[top];
      for (const upgrade of plan.upgrade) {
        if (direct && (upgrade.packageName ?? upgrade.name) === direct.name && upgrade.workspace === workspace) culprits.add(upgrade);
      }
      for (const override of plan.overrides) if (nodes.slice(top).some((node) => node?.name === override.key)) culprits.add(override);
    }
  }
  return [...culprits];
}

function withoutSteps(plan: FixPlan, steps: readonly PlanStep[]): FixPlan {
  const drop = new Set<PlanStep>(steps);
  return { ...plan, upgrade: plan.upgrade.filter((u) => !drop.has(u)), overrides: plan.overrides.filter((o) => !drop.has(o)) };
}

/** The part of the plan a round applies; what an earlier round tried is not tried again. */
function roundPlan(plan: FixPlan, round: ApplyRound, tried: Set<string>): FixPlan {
  const fresh = (key: string): boolean => {
    if (tried.has(key)) return false;
    tried.add(key);
    return true;
  };
  if (round === 'major') {
    return { update: [], upgrade: plan.upgrade.filter((u) => u.semverMajor && fresh(upgradeKey(u))), overrides: [], noFix: plan.noFix, held: [] };
  }
  const update = plan.update.filter((name) => fresh(`update\0${name}`));
  return {
    update,
    held: plan.held.filter((h) => update.includes(h.name)),
    upgrade: plan.upgrade.filter((u) => !u.semverMajor && fresh(upgradeKey(u))),
    overrides: plan.overrides.filter((o) => fresh(`override\0${o.key}\0${o.spec}`)),
    noFix: plan.noFix,
  };
}

function upgradeKey(upgrade: DirectUpgrade): string {
  return `upgrade\0${upgrade.workspace ?? ''}\0${upgrade.name}\0${upgrade.to}`;
}

/** Writes the round's edits into the root's and the workspaces' package.json files (each atomically). */
function editManifests(root: string, plan: FixPlan, recipe: RelockRecipe): ManifestFieldChange[] {
  const byFolder = new Map<string, DirectUpgrade[]>();
  for (const upgrade of plan.upgrade) {
    const folder = upgrade.workspace ?? '';
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), upgrade]);
  }
  if (plan.overrides.length > 0 && !byFolder.has('')) byFolder.set('', []);
  const changes: ManifestFieldChange[] = [];
  for (const [folder, upgrades] of [...byFolder].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const file = path.join(root, folder, 'package.json');
    const text = readFileSync(file, 'utf8');
    const overrides = folder === '' ? plan.overrides.map((o) => overrideEdit(o, text, recipe)) : [];
    const edited = editManifest(text, { upgrades, overrides, overridesField: folder === '' ? overridesFieldFor(recipe, JSON.parse(text)) : recipe.overridesField });
    if (edited.text !== text) writeFileAtomic(file, edited.text);
    const relative = path.relative(root, file);
    changes.push(...edited.changes.map((change) => ({ file: relative, field: change.field, ...(change.from === undefined ? {} : { from: change.from }), ...(change.to === undefined ? {} : { to: change.to }) })));
  }
  return changes;
}

/**
 * npm's and pnpm's `$name` follows the root package.json's own declaration
 * of the package; when only a workspace declares it, npm refuses the
 * reference, and yarn and bun have no such reference: the entry gets the
 * target range instead.
 */
function overrideEdit(override: FixPlan['overrides'][number], rootManifest: string, recipe: RelockRecipe): OverrideEdit {
  let value = override.spec;
  if (value.startsWith('$') && override.target !== undefined && !recipe.followsDirectSpec) value = `^${override.target}`;
  else if (value.startsWith('$') && override.target !== undefined) {
    const manifest: unknown = JSON.parse(rootManifest);
    const name = value.slice(1);
    const declared = isRecord(manifest) && ['dependencies', 'devDependencies', 'optionalDependencies'].some((section) => isRecord(manifest[section]) && typeof manifest[section][name] === 'string');
    if (!declared) value = `^${override.target}`;
  }
  return { key: override.key, value, replaces: override.replaces };
}

function findingRefs(result: ScanResult): Map<string, FindingRef> {
  const byId = new Map(result.inventory.components.map((c) => [c.id, c]));
  const refs = new Map<string, FindingRef>();
  for (const finding of result.findings) {
    const component = byId.get(finding.componentId);
    if (!component) continue;
    const ref = { name: component.name, version: component.version, advisoryId: finding.primaryId, severity: finding.rating.level };
    refs.set(`${ref.name}\0${ref.version}\0${ref.advisoryId}`, ref);
  }
  return refs;
}

/** The findings of `a` whose package and advisory are not in `b` (a package still affected at another version counts as the same finding). */
function difference(a: ReadonlyMap<string, FindingRef>, b: ReadonlyMap<string, FindingRef>): FindingRef[] {
  const inB = new Set([...b.values()].map((r) => `${r.name}\0${r.advisoryId}`));
  return [...a.values()].filter((r) => !inB.has(`${r.name}\0${r.advisoryId}`)).sort(byRef);
}

function byRef(a: FindingRef, b: FindingRef): number {
  const x = `${a.name}\0${a.version}\0${a.advisoryId}`;
  const y = `${b.name}\0${b.version}\0${b.advisoryId}`;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Why each finding is still there: no fixed version, a round that tried its fix and was undone, or a fix the relock did not reach. */
function remainingWithReasons(result: ScanResult, stages: readonly ApplyStage[]): FixApplyReport['remaining'] {
  const byId = new Map(result.inventory.components.map((c) => [c.id, c]));
  const remediations = new Map(result.remediations.map((r) => [r.componentId, r]));
  const remaining: FixApplyReport['remaining'] = [];
  for (const finding of result.findings) {
    const component = byId.get(finding.componentId);
    if (!component) continue;
    const label = `${component.name}@${component.version}`;
    const remediation = remediations.get(component.id);
    // A refresh names the package, not the copies it fixes.
    const refreshed = new Set((remediation?.steps ?? []).filter((step) => step.action === 'refresh-lockfile').map((step) => refreshName(step, component)));
    const undone = stages.find((s) => !s.kept && (s.plan.update.some((name) => name === component.name || refreshed.has(name)) || [...s.plan.upgrade, ...s.plan.overrides].some((step) => step.fixes.includes(label))));
    let reason: string;
    if (remediation?.target === undefined) reason = finding.malicious ? 'malware: remove it' : 'no published version is free of the advisory';
    else if (undone) reason = `its ${undone.round === 'major' ? 'semver-major upgrade' : 'fix'} was tried and undone (${undoneBecause(undone)})`;
    else if (!remediation.verified) reason = `fixed in ${remediation.target}, but the registry's versions are unknown: no fix could be checked`;
    else reason = `fixed in ${remediation.target}, not reached by relocking (run "deptrust fix --dry-run" for the remaining steps)`;
    remaining.push({ name: component.name, version: component.version, advisoryId: finding.primaryId, severity: finding.rating.level, reason });
  }
  return remaining.sort(byRef);
}

/** The rescan reads the relocked lockfile, never an inventory handed in for the first scan. */
function withoutInventory(options: ApplyOptions): ScanOptions {
  const rest: ScanOptions = { ...options };
  delete rest.inventory;
  return rest;
}
