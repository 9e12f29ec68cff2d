import { createHash } from 'node:crypto';
import path from 'node:path';
import semver from 'semver';
import { DependencyGraph } from '../graph/dependency-graph.js';
import { ProjectError } from '../model/errors.js';
import { isRecord } from '../model/json.js';
import { emptyRawNode, projectFolder } from './raw-node.js';
import type { RawEdge, RawNode, RawTree } from './raw-tree.js';
import { splitDescriptor, type YarnDependency, type YarnEntry, type YarnLockfile } from './yarn-entry.js';

/** A package.json of the project (the root or a workspace). */
export interface ProjectManifest {
  /** Folder relative to the root in POSIX form, '' for the root. */
  folder: string;
  manifest: Record<string, unknown>;
}

export interface YarnProject {
  root: string;
  label: string;
  lockfile: YarnLockfile;
  rootManifest: Record<string, unknown>;
  workspaces: ProjectManifest[];
  /** package.json of a local folder dependency (`file:`, `link:`, `portal:`), undefined when unreadable. */
  readFolderManifest: (folder: string) => Record<string, unknown> | undefined;
}

/**
 * Synthetic locations, since yarn lockfiles record no tree (berry often
 * installs none: Plug'n'Play):
 * - the root is '', a workspace its folder (`packages/api`), a local folder
 *   dependency (`file:`, `link:`, `portal:`) the folder (`vendor/lib`), as npm has them
 *   (yarn copies a `file:` folder: a `directory` source; `link:` and `portal:` are links);
 * - any other package is `node_modules/.yarn/<name>@<version>/node_modules/<installName>`
 *   (`/` in a scoped name becomes `+`; a source other than the registry, or two
 *   registry entries of one name and version, add `+<8 hex digits of its resolution>`).
 * A package installed under an alias (`npm:`) is a node per name, like npm's.
 */
export function buildYarnTree(project: YarnProject): RawTree {
  return new YarnGraph(project).build();
}

type Target =
  | { kind: 'entry'; entry: YarnEntry }
  | { kind: 'folder'; folder: string; entry: YarnEntry | undefined };

interface Holder {
  location: string;
  /** The folder relative paths are resolved from (a project or folder node), else the root. */
  folder: string;
  dependencies: Array<YarnDependency | ProjectDependency>;
  project: boolean;
}

interface ProjectDependency {
  name: string;
  range: string;
  type: RawEdge['type'];
}

const HTTP_URL = /^https?:\/\//i;
const PROTOCOL = /^[a-z][a-z0-9+.-]*:/i;
const BERRY_LOCAL_VERSION = '0.0.0-use.local';

class YarnGraph {
  private readonly exact = new Map<string, YarnEntry>();
  /** Berry binds relative descriptors to their parent: `x@file:./x::locator=…` → by `x@file:./x`. */
  private readonly bound = new Map<string, Array<{ locator: string | undefined; entry: YarnEntry }>>();
  private readonly byInstallName = new Map<string, YarnEntry[]>();
  private readonly slugs = new Map<YarnEntry, string>();
  private readonly workspaceByName = new Map<string, string>();
  private readonly workspaceFolders = new Set<string>();
  private readonly locatorFolders = new Map<string, string>();
  private readonly nodes = new Map<string, RawNode>();
  private readonly edges: RawEdge[] = [];
  private readonly queue: Holder[] = [];
  private readonly pendingPeers: Array<{ from: string; dependency: YarnDependency }> = [];

  constructor(private readonly project: YarnProject) {
    for (const entry of project.lockfile.entries) {
      for (const descriptor of entry.descriptors) {
        const cut = descriptor.indexOf('::');
        if (cut < 0) this.exact.set(descriptor, entry);
        else {
          const locator = new URLSearchParams(descriptor.slice(cut + 2)).get('locator') ?? undefined;
          const list = this.bound.get(descriptor.slice(0, cut)) ?? [];
          list.push({ locator, entry });
          this.bound.set(descriptor.slice(0, cut), list);
        }
        const name = splitDescriptor(descriptor)?.[0];
        if (name !== undefined) {
          const list = this.byInstallName.get(name) ?? [];
          if (!list.includes(entry)) list.push(entry);
          this.byInstallName.set(name, list);
        }
      }
    }
    this.assignSlugs();
    const rootName = stringField(project.rootManifest, 'name');
    this.locatorFolders.set(`${rootName ?? ''}@workspace:.`, '');
    for (const { folder, manifest } of project.workspaces) {
      const name = stringField(manifest, 'name') ?? path.posix.basename(folder);
      this.workspaceByName.set(name, folder);
      this.workspaceFolders.add(folder);
      this.locatorFolders.set(`${name}@workspace:${folder}`, folder);
    }
  }

  build(): RawTree {
    const { root, rootManifest, workspaces } = this.project;
    this.addNode(projectNode('', path.basename(root), rootManifest, false));
    const rootDependencies = manifestDependencies(rootManifest);
    for (const { folder, manifest } of workspaces) {
      this.addNode(projectNode(folder, path.posix.basename(folder), manifest, true));
      const name = stringField(manifest, 'name') ?? path.posix.basename(folder);
      // npm links every workspace from the root with a `workspace` edge (its spec the absolute folder).
      this.edges.push({ from: '', to: folder, name, spec: `file:${path.join(root, folder)}`, type: 'workspace', valid: true, error: undefined });
    }
    this.queue.push({ location: '', folder: '', dependencies: rootDependencies, project: true });
    for (const { folder, manifest } of workspaces) this.queue.push({ location: folder, folder, dependencies: manifestDependencies(manifest), project: true });
    this.checkWorkspaceEntries();
    for (let head = 0; head < this.queue.length; head++) this.expand(this.queue[head] as Holder);
    this.resolvePeers();
    return { nodes: [...this.nodes.values()], edges: this.edges, workspaces: workspaces.map((w) => w.folder) };
  }

  private expand(holder: Holder): void {
    for (const dependency of holder.dependencies) {
      if (dependency.type === 'peer' || dependency.type === 'peerOptional') {
        // yarn (classic and berry) installs no peer dependency of the project or a workspace: a package of
        // that name is there only for what depends on it, and leaves with it (`yarn install --production`
        // drops a dev dependency's `ws` though the root declares `ws` a peer), so the project's peer is no edge.
        // A package's peer is whatever its parent provides under that name (berry's virtual packages).
        if (!holder.project) this.pendingPeers.push({ from: holder.location, dependency: { name: dependency.name, range: dependency.range, type: dependency.type } });
        continue;
      }
      const target = this.resolve(holder, dependency.name, dependency.range);
      if (target === undefined) {
        if (holder.project) {
          this.edges.push({ from: holder.location, to: undefined, name: dependency.name, spec: dependency.range, type: dependency.type, valid: true, error: 'MISSING' });
          continue;
        }
        if (dependency.type === 'optional') {
          this.edges.push({ from: holder.location, to: undefined, name: dependency.name, spec: npmSpec(dependency.range), type: 'optional', valid: true, error: undefined });
          continue;
        }
        const holderNode = this.nodes.get(holder.location);
        throw this.incomplete(dependency, `${holderNode?.packageName ?? holder.location}@${holderNode?.version ?? ''}`);
      }
      const to = this.nodeFor(target, dependency.name, holder);
      const version = this.nodes.get(to)?.version ?? '';
      const valid = !holder.project || admits(dependency.range, version);
      // The project's specs are kept as its package.json writes them; a package's as npm would read them.
      const spec = holder.project ? dependency.range : npmSpec(dependency.range);
      this.edges.push({ from: holder.location, to, name: dependency.name, spec, type: dependency.type, valid, error: valid ? undefined : 'INVALID' });
    }
  }

  /**
   * Berry records each workspace's dependencies as they were at install and
   * locks every one of them: one without an entry is a lockfile cut short or
   * edited, not a package.json edited since (that is a dependency the
   * workspace's entry does not record, and only a warning).
   */
  private checkWorkspaceEntries(): void {
    for (const entry of this.project.lockfile.entries) {
      if (entry.source.kind !== 'workspace') continue;
      const folder = this.workspaceFolderOf(entry, entry.source.path);
      const holder: Holder = { location: folder, folder, dependencies: [], project: true };
      for (const dependency of entry.dependencies) {
        if (dependency.type !== 'prod') continue;
        if (this.resolve(holder, dependency.name, dependency.range) === undefined) throw this.incomplete(dependency, entry.resolution);
      }
    }
  }

  private incomplete(dependency: YarnDependency | ProjectDependency, dependent: string): ProjectError {
    return new ProjectError(
      `${this.project.label} is incomplete: ${dependency.name}@${dependency.range}, a dependency of ${dependent}, has no entry (a truncated or hand-edited lockfile: run yarn install)`,
    );
  }

  /** The lockfile entry (or project folder) a dependency resolves to, the way yarn looks it up. */
  private resolve(holder: Holder, name: string, range: string): Target | undefined {
    if (range.startsWith('workspace:')) {
      const folder = this.workspaceFor(name, range.slice('workspace:'.length), holder.folder);
      if (folder !== undefined) return { kind: 'folder', folder, entry: undefined };
    }
    // berry writes a plain range with its default protocol, a relative path as `file:`.
    const candidates = [`${name}@${range}`];
    if (/^(\.{1,2}\/|\/)/.test(range)) candidates.push(`${name}@file:${range}`);
    else if (!PROTOCOL.test(range)) candidates.push(`${name}@npm:${range}`);
    let entry: YarnEntry | undefined;
    for (const candidate of candidates) {
      entry = this.exact.get(candidate) ?? this.boundEntry(candidate, holder);
      if (entry) break;
    }
    if (entry) return this.targetOf(entry, holder);
    if (range.startsWith('link:') || range.startsWith('portal:')) {
      // yarn classic does not lock `link:` dependencies: the folder is the package.
      return { kind: 'folder', folder: this.localFolder(holder.folder, range.slice(range.indexOf(':') + 1), `${name}@${range}`), entry: undefined };
    }
    const workspace = this.workspaceByName.get(name);
    if (workspace !== undefined) return { kind: 'folder', folder: workspace, entry: undefined };
    const sameName = this.byInstallName.get(name);
    if (!sameName?.length) return undefined;
    // A lockfile behind its package.json: the entry yarn would keep, or the highest locked version.
    const declared = semverRange(range);
    const pick = [...sameName].sort((a, b) => compareVersions(b.version, a.version)).find((e) => declared === undefined || semver.satisfies(e.version, declared, { loose: true })) ?? sameName[0];
    return pick ? this.targetOf(pick, holder) : undefined;
  }

  private targetOf(entry: YarnEntry, holder: Holder): Target {
    const { source } = entry;
    if (source.kind === 'workspace') return { kind: 'folder', folder: this.workspaceFolderOf(entry, source.path), entry };
    if (source.kind === 'folder') {
      return { kind: 'folder', folder: this.localFolder(this.baseFolder(source.relativeTo, holder), source.path, `${entry.packageName}@${source.protocol}:${source.path}`), entry };
    }
    return { kind: 'entry', entry };
  }

  private workspaceFolderOf(entry: YarnEntry, folder: string): string {
    return this.localFolder('', folder, `${entry.packageName}@workspace:${folder}`);
  }

  /** The folder a relative path is resolved from: berry's `::locator=` binding names its package, else the holder's. */
  private baseFolder(relativeTo: string | undefined, holder: Holder): string {
    return relativeTo !== undefined ? (this.locatorFolders.get(relativeTo) ?? holder.folder) : holder.folder;
  }

  /**
   * A local folder or tarball a lockfile or package.json names, relative to
   * the root; one outside the project is refused, as the npm, pnpm and bun
   * readers refuse it (a lockfile is untrusted input: it would have deptrust
   * read and report any folder on the machine).
   */
  private localFolder(base: string, relative: string, where: string): string {
    const target = relative.replace(/^file:/, '');
    const absolute = path.posix.isAbsolute(target) || path.win32.isAbsolute(target);
    return projectFolder(absolute ? target : path.posix.join(base || '.', target), this.project.label, where);
  }

  private boundEntry(descriptor: string, holder: Holder): YarnEntry | undefined {
    const list = this.bound.get(descriptor);
    if (!list?.length) return undefined;
    const holderFolder = holder.folder;
    const own = list.find((item) => item.locator !== undefined && this.locatorFolders.get(item.locator) === holderFolder);
    return (own ?? (list.length === 1 ? list[0] : undefined))?.entry;
  }

  private workspaceFor(name: string, selector: string, fromFolder: string): string | undefined {
    if (selector.startsWith('.') || selector.startsWith('/') || selector.includes('/')) {
      const folder = joinFolder(fromFolder, selector);
      if (this.workspaceFolders.has(folder)) return folder;
      const fromRoot = joinFolder('', selector);
      if (this.workspaceFolders.has(fromRoot)) return fromRoot;
    }
    return this.workspaceByName.get(name);
  }

  /** The node a target is installed as under `installName`, created (and queued) on first sight. */
  private nodeFor(target: Target, installName: string, holder: Holder): string {
    if (target.kind === 'folder') {
      const { folder, entry } = target;
      if (folder === '' || this.workspaceFolders.has(folder)) return folder;
      if (!this.nodes.has(folder)) {
        const manifest = this.project.readFolderManifest(folder);
        const packageName = entry?.packageName ?? (manifest && stringField(manifest, 'name')) ?? installName;
        this.addNode({
          ...projectNode(folder, path.posix.basename(folder), manifest ?? {}, false),
          packageName,
          // berry gives linked folders the placeholder version 0.0.0-use.local; their package.json has the real one.
          version: (entry?.version === BERRY_LOCAL_VERSION ? undefined : entry?.version) ?? (manifest && stringField(manifest, 'version')) ?? '',
          // yarn copies a `file:` folder into the install (npm's `directory`, install-links) and links `link:`/`portal:` ones.
          ...(copiedFolder(entry) ? { resolved: `file:${folder}`, linked: false } : { linked: true }),
        });
        if (entry) this.locatorFolders.set(entry.resolution, folder);
        this.queue.push({ location: folder, folder, dependencies: entry?.dependencies ?? [], project: false });
      }
      return folder;
    }
    const { entry } = target;
    const location = `node_modules/.yarn/${this.slugs.get(entry) ?? entry.packageName}/node_modules/${installName}`;
    if (!this.nodes.has(location)) {
      this.addNode({
        ...emptyNode(location),
        installName,
        packageName: entry.packageName,
        version: entry.version,
        resolved: this.resolvedOf(entry, holder),
        integrity: entry.integrity,
        hasInstallScript: entry.builtWithNodeGyp,
      });
      this.queue.push({ location, folder: '', dependencies: entry.dependencies, project: false });
    }
    return location;
  }

  /** `resolved` as npm's lockfile would write it, so classify-source judges it the same way. */
  private resolvedOf(entry: YarnEntry, holder: Holder): string | undefined {
    const { source } = entry;
    switch (source.kind) {
      case 'registry':
        return source.url;
      case 'git':
      case 'tarball':
        return source.url;
      case 'file':
        return `file:${this.localFolder(this.baseFolder(source.relativeTo, holder), source.path, `${entry.packageName}@file:${source.path}`)}`;
      default:
        return undefined;
    }
  }

  /** Peers resolve to what a parent provides under that name; repeated until nothing changes (peers of peers). */
  private resolvePeers(): void {
    let pending = this.pendingPeers.splice(0);
    for (let round = 0; pending.length > 0 && round < 64; round++) {
      // Rebuilt each round: the peers resolved in the last round are edges that later peers may resolve through.
      const graph = new DependencyGraph(this.edges);
      const unresolved: typeof pending = [];
      for (const peer of pending) {
        const providers = new Set<string>();
        const own = graph.outgoing(peer.from).find((edge) => edge.name === peer.dependency.name && edge.type !== 'peer' && edge.type !== 'peerOptional');
        if (own?.to !== undefined) providers.add(own.to);
        for (const parent of graph.incoming(peer.from)) {
          if (parent.type === 'workspace') continue;
          for (const edge of graph.outgoing(parent.from)) {
            if (edge.name === peer.dependency.name && edge.to !== undefined && edge.to !== peer.from) providers.add(edge.to);
          }
        }
        if (providers.size === 0) {
          unresolved.push(peer);
          continue;
        }
        for (const to of [...providers].sort()) {
          this.edges.push({ from: peer.from, to, name: peer.dependency.name, spec: npmSpec(peer.dependency.range), type: peer.dependency.type === 'peerOptional' ? 'peerOptional' : 'peer', valid: true, error: undefined });
        }
      }
      if (unresolved.length === pending.length) break;
      pending = unresolved;
    }
    // Unmet peers: yarn warns and installs nothing, as a missing edge (npm's peerOptional with nothing there).
    for (const peer of pending) {
      this.edges.push({ from: peer.from, to: undefined, name: peer.dependency.name, spec: npmSpec(peer.dependency.range), type: peer.dependency.type === 'peerOptional' ? 'peerOptional' : 'peer', valid: true, error: 'MISSING' });
    }
  }

  private assignSlugs(): void {
    const byBase = new Map<string, YarnEntry[]>();
    for (const entry of this.project.lockfile.entries) {
      const base = `${entry.packageName.replace('/', '+')}@${entry.version}`;
      const list = byBase.get(base) ?? [];
      list.push(entry);
      byBase.set(base, list);
    }
    for (const [base, entries] of byBase) {
      // The plain slug belongs to the one unpatched registry resolution of that name and version.
      const plain = new Set(entries.filter((entry) => entry.source.kind === 'registry' && !entry.resolution.includes('@patch:')).map((entry) => entry.resolution));
      for (const entry of entries) {
        const isPlain = plain.size === 1 && plain.has(entry.resolution);
        this.slugs.set(entry, isPlain ? base : `${base}+${createHash('sha256').update(entry.resolution).digest('hex').slice(0, 8)}`);
      }
    }
  }

  private addNode(node: RawNode): void {
    if (!this.nodes.has(node.location)) this.nodes.set(node.location, node);
  }
}

/**
 * The project's own declared dependencies, one edge per name in npm's order
 * of precedence (arborist's Node#loadDeps: peer, then dependencies, then
 * optionalDependencies, then devDependencies, each replacing the one before).
 */
function manifestDependencies(manifest: Record<string, unknown>): ProjectDependency[] {
  const byName = new Map<string, ProjectDependency>();
  const peersMeta = recordField(manifest, 'peerDependenciesMeta');
  for (const [name, range] of stringEntries(manifest['peerDependencies'])) {
    const meta = peersMeta[name];
    const optional = isRecord(meta) && meta['optional'] === true;
    byName.set(name, { name, range, type: optional ? 'peerOptional' : 'peer' });
  }
  for (const [field, type] of [['dependencies', 'prod'], ['optionalDependencies', 'optional'], ['devDependencies', 'dev']] as const) {
    for (const [name, range] of stringEntries(manifest[field])) byName.set(name, { name, range, type });
  }
  return [...byName.values()];
}

function projectNode(location: string, installName: string, manifest: Record<string, unknown>, isWorkspace: boolean): RawNode {
  const scripts = recordField(manifest, 'scripts');
  return {
    ...emptyNode(location),
    installName,
    packageName: stringField(manifest, 'name') ?? '',
    version: stringField(manifest, 'version') ?? '',
    license: manifest['license'] ?? manifest['licenses'],
    homepage: manifest['homepage'],
    repository: manifest['repository'],
    bugs: manifest['bugs'],
    description: manifest['description'],
    isWorkspace,
    linked: isWorkspace,
    // npm's definition (docs: "scripts"): a preinstall, install or postinstall script.
    hasInstallScript: location !== '' && ['preinstall', 'install', 'postinstall'].some((name) => typeof scripts[name] === 'string'),
  };
}

/** A node with nothing known but its place; the caller fills in the rest, and assignGraphFlags sets the flags from the finished graph. */
function emptyNode(location: string): RawNode {
  return emptyRawNode(location, '', '', '');
}

/**
 * The spec as package.json writes it, which npm's edges keep: berry prefixes
 * plain ranges with `npm:` and wraps patched ones in `patch:` (an alias `npm:name@range` stays).
 */
export function npmSpec(range: string): string {
  if (range.startsWith('patch:')) {
    const inner = splitDescriptor(decodeURIComponent(range.slice('patch:'.length).replace(/#.*$/, '')));
    if (inner) return npmSpec(inner[1]);
  }
  if (range.startsWith('npm:') && splitDescriptor(range.slice(4)) === undefined) return range.slice(4);
  return range;
}

/** npm's dep-valid for a semver spec (loose; `*` admits anything); other specs (tags, URLs, folders) are judged by yarn. */
function admits(range: string, version: string): boolean {
  const declared = semverRange(range);
  if (declared === undefined || declared === '*' || declared === '') return true;
  return semver.satisfies(version, declared, { loose: true });
}

function semverRange(range: string): string | undefined {
  let spec = range;
  if (spec.startsWith('workspace:')) spec = spec.slice('workspace:'.length);
  spec = npmSpec(spec);
  if (spec.startsWith('npm:')) spec = splitDescriptor(spec.slice(4))?.[1] ?? '';
  if (HTTP_URL.test(spec) || spec.includes(':')) return undefined;
  return semver.validRange(spec, { loose: true }) === null ? undefined : spec;
}

function compareVersions(a: string, b: string): number {
  const va = semver.valid(a, { loose: true });
  const vb = semver.valid(b, { loose: true });
  if (va && vb) return semver.compare(va, vb, { loose: true });
  return a < b ? -1 : a > b ? 1 : 0;
}

function copiedFolder(entry: YarnEntry | undefined): boolean {
  return entry?.source.kind === 'folder' && (entry.source.protocol === 'file' || entry.source.protocol === 'exec');
}

function joinFolder(base: string, relative: string): string {
  const joined = path.posix.normalize(path.posix.join(base || '.', relative.replace(/^file:/, '')));
  return joined === '.' ? '' : joined.replace(/\/+$/, '');
}

function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' ? value : undefined;
}

function recordField(record: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = record[key];
  return isRecord(value) ? value : {};
}

function stringEntries(value: unknown): Array<[string, string]> {
  if (!isRecord(value)) return [];
  return Object.entries(value).filter((pair): pair is [string, string] => typeof pair[1] === 'string');
}
