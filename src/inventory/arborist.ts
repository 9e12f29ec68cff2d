import { createRequire } from 'node:module';
import type { ArboristNode } from '@npmcli/arborist';
import { prepareArborist, withDeferredEdgeReloads } from './arborist-speedups.js';
import type { RawEdge, RawNode, RawTree } from './raw-tree.js';
import { isRegistryTarballUrl } from './registry-tarball.js';

// The only importer of @npmcli/arborist (docs/architecture.md, "a heavy dependency
// lives in exactly one adapter file"; arborist-speedups.ts patches its loading).

export type TreeSource = 'virtual' | 'actual';

/**
 * Loads the tree with arborist: `virtual` from the lockfile, `actual` from
 * node_modules. `eagerEdgeReloads` keeps arborist's own edge re-resolution
 * (a test checks that both give the same tree).
 */
export async function loadArboristTree(projectDir: string, source: TreeSource, options: { eagerEdgeReloads?: boolean } = {}): Promise<RawTree> {
  prepareArborist();
  const { default: Arborist } = await import('@npmcli/arborist');
  const arborist = new Arborist({ path: projectDir });
  let root: ArboristNode;
  if (source === 'virtual') {
    root = await withDeferredEdgeReloads(() => arborist.loadVirtual(), options.eagerEdgeReloads === true);
  } else {
    // Eager (node_modules loading looks for missing edges while it reads), and never during another load's deferral.
    root = await withDeferredEdgeReloads(() => arborist.loadActual(), true);
  }
  return toRawTree(root, source === 'actual');
}

/** A folder in node_modules without a package.json (a placeholder, a half-removed package) is no package. */
function isPackageless(node: ArboristNode): boolean {
  return !node.isProjectRoot && node.errors.some((error) => error.code === 'ENOENT');
}

function toRawTree(root: ArboristNode, installed: boolean): RawTree {
  const nodes: RawNode[] = [];
  const edges: RawEdge[] = [];
  const linkedTargets = new Set<string>();
  let treeHasBundles = false;
  for (const node of root.inventory.values()) {
    if (node.isLink) linkedTargets.add(node.target.location);
    const bundled = node.package.bundleDependencies ?? node.package['bundledDependencies'];
    if ((Array.isArray(bundled) && bundled.length > 0) || bundled === true) treeHasBundles = true;
  }
  const packageless = new Set<string>();
  if (installed) for (const node of root.inventory.values()) if (!node.isLink && isPackageless(node)) packageless.add(node.location);
  for (const node of root.inventory.values()) {
    if (node.isLink || packageless.has(node.location)) continue;
    // `inBundle` and `edge.valid` are computed on access and are costly
    // (a walk up the tree; a semver or URL parse), so ask only where they can matter.
    nodes.push(toRawNode(node, linkedTargets.has(node.location), treeHasBundles && node.inBundle));
    const declaredByProject = node.isProjectRoot || node.isWorkspace;
    for (const edge of node.edgesOut.values()) {
      const to = edge.to ? (edge.to.isLink ? edge.to.target : edge.to) : null;
      edges.push({
        from: node.location,
        to: to && !packageless.has(to.location) ? to.location : undefined,
        name: edge.name,
        spec: edge.rawSpec,
        type: edge.type,
        valid: declaredByProject ? edge.valid : true,
        error: declaredByProject ? (edge.error ?? undefined) : undefined,
      });
    }
  }
  const workspaces = root.workspaces ? [...root.workspaces.values()].map((p) => relativeLocation(root, p)) : [];
  return { nodes, edges, workspaces };
}

const require = createRequire(import.meta.url);
let consistentResolve: ((resolved: string, fromPath: string, toPath?: string) => string | null) | undefined;

/**
 * A lockfile's `resolved` as arborist keeps it (consistent-resolve.js: a
 * relative file: path made absolute, a hosted git URL in one form). A
 * registry tarball URL, nearly every entry, is kept as written without
 * parsing it.
 */
export function npmResolved(resolved: string, projectRoot: string): string {
  if (isRegistryTarballUrl(resolved)) return resolved;
  consistentResolve ??= require('@npmcli/arborist/lib/consistent-resolve.js') as (resolved: string, fromPath: string, toPath?: string) => string | null;
  return consistentResolve(resolved, projectRoot) ?? resolved;
}

function relativeLocation(root: ArboristNode, absolutePath: string): string {
  for (const node of root.inventory.values()) {
    if (!node.isLink && node.path === absolutePath) return node.location;
  }
  return absolutePath;
}

function toRawNode(node: ArboristNode, linked: boolean, bundled: boolean): RawNode {
  const pkg = node.package;
  return {
    location: node.location,
    installName: node.name,
    packageName: node.packageName || node.name,
    version: node.version ?? '',
    resolved: node.resolved ?? undefined,
    integrity: node.integrity ?? undefined,
    license: pkg.license ?? pkg.licenses,
    homepage: pkg.homepage,
    repository: pkg.repository,
    bugs: pkg.bugs,
    description: pkg.description,
    dev: node.dev,
    optional: node.optional,
    devOptional: node.devOptional,
    peer: node.peer,
    bundled,
    isWorkspace: node.isWorkspace,
    linked,
    hasInstallScript: node.hasInstallScript || hasInstallScriptInPackage(pkg.scripts),
    extraneous: node.extraneous,
  };
}

/** npm's definition: a preinstall, install or postinstall script (docs: "scripts"). */
function hasInstallScriptInPackage(scripts: Readonly<Record<string, unknown>> | undefined): boolean {
  if (!scripts) return false;
  return ['preinstall', 'install', 'postinstall'].some((name) => typeof scripts[name] === 'string');
}
