import semver from 'semver';
import type { Component } from '../model/component.js';
import type { ChangedSide, ComponentChange, DiffViolation, ScanDiff, TreeTotals } from '../model/diff.js';
import type { Finding } from '../model/finding.js';
import { ruleKind } from '../model/policy.js';
import { PUBLIC_NPM_REGISTRY_HOSTS } from '../model/public-registry.js';
import type { ScanResult } from '../model/scan-result.js';
import type { Signal } from '../model/signal.js';

type Side = Pick<ScanResult, 'inventory' | 'findings' | 'signals' | 'scores' | 'risk'>;

/**
 * Compares the scan of the base with the scan of the change (pure). Packages
 * are compared by name, so an upgrade is one change rather than a removal
 * and an addition; findings by package name and advisory id (any alias), so
 * an upgrade that stays vulnerable to the same advisory introduces nothing;
 * signals by package name and code; violations by package, advisory and rule.
 */
export function compareScans(
  base: Side,
  head: Side,
  violations: { base: readonly DiffViolation[]; head: readonly DiffViolation[] },
  options: { registryHost?: string } = {},
): ScanDiff {
  const baseNames = namesById(base);
  const headNames = namesById(head);
  const baseScores = scoresById(base);
  const headScores = scoresById(head);

  const findingKeys = new Set(base.findings.flatMap((f) => f.ids.map((id) => `${baseNames.get(f.componentId)}\0${id}`)));
  const headFindingKeys = new Set(head.findings.flatMap((f) => f.ids.map((id) => `${headNames.get(f.componentId)}\0${id}`)));
  const introduced: Finding[] = [];
  const existing: Finding[] = [];
  for (const finding of head.findings) {
    const name = headNames.get(finding.componentId);
    (finding.ids.some((id) => findingKeys.has(`${name}\0${id}`)) ? existing : introduced).push(finding);
  }
  const resolved = base.findings.filter((f) => !f.ids.some((id) => headFindingKeys.has(`${baseNames.get(f.componentId)}\0${id}`)));

  const signalKey = (names: Map<string, string>) => (s: Signal) => `${names.get(s.componentId)}\0${s.code}`;
  const baseSignalKeys = new Set(base.signals.map(signalKey(baseNames)));
  const headSignalKeys = new Set(head.signals.map(signalKey(headNames)));

  const violationKey = (names: Map<string, string>) => (v: DiffViolation) => `${names.get(v.componentId)}\0${v.primaryId}\0${ruleKind(v.rule)}`;
  const baseViolationKeys = new Set(violations.base.map(violationKey(baseNames)));
  const headViolationKey = violationKey(headNames);

  const baseComponents = packages(base);
  const headComponents = packages(head);
  const changes = [...new Set([...baseComponents.keys(), ...headComponents.keys()])]
    .sort()
    .flatMap((name) => changesFor(name, baseComponents.get(name) ?? [], headComponents.get(name) ?? [], baseScores, headScores, options.registryHost));

  const baseDirect = new Set(base.inventory.components.filter((c) => c.direct && !c.isWorkspace).map((c) => c.name));
  const baseInstallScripts = new Set(base.inventory.components.filter((c) => c.hasInstallScript).map((c) => c.name));
  const riskDelta = [...new Set([...baseComponents.keys(), ...headComponents.keys()])]
    .map((name) => {
      const before = Math.max(0, ...(baseComponents.get(name) ?? []).map((c) => baseScores.get(c.id) ?? 0));
      const after = Math.max(0, ...(headComponents.get(name) ?? []).map((c) => headScores.get(c.id) ?? 0));
      return { name, before, after, delta: after - before };
    })
    .filter((entry) => entry.delta !== 0)
    .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || b.delta - a.delta || (a.name < b.name ? -1 : 1));

  return {
    base: totals(base),
    head: totals(head),
    changes,
    newDirect: head.inventory.components.filter((c) => c.direct && !c.isWorkspace && !baseDirect.has(c.name)).map((c) => c.id),
    newInstallScripts: head.inventory.components.filter((c) => c.hasInstallScript && !baseInstallScripts.has(c.name)).map((c) => c.id),
    findings: { introduced, resolved, existing },
    signals: {
      introduced: head.signals.filter((s) => !baseSignalKeys.has(signalKey(headNames)(s))),
      resolved: base.signals.filter((s) => !headSignalKeys.has(signalKey(baseNames)(s))),
    },
    violations: {
      introduced: violations.head.filter((v) => !baseViolationKeys.has(headViolationKey(v))),
      existing: violations.head.filter((v) => baseViolationKeys.has(headViolationKey(v))),
    },
    riskDelta,
  };
}

function namesById(side: Side): Map<string, string> {
  return new Map(side.inventory.components.map((c) => [c.id, c.name]));
}

function scoresById(side: Side): Map<string, number> {
  return new Map(side.scores.map((s) => [s.componentId, s.score]));
}

/** Components by package name, the project's own workspace packages left out. */
function packages(side: Side): Map<string, Component[]> {
  const byName = new Map<string, Component[]>();
  for (const component of side.inventory.components) {
    if (component.isWorkspace) continue;
    const list = byName.get(component.name);
    if (list) list.push(component);
    else byName.set(component.name, [component]);
  }
  return byName;
}

function totals(side: Side): TreeTotals {
  const scores = side.scores.map((s) => s.score);
  return { counts: side.risk.counts, totalRisk: scores.reduce((sum, s) => sum + s, 0), maxRisk: Math.max(0, ...scores) };
}

/**
 * The changes for one package name. Copies present on both sides are not
 * changes; the rest are paired highest with highest (one version replaced
 * by another is an upgrade or a downgrade), and what is left over was added
 * or removed.
 */
function changesFor(
  name: string,
  before: readonly Component[],
  after: readonly Component[],
  baseScores: Map<string, number>,
  headScores: Map<string, number>,
  registryHost: string | undefined,
): ComponentChange[] {
  const afterIds = new Set(after.map((c) => c.id));
  const beforeIds = new Set(before.map((c) => c.id));
  const removed = before.filter((c) => !afterIds.has(c.id)).sort(byVersionDescending);
  const added = after.filter((c) => !beforeIds.has(c.id)).sort(byVersionDescending);
  const changes: ComponentChange[] = [];
  const pairs = Math.min(removed.length, added.length);
  for (let index = 0; index < Math.max(removed.length, added.length); index++) {
    const old = removed[index];
    const now = added[index];
    const change: ComponentChange = { name, kind: 'added', sourceChanged: false };
    if (old) change.before = side(old, baseScores);
    if (now) change.after = side(now, headScores);
    if (index < pairs && old && now) {
      const order = compareVersions(now.version, old.version);
      change.kind = order > 0 ? 'upgraded' : order < 0 ? 'downgraded' : 'source-changed';
      // A registry tarball URL changes with every version; its host does not, unless the package moved to another registry.
      change.sourceChanged =
        old.source.kind !== now.source.kind ||
        (old.source.kind === 'registry' ? registryOf(old, registryHost) !== registryOf(now, registryHost) : old.source.host !== now.source.host || old.source.url !== now.source.url);
    } else {
      change.kind = now ? 'added' : 'removed';
    }
    changes.push(change);
  }
  return changes;
}

const CONFIGURED_REGISTRY = '';

/**
 * The registry a registry component comes from. Without a `resolved` URL
 * (npm's omit-lockfile-registry-resolved) it is the configured registry; so
 * is the public registry, which npm replaces by the configured one
 * (replace-registry-host, default "npmjs"), and the configured host itself.
 */
function registryOf(component: Component, registryHost: string | undefined): string {
  const { host } = component.source;
  if (host === undefined || PUBLIC_NPM_REGISTRY_HOSTS.has(host) || host === registryHost) return CONFIGURED_REGISTRY;
  return host;
}

function side(component: Component, scores: Map<string, number>): ChangedSide {
  const result: ChangedSide = {
    componentId: component.id,
    version: component.version,
    source: component.source.kind,
    scope: component.scope,
    direct: component.direct,
    hasInstallScript: component.hasInstallScript,
    risk: scores.get(component.id) ?? 0,
  };
  if (component.source.url) result.sourceUrl = component.source.url;
  return result;
}

function compareVersions(a: string, b: string): number {
  const va = semver.valid(a, { loose: true });
  const vb = semver.valid(b, { loose: true });
  if (va && vb) return semver.compare(va, vb, true);
  return a < b ? -1 : a > b ? 1 : 0;
}

function byVersionDescending(a: Component, b: Component): number {
  return compareVersions(b.version, a.version) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
