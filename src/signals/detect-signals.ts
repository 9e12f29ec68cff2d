import { dependencyGraphOf } from '../graph/dependency-graph.js';
import type { Component, Inventory, SourceKind } from '../model/component.js';
import { ROOT_ID } from '../model/component.js';
import type { Finding } from '../model/finding.js';
import { PUBLIC_NPM_REGISTRY_HOSTS } from '../model/public-registry.js';
import type { Signal } from '../model/signal.js';
import type { TyposquatIndex } from './typosquat.js';
import { typosquatOf } from './typosquat-shape.js';

const LOCAL_SOURCES: ReadonlySet<SourceKind> = new Set(['workspace', 'link', 'directory', 'file']);

export interface DetectOptions {
  /** Host of the registry the user's npm configuration names (`registry.npmjs.org`). */
  registryHost: string;
  typosquats: TyposquatIndex;
  /** Package names the project's code imports; undefined when no source was analysed. */
  importedPackages: ReadonlySet<string> | undefined;
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
        if (!checkedByYarnChecksum) add(component, 'missing-integrity', { source: kind });
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
  signals.push(...dependencyWeightSignals(inventory, options.importedPackages));
  return signals.sort((a, b) => compare(a.componentId, b.componentId) || compare(a.code, b.code));
}

/** Heavy direct dependencies (their transitive closure) and direct runtime dependencies never imported. */
function dependencyWeightSignals(inventory: Inventory, imported: ReadonlySet<string> | undefined): Signal[] {
  const signals: Signal[] = [];
  const graph = dependencyGraphOf(inventory.edges);
  const byId = new Map(inventory.components.map((c) => [c.id, c]));
  for (const edge of graph.outgoing(ROOT_ID)) {
    const component = edge.type === 'workspace' || edge.to === undefined ? undefined : byId.get(edge.to);
    if (!component) continue;
    const transitive = graph.reachCount([component.id]) - 1;
    if (transitive >= 50) signals.push({ code: 'heavy-dependency', componentId: component.id, evidence: { transitive } });
    if (imported && (edge.type === 'prod' || edge.type === 'optional') && !imported.has(edge.name) && !isTypesPackage(component)) {
      signals.push({ code: 'unused-dependency', componentId: component.id, evidence: { declaredAs: edge.name, spec: edge.spec } });
    }
  }
  return signals;
}

/** Type packages are never imported at run time. */
function isTypesPackage(component: Component): boolean {
  return component.name.startsWith('@types/');
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
