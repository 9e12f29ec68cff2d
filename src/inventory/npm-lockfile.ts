import path from 'node:path';
import semver from 'semver';
import type { InventoryProgress } from '../model/component.js';
import { isRecord } from '../model/json.js';
import { npmResolved } from './arborist.js';
import { readLocalManifest, type LocalManifest } from './local-manifest.js';
import { byLocation, emptyRawNode } from './raw-node.js';
import type { RawEdge, RawNode, RawTree } from './raw-tree.js';
import { lockedWorkspaceFolders, workspaceFolders } from './workspace-folders.js';

type Entry = Record<string, unknown>;

/** Progress is told every this many packages. */
const PROGRESS_EVERY = 2_000;

/** Declared dependency maps in the order arborist loads them: a later type replaces an earlier one of the same name (node.js `_loadDeps`). */
const DEPENDENCY_TYPES = [
  ['dependencies', 'prod'],
  ['optionalDependencies', 'optional'],
] as const;

/**
 * Reads an npm lockfile v2/v3 (`packages`, keyed by install location) into
 * the raw tree straight from its parse, the tree arborist's `loadVirtual`
 * builds from it, without arborist's Node and Edge objects (about 5 KB per
 * package: 560 MB for 100,000 packages, twice what the whole inventory
 * takes). It follows arborist 9's rules (load-virtual.js, node.js):
 *
 * - the root's and every linked folder's own package.json gives its name,
 *   version, metadata and declared dependencies (dev ones too: a folder
 *   outside node_modules is a top); every other package is its lockfile
 *   entry (`name` only for aliases: the install name is its folder);
 * - edges are declared peer, peerOptional (`peerDependenciesMeta`), prod,
 *   optional, then dev, a later kind replacing an earlier one of the same
 *   name; the root's workspaces (its package.json's globs) are `workspace`
 *   edges, which no declaration replaces;
 * - a dependency resolves as Node.js finds it: `node_modules/<name>` in the
 *   package's folder, then in each folder up; a link resolves to its target;
 * - the flags are the lockfile's;
 * - edges the project declares are checked against what they resolve to.
 *
 * Returns undefined for what only arborist reads exactly: a lockfile
 * without `packages` (v1), one whose root entry declares other than
 * package.json does (arborist then recomputes every flag: "flags
 * suspect"), `overrides` in package.json, bundled packages, a link whose
 * target the lockfile lacks or places in node_modules, a workspace the
 * lockfile lacks, and a project without package.json.
 */
export async function readNpmLockfile(projectRoot: string, lockfile: Entry, onProgress: InventoryProgress = () => undefined, lockfileName = 'package-lock.json'): Promise<RawTree | undefined> {
  const packages = lockfile['packages'];
  if (!isRecord(packages)) return undefined;
  const rootManifest = readLocalManifest(projectRoot);
  if (!rootManifest || rootManifest.fields['overrides'] !== undefined) return undefined;
  const builder = new NpmTreeBuilder(projectRoot, packages, rootManifest, onProgress);
  if (!builder.placeNodes()) return undefined;
  const workspaces = await workspaceFolders(projectRoot, { ...rootManifest.fields });
  return builder.finish(workspaces, await lockedWorkspaces(projectRoot, lockfileName, packages));
}

/** The workspaces the lockfile's root entry declares, by name; only the keys outside node_modules can be workspaces. */
async function lockedWorkspaces(projectRoot: string, lockfileName: string, packages: Entry): Promise<Map<string, string>> {
  const rootEntry = packages[''];
  if (!isRecord(rootEntry) || rootEntry['workspaces'] === undefined) return new Map();
  const folders = Object.fromEntries(Object.entries(packages).filter(([key]) => !key.split('/').includes('node_modules')));
  return lockedWorkspaceFolders(projectRoot, lockfileName, folders);
}

interface PlacedNode {
  node: RawNode;
  /** What declares its dependencies: the package.json of a folder outside node_modules, else the lockfile entry. */
  declarations: Entry;
  /** A top (the root, a linked folder): its devDependencies are installed. */
  top: boolean;
}

class NpmTreeBuilder {
  private readonly placed = new Map<string, PlacedNode>();
  /** Link location → target location. */
  private readonly links = new Map<string, string>();

  constructor(
    private readonly root: string,
    private readonly packages: Entry,
    private readonly rootManifest: LocalManifest,
    private readonly onProgress: InventoryProgress,
  ) {}

  /** Places every package; false when the lockfile holds something only arborist reads exactly. */
  placeNodes(): boolean {
    const rootNode = this.manifestNode('', this.rootManifest, folderName(this.root.split(path.sep).join('/')));
    this.placed.set('', { node: rootNode, declarations: this.rootManifest.fields, top: true });
    const entries = Object.entries(this.packages);
    for (const [index, [location, entry]] of entries.entries()) {
      if (index % PROGRESS_EVERY === 0) this.onProgress('packages', index, entries.length);
      if (location === '' || !isRecord(entry)) continue;
      if (entry['inBundle'] !== undefined || entry['bundleDependencies'] !== undefined || entry['bundledDependencies'] !== undefined) return false;
      if (entry['link'] === true) {
        const target = typeof entry['resolved'] === 'string' ? path.posix.normalize(entry['resolved']) : undefined;
        if (target === undefined || target === '.' || target.split('/').includes('node_modules')) return false;
        this.links.set(location, target);
        continue;
      }
      this.placed.set(location, { node: this.entryNode(location, entry), declarations: entry, top: false });
    }
    this.onProgress('packages', entries.length, entries.length);
    for (const target of new Set(this.links.values())) {
      const placed = this.placed.get(target);
      if (!placed) return false; // arborist says which target is missing
      // A linked folder is read from its package.json (arborist: "we always need to read the package.json for link targets outside node_modules").
      placed.node.linked = true;
      placed.top = true;
      const manifest = readLocalManifest(path.join(this.root, target));
      if (manifest) {
        const fromLockfile = placed.node;
        placed.node = { ...this.manifestNode(target, manifest, fromLockfile.installName), integrity: fromLockfile.integrity, resolved: fromLockfile.resolved, linked: true };
        copyFlags(fromLockfile, placed.node);
        placed.declarations = manifest.fields;
      }
    }
    return true;
  }

  /** The tree; undefined when a workspace folder is not in the lockfile (arborist reports it its way). */
  finish(workspaces: ReadonlyMap<string, string>, locked: ReadonlyMap<string, string>): RawTree | undefined {
    if ([...workspaces.keys()].some((folder) => !this.placed.has(folder))) return undefined;
    const edges: RawEdge[] = [];
    const workspaceNames = new Map([...workspaces].map(([folder, name]) => [name, folder]));
    const projectLocations = new Set<string>(['']);
    for (const [name] of workspaceNames) {
      const to = this.resolve('', name);
      if (to !== undefined && workspaces.has(to)) {
        projectLocations.add(to);
        const target = this.placed.get(to);
        if (target) target.node.isWorkspace = true;
      }
    }
    for (const [location, placed] of this.placed) {
      const declared = declaredEdges(placed.declarations, placed.top);
      if (location === '') {
        for (const [name, folder] of workspaceNames) declared.set(name, { spec: `file:${path.join(this.root, folder)}`, type: 'workspace' });
      }
      const checked = projectLocations.has(location);
      for (const [name, { spec, type }] of declared) {
        const to = this.resolve(location, name);
        const valid = checked ? this.satisfies(to, spec, type, location) : true;
        edges.push({ from: location, to, name, spec, type, valid, error: valid ? undefined : to === undefined ? 'MISSING' : 'INVALID' });
      }
    }
    const nodes = [...this.placed.values()].map((placed) => placed.node).sort(byLocation);
    // An out-of-sync lockfile's flags are recomputed by arborist's calc-dep-flags, whose walk
    // graph-flags.ts does not follow in every case (a workspace's dev dependency): arborist reads it.
    if (this.flagsSuspect(edges, locked)) return undefined;
    return { nodes, edges, workspaces: [...workspaces.keys()].sort() };
  }

  /**
   * Arborist's `#checkRootEdges`: the lockfile's flags are trusted only when
   * its root entry declares exactly what package.json declares (same names,
   * kinds and specs, the same workspaces).
   */
  private flagsSuspect(edges: readonly RawEdge[], locked: ReadonlyMap<string, string>): boolean {
    const lock = this.packages[''];
    const lockEntry = isRecord(lock) ? lock : {};
    const lockDeclared = declaredEdges(lockEntry, true);
    for (const [name, folder] of locked) lockDeclared.set(name, { spec: `file:${folder}`, type: 'workspace' });
    const rootEdges = new Map(edges.filter((edge) => edge.from === '').map((edge) => [edge.name, edge]));
    if (rootEdges.size !== lockDeclared.size) return true;
    for (const [name, { spec, type }] of lockDeclared) {
      const edge = rootEdges.get(name);
      if (!edge || edge.type !== type || edge.spec !== spec) return true;
    }
    return false;
  }

  /** Node.js's lookup: `node_modules/<name>` in the folder, then in each folder up that holds a package; a link is followed. */
  private resolve(from: string, name: string): string | undefined {
    for (let folder: string | undefined = from; folder !== undefined; folder = this.resolveParent(folder)) {
      const candidate = folder === '' ? `node_modules/${name}` : `${folder}/node_modules/${name}`;
      const linked = this.links.get(candidate);
      if (linked !== undefined) return this.placed.has(linked) ? linked : undefined;
      if (this.placed.has(candidate)) return candidate;
    }
    return undefined;
  }

  /** The package whose folder holds this one: the one owning its node_modules, else the nearest folder up that is a package (arborist's parent, then fsParent). */
  private resolveParent(location: string): string | undefined {
    if (location === '') return undefined;
    const nested = /^(?:(.*)\/)?node_modules\/(?:@[^/]+\/)?[^/]+$/.exec(location);
    let folder = nested ? (nested[1] ?? '') : path.posix.dirname(location);
    while (folder !== '' && folder !== '.' && !this.placed.has(folder)) folder = path.posix.dirname(folder);
    return folder === '.' ? '' : folder;
  }

  /** Whether a declared spec admits what it resolved to (arborist's dep-valid.js, for the specs a project declares). */
  private satisfies(to: string | undefined, spec: string, type: RawEdge['type'], from: string): boolean {
    if (to === undefined) return type === 'optional' || type === 'peerOptional';
    if (type === 'workspace') return true;
    const node = this.placed.get(to)?.node;
    return node === undefined || specAdmits(spec, node, path.join(this.root, from), path.join(this.root, to));
  }

  private entryNode(location: string, entry: Entry): RawNode {
    const installName = folderName(location);
    const node = emptyRawNode(location, installName, stringOf(entry['name']) ?? installName, stringOf(entry['version']) ?? '');
    const resolved = stringOf(entry['resolved']);
    if (resolved !== undefined) node.resolved = npmResolved(resolved, this.root);
    node.integrity = stringOf(entry['integrity']);
    node.license = entry['license'] ?? entry['licenses'];
    node.dev = entry['dev'] === true;
    node.optional = entry['optional'] === true;
    node.devOptional = entry['devOptional'] === true || node.dev || node.optional;
    node.peer = entry['peer'] === true;
    node.extraneous = entry['extraneous'] === true;
    node.hasInstallScript = entry['hasInstallScript'] === true || hasInstallScript(entry['scripts']);
    return node;
  }

  private manifestNode(location: string, manifest: LocalManifest, installName: string): RawNode {
    const fields = manifest.fields;
    return {
      ...emptyRawNode(location, installName, manifest.name ?? installName, manifest.version ?? ''),
      license: fields['license'] ?? fields['licenses'],
      homepage: fields['homepage'],
      repository: fields['repository'],
      bugs: fields['bugs'],
      description: fields['description'],
      hasInstallScript: fields['hasInstallScript'] === true || hasInstallScript(fields['scripts']),
    };
  }
}

/** What a package declares, by name, a later kind replacing an earlier one (arborist loads peer, peerOptional, prod, optional, then dev for tops). */
function declaredEdges(declarations: Entry, top: boolean): Map<string, { spec: string; type: RawEdge['type'] }> {
  const declared = new Map<string, { spec: string; type: RawEdge['type'] }>();
  const set = (name: string, spec: unknown, type: RawEdge['type']): void => {
    declared.delete(name); // a replaced edge goes last, as in arborist's edgesOut
    declared.set(name, { spec: typeof spec === 'string' ? spec : '', type });
  };
  const peers = declarations['peerDependencies'];
  if (isRecord(peers)) {
    const meta = isRecord(declarations['peerDependenciesMeta']) ? declarations['peerDependenciesMeta'] : {};
    const optionalPeer = (name: string): boolean => {
      const entry = meta[name];
      return isRecord(entry) && entry['optional'] === true;
    };
    for (const [name, spec] of Object.entries(peers)) if (!optionalPeer(name)) set(name, spec, 'peer');
    for (const [name, spec] of Object.entries(peers)) if (optionalPeer(name)) set(name, spec, 'peerOptional');
  }
  for (const [field, type] of DEPENDENCY_TYPES) {
    const map = declarations[field];
    if (isRecord(map)) for (const [name, spec] of Object.entries(map)) set(name, spec, type);
  }
  const dev = declarations['devDependencies'];
  if (top && isRecord(dev)) for (const [name, spec] of Object.entries(dev)) set(name, spec, 'dev');
  return declared;
}

/**
 * A project declaration checked against the package it resolved to: a
 * semver range or version (loose, as arborist), an `npm:` alias by its
 * real name and range, a tag by a registry resolution, a URL by the same
 * `resolved`, a folder by the same folder, a git commit by the same commit.
 */
function specAdmits(spec: string, node: RawNode, fromFolder: string, toFolder: string): boolean {
  if (spec === '' || spec === '*') return true;
  if (spec.startsWith('npm:')) {
    const aliased = spec.slice('npm:'.length);
    const at = aliased.indexOf('@', 1);
    const name = at > 0 ? aliased.slice(0, at) : aliased;
    return name === node.packageName && specAdmits(at > 0 ? aliased.slice(at + 1) : '*', node, fromFolder, toFolder);
  }
  if (semver.validRange(spec, true) !== null) return semver.satisfies(node.version, spec, true);
  if (/^https?:\/\//i.test(spec)) return node.resolved === spec;
  if (/^(file:|\.{0,2}\/|~\/)/.test(spec)) {
    const folder = spec.replace(/^file:/, '');
    if (/\.(tgz|tar\.gz|tar)$/i.test(folder)) return true;
    return path.resolve(fromFolder, folder) === toFolder;
  }
  const commit = /#([0-9a-f]{40,64})$/i.exec(spec)?.[1];
  if (commit !== undefined) return node.resolved?.endsWith(`#${commit}`) === true;
  if (/^[a-z0-9][\w.-]*$/i.test(spec) && !spec.includes(':')) return isRemote(node.resolved); // a dist-tag
  return true;
}

function isRemote(resolved: string | undefined): boolean {
  return resolved !== undefined && /^https?:\/\//i.test(resolved);
}

function copyFlags(from: RawNode, to: RawNode): void {
  to.dev = from.dev;
  to.optional = from.optional;
  to.devOptional = from.devOptional;
  to.peer = from.peer;
  to.extraneous = from.extraneous;
}

/** The name a folder installs (`node_modules/@scope/x` is `@scope/x`), as @npmcli/name-from-folder. */
function folderName(location: string): string {
  const base = path.posix.basename(location);
  const parent = path.posix.basename(path.posix.dirname(location));
  return parent.startsWith('@') ? `${parent}/${base}` : base;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function hasInstallScript(scripts: unknown): boolean {
  return isRecord(scripts) && ['preinstall', 'install', 'postinstall'].some((name) => Boolean(scripts[name]));
}
