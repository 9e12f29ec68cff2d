import { dependencyGraphOf } from '../graph/dependency-graph.js';
import type { Component, Inventory, SourceKind } from '../model/component.js';
import { ROOT_ID } from '../model/component.js';
import type { Finding } from '../model/finding.js';
import { PUBLIC_NPM_REGISTRY_HOSTS } from '../model/public-registry.js';
import type { Signal } from '../model/signal.js';
import type { UsageAnalysis } from '../model/usage.js';
import type { TyposquatIndex } from './typosquat.js';
import { typosquatOf } from './typosquat-shape.js';

const LOCAL_SOURCES: ReadonlySet<SourceKind> = new Set(['workspace', 'link', 'directory', 'file']);

export interface DetectOptions {
  /** Host of the registry the user's npm configuration names (`registry.npmjs.org`). */
  registryHost: string;
  typosquats: TyposquatIndex;
  /** Whether each declared dependency is used (usage/analyse-usage.ts); undefined when the project's files were not read. */
  usage: UsageAnalysis | undefined;
}

const OUTSIDE_REGISTRY = new Set(['git', 'tarball', 'file', 'directory', 'link']);

/**
 * The signals that need no network (pure): install scripts, sources outside
 * the registry, other registry hosts, missing or SHA-1-only integrity,
 * look-alike names, malware advisories, direct dependencies the code never
 * imports, and how much each direct dependency brings in.
 */
export function detectLocalSignals(inventory: Inventory, findings: readonly Finding[], options: DetectOptions): Signal[] {
  const signals: Signal[] = [];
  const add = (component: Component, code: Signal['code'], evidence: Signal['evidence']): void => {
    signals.push({ code, componentId: component.id, evidence });
  };
  const malware = new Map<string, string[]>();
  for (const finding of findings) if (finding.malicious) malware.set(finding.componentId, [...(malware.get(finding.componentId) ?? []), finding.primaryId]);

  // yarn berry checks every package against the checksum its yarn.lock records
  // for yarn's cache archive: the code is verified, with a hash that is not the
  // npm tarball's (so never reported as an integrity).
  const checkedByYarnChecksum = inventory.packageManager === 'yarn' && inventory.lockfileVersion !== undefined && inventory.lockfileVersion !== 1;
  for (const component of inventory.components) {
    if (component.isWorkspace) continue;
    if (component.hasInstallScript) add(component, 'install-script', { scripts: 'preinstall/install/postinstall' });
    const { kind, url, host } = component.source;
    if (OUTSIDE_REGISTRY.has(kind)) add(component, 'non-registry-source', { kind, ...(url ? { url } : {}) });
    // npm rewrites registry.npmjs.org in lockfiles to the configured registry
    // (`replace-registry-host`, default "npmjs"), and yarn treats its own
    // registry.yarnpkg.com the same way, so only other hosts are foreign.
    if (kind === 'registry' && host && host !== options.registryHost && !PUBLIC_NPM_REGISTRY_HOSTS.has(host)) {
      add(component, 'foreign-registry', { host, expected: options.registryHost });
    }
    if (kind === 'registry' || kind === 'tarball') {
      const integrity = component.integrity?.trim();
      if (!integrity) {
        // Lockfiles written with omit-lockfile-registry-resolved keep integrity; a missing one means nothing checks the tarball.
        // A bundled package (npm's inBundle) has no tarball of its own: it comes inside its parent's, whose integrity covers it.
        if (!checkedByYarnChecksum && !component.flags.bundled) add(component, 'missing-integrity', { source: kind });
      } else if (integrity.split(/\s+/).every((hash) => hash.startsWith('sha1-'))) {
        add(component, 'weak-integrity', { algorithm: 'sha1' });
      }
    }
    // The project's own packages (workspaces, local folders and tarballs) imitate nobody: they come from no registry.
    const lookalike = LOCAL_SOURCES.has(kind) ? undefined : typosquatOf(options.typosquats, component.name);
    if (lookalike) add(component, 'typosquat', { imitates: lookalike.target, distance: lookalike.distance });
    const malwareIds = malware.get(component.id);
    if (malwareIds) add(component, 'malware', { advisories: malwareIds.join(', ') });
  }
  signals.push(...dependencyWeightSignals(inventory), ...usageSignals(inventory, options.usage));
  return signals.sort((a, b) => compare(a.componentId, b.componentId) || compare(a.code, b.code));
}

/** Heavy direct dependencies: their transitive closure. */
function dependencyWeightSignals(inventory: Inventory): Signal[] {
  const signals: Signal[] = [];
  const graph = dependencyGraphOf(inventory.edges);
  const byId = new Map(inventory.components.map((c) => [c.id, c]));
  for (const edge of graph.outgoing(ROOT_ID)) {
    const component = edge.type === 'workspace' || edge.to === undefined ? undefined : byId.get(edge.to);
    if (!component) continue;
    const transitive = graph.reachCount([component.id]) - 1;
    if (transitive >= 50) signals.push({ code: 'heavy-dependency', componentId: component.id, evidence: { transitive } });
  }
  return signals;
}

/**
 * Declared dependencies with no evidence of use at all (`unused-dependency`),
 * and those declared in the wrong section (`misplaced-dependency`), on the
 * component each declaration resolves to. `unknown` is never a signal.
 */
function usageSignals(inventory: Inventory, usage: UsageAnalysis | undefined): Signal[] {
  if (!usage) return [];
  const workspaceOf = new Map(inventory.components.filter((c) => c.isWorkspace).map((c) => [c.id, (c.locations[0] ?? '').split('\\').join('/')]));
  const resolved = new Map<string, { id: string; spec: string }>();
  for (const edge of inventory.edges) {
    if (edge.to === undefined || edge.type === 'workspace') continue;
    const workspace = edge.from === ROOT_ID ? '' : workspaceOf.get(edge.from);
    if (workspace !== undefined) resolved.set(`${workspace}\u0000${edge.name}`, { id: edge.to, spec: edge.spec });
  }
  const signals: Signal[] = [];
  for (const dependency of usage.dependencies) {
    if (dependency.verdict !== 'unused' && dependency.verdict !== 'misplaced') continue;
    const target = resolved.get(`${dependency.workspace}\u0000${dependency.name}`);
    if (!target) continue;
    const where = dependency.workspace ? { workspace: dependency.workspace } : {};
    if (dependency.verdict === 'unused') {
      signals.push({ code: 'unused-dependency', componentId: target.id, evidence: { declaredAs: dependency.name, section: dependency.declaredAs, spec: target.spec, ...where } });
      continue;
    }
    const first = dependency.evidence[0];
    signals.push({
      code: 'misplaced-dependency',
      componentId: target.id,
      evidence: { declaredAs: dependency.name, section: dependency.declaredAs, misplacement: dependency.misplacement ?? '', ...where, ...(first ? { file: first.file, line: first.line, use: first.kind } : {}) },
    });
  }
  return signals;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** How many components each component brings in (its transitive closure, itself excluded). */
export function dependencyWeights(inventory: Inventory): Map<string, number> {
  const graph = dependencyGraphOf(inventory.edges);
  const weights = new Map<string, number>();
  for (const component of inventory.components) if (component.direct) weights.set(component.id, graph.reachCount([component.id]) - 1);
  return weights;
}
