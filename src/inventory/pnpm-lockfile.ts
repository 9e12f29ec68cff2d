import path from 'node:path';
import yaml from 'js-yaml';
import { ProjectError } from '../model/errors.js';
import { isRecord } from '../model/json.js';
import { assignGraphFlags } from './graph-flags.js';
import { readLocalManifest } from './local-manifest.js';
import { checkRecordsDeclarations, checkRegistryVersion, isSemverVersion } from './lockfile-records.js';
import { readNpmrcRegistries } from './npmrc-registries.js';
import { pnpmDepPathSyntax, type DepPathSyntax } from './pnpm-dep-path.js';
import { readProjectFile } from './parse-json-file.js';
import { byLocation, declaredRangeAdmits, emptyRawNode, localRawNode, projectFolder } from './raw-node.js';
import type { RawEdge, RawNode, RawTree } from './raw-tree.js';
import { registryTarball } from './registry-tarball.js';
import type { RegistryFor } from './yarn-berry-lockfile.js';

type Map_ = Record<string, unknown>;

/** The importer fields that declare dependencies, with npm's edge type for each. */
const IMPORTER_FIELDS = [
  ['dependencies', 'prod'],
  ['devDependencies', 'dev'],
  ['optionalDependencies', 'optional'],
] as const;

/**
 * Reads pnpm-lock.yaml (lockfileVersion 5.4, 6.0 and 9.0; also pnpm's copy
 * in node_modules/.pnpm/lock.yaml) into the tree every other reader builds.
 *
 * The lockfile lists `importers` (the root `.` and each workspace folder, with
 * what each declares and the version it resolved to) and the packages, keyed
 * by pnpm's dependency path (`name@1.0.0(peer@2.0.0)` in 9.0, `/name@1.0.0`
 * in 6.0, `/name/1.0.0_peer@2.0.0` in 5.4; 9.0 splits each into `packages`,
 * the package, and `snapshots`, the package with its peers resolved). Each
 * dependency path is one node, placed where pnpm puts it
 * (`node_modules/.pnpm/<path>/node_modules/<name>`); edges follow each
 * snapshot's dependencies, a dependency the package lists as a peer being a
 * peer edge. The flags come from the graph (graph-flags.ts), the same way for
 * every version.
 */
export async function readPnpmLockfile(projectRoot: string, lockfilePath: string): Promise<RawTree> {
  const label = path.relative(projectRoot, lockfilePath) || lockfilePath;
  const lockfile = parseLockfile(readProjectFile(lockfilePath, label), label);
  const version = lockfileVersionOf(lockfile, label);
  const syntax = pnpmDepPathSyntax(version);
  const packages = mapField(lockfile, 'packages', label);
  const importers = importersOf(lockfile, label, packages);
  // 9.0 moved what a package resolved to (its dependencies) into snapshots; before, packages held both.
  const snapshots = version === '9.0' ? mapField(lockfile, 'snapshots', label) : packages;
  const reader = new TreeBuilder(projectRoot, label, syntax, packages, snapshots, importers.map(([importerPath]) => importerPath), readNpmrcRegistries(projectRoot));
  for (const [importerPath, importer] of importers) reader.addImporter(importerPath, importer);
  const tree = reader.finish();
  checkRecordsDeclarations(tree, label);
  tree.lockfileVersion = version;
  assignGraphFlags(tree);
  return tree;
}

function parseLockfile(text: string, label: string): Map_ {
  let document: unknown;
  try {
    // The failsafe schema keeps every scalar a string: `1.10` stays a version, not the number 1.1.
    // js-yaml (what pnpm itself writes with) refuses duplicate keys and keeps `__proto__` an own key.
    document = yaml.load(text, { schema: yaml.FAILSAFE_SCHEMA, filename: label });
  } catch (error) {
    const where = error instanceof yaml.YAMLException ? ` at line ${error.mark.line + 1}, column ${error.mark.column + 1}: ${error.reason}` : `: ${String(error)}`;
    throw new ProjectError(`malformed YAML in ${label}${where}`, { cause: error });
  }
  if (!isRecord(document)) throw new ProjectError(`${label} is not a pnpm lockfile (no mapping at the top)`);
  return document;
}

const SUPPORTED = new Set(['5.3', '5.4', '6.0', '6.1', '9.0']);

function lockfileVersionOf(lockfile: Map_, label: string): string {
  const version = lockfile['lockfileVersion'];
  if (typeof version !== 'string' || !SUPPORTED.has(version)) {
    throw new ProjectError(`unsupported lockfileVersion ${JSON.stringify(version ?? null)} in ${label} (deptrust reads pnpm lockfiles 5.4, 6.0 and 9.0)`);
  }
  return version === '6.1' ? '6.0' : version === '5.3' ? '5.4' : version;
}

/** The fields of the root importer that a single-project lockfile keeps at the top. */
const TOP_LEVEL_IMPORTER_FIELDS = ['specifiers', ...IMPORTER_FIELDS.map(([field]) => field)];

/**
 * `importers` of a workspace lockfile; a single-project lockfile of pnpm 7
 * and 8 (5.4, 6.0) keeps the root's fields at the top, and pnpm still reads
 * that form. pnpm writes `{}` for an importer without dependencies, never an
 * empty value: `.:` with nothing under it is where a cut fell.
 */
function importersOf(lockfile: Map_, label: string, packages: Map_): Array<[string, Map_]> {
  const importers = lockfile['importers'];
  if (importers === undefined) {
    if (!TOP_LEVEL_IMPORTER_FIELDS.some((field) => field in lockfile) && Object.keys(packages).length > 0) {
      throw new ProjectError(`${label} has no "importers" and no dependencies of the project at the top level, yet lists packages (a truncated or hand-edited lockfile)`);
    }
    return [['.', lockfile]];
  }
  if (!isRecord(importers)) throw new ProjectError(`${label}: "importers" must be a mapping`);
  const list: Array<[string, Map_]> = [];
  for (const [importerPath, importer] of Object.entries(importers)) {
    if (isEmptyValue(importer)) throw new ProjectError(`${label}: importers[${JSON.stringify(importerPath)}] is empty (pnpm writes {} for an importer without dependencies: a truncated lockfile)`);
    if (!isRecord(importer)) throw new ProjectError(`${label}: importers[${JSON.stringify(importerPath)}] must be a mapping`);
    list.push([importerPath, importer]);
  }
  if (!list.some(([importerPath]) => importerPath === '.')) list.unshift(['.', {}]);
  return list;
}

/** A key with nothing after it (`dependencies:` as the last line), which the failsafe schema reads as null, or an empty scalar. */
function isEmptyValue(value: unknown): boolean {
  return value === null || value === '';
}

/** An importer's map of one dependency type: absent when it has none, never empty (pnpm leaves an empty map out). */
function importerMap(importer: Map_, field: string, label: string, importerPath: string): Map_ {
  const where = `importers[${JSON.stringify(importerPath)}].${field}`;
  if (isEmptyValue(importer[field])) throw new ProjectError(`${label}: ${where} is empty (pnpm never writes an empty map: a truncated lockfile)`);
  return mapField(importer, field, label, `importers[${JSON.stringify(importerPath)}]`);
}

function mapField(record: Map_, field: string, label: string, where = ''): Map_ {
  const value = record[field];
  if (value === undefined || value === null || value === '') return {};
  if (!isRecord(value)) throw new ProjectError(`${label}: ${where}${where ? '.' : ''}${field} must be a mapping`);
  return value;
}

function stringField(record: Map_, field: string): string | undefined {
  const value = record[field];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Builds the nodes and edges, one node per dependency path reached. */
class TreeBuilder {
  private readonly nodes = new Map<string, RawNode>();
  private readonly edges: RawEdge[] = [];
  private readonly locationOfDepPath = new Map<string, string>();
  private readonly pending: string[] = [];
  private readonly workspaces: string[] = [];
  /** Registry packages whose `resolved` is the registry's conventional tarball URL, not a URL the lockfile wrote. */
  private readonly conventionalUrls = new Set<string>();
  /** Locations of the importers (the root is ''). */
  private readonly importerLocations: Set<string>;

  constructor(
    private readonly root: string,
    private readonly label: string,
    private readonly syntax: DepPathSyntax,
    private readonly packages: Map_,
    private readonly snapshots: Map_,
    importerPaths: readonly string[],
    private readonly registryFor: RegistryFor,
  ) {
    this.importerLocations = new Set(importerPaths.map((importerPath) => this.importerLocation(importerPath)));
  }

  private importerLocation(importerPath: string): string {
    return this.projectLocation(importerPath === '.' ? '' : importerPath, `importers[${JSON.stringify(importerPath)}]`);
  }

  addImporter(importerPath: string, importer: Map_): void {
    const location = this.importerLocation(importerPath);
    const manifest = readLocalManifest(path.join(this.root, location));
    if (location !== '') this.workspaces.push(location);
    this.nodes.set(location, localRawNode(location, manifest, { fallbackName: path.posix.basename(location) || 'project' }, { isWorkspace: location !== '', linked: location !== '' }));
    const specifiers = isRecord(importer['specifiers']) ? importer['specifiers'] : {};
    for (const [field, type] of IMPORTER_FIELDS) {
      const declared = importerMap(importer, field, this.label, importerPath);
      for (const [name, value] of Object.entries(declared)) {
        // 6.0 and 9.0: { specifier, version }; 5.4: the version, with the specifier in `specifiers`.
        const ref = isRecord(value) ? stringField(value, 'version') : typeof value === 'string' ? value : undefined;
        const specifier = isRecord(value) ? stringField(value, 'specifier') : stringField(specifiers, name);
        if (ref === undefined) throw new ProjectError(`${this.label}: importers[${JSON.stringify(importerPath)}].${field}.${name} has no version`);
        const spec = manifest?.declared(field, name) ?? specifier ?? ref;
        const to = this.resolveRef(name, ref, location);
        this.noteTarballSpec(to, specifier);
        this.edges.push({ from: location, to, name, spec, type, valid: to === undefined || declaredRangeAdmits(spec, this.nodes.get(to)?.version ?? ''), error: undefined });
      }
    }
    // What package.json declares and the lockfile does not have is missing (npm's "out of sync").
    for (const [field, type] of IMPORTER_FIELDS) {
      for (const [name, spec] of manifest?.entries(field) ?? []) {
        if (isRecord(importer[field]) && importer[field][name] !== undefined) continue;
        if (IMPORTER_FIELDS.some(([other]) => isRecord(importer[other]) && (importer[other] as Map_)[name] !== undefined)) continue;
        this.edges.push({ from: location, to: undefined, name, spec, type, valid: false, error: 'MISSING' });
      }
    }
    this.drain();
  }

  /**
   * A dependency declared as the registry's own tarball URL is locked as a
   * registry package (integrity only): the declared URL is where it comes
   * from, as npm records it.
   */
  private noteTarballSpec(to: string | undefined, specifier: string | undefined): void {
    const node = to === undefined ? undefined : this.nodes.get(to);
    if (node && to !== undefined && (node.resolved === undefined || this.conventionalUrls.has(to)) && specifier !== undefined && /^https?:\/\//i.test(specifier)) {
      node.resolved = specifier;
      this.conventionalUrls.delete(to);
    }
  }

  finish(): RawTree {
    // Every importer other than the root is a workspace, linked from the root as npm links its workspaces.
    for (const location of this.workspaces) {
      const node = this.nodes.get(location);
      if (node) this.edges.push({ from: '', to: location, name: node.packageName, spec: `file:${location}`, type: 'workspace', valid: true, error: undefined });
    }
    const nodes = [...this.nodes.values()].sort(byLocation);
    return { nodes, edges: this.edges, workspaces: [...this.workspaces].sort() };
  }

  /** The node a reference resolves to (`1.2.3`, `1.2.3(peer@1.0.0)`, an alias, `link:`, `file:`), placing it if new. */
  private resolveRef(name: string, ref: string, fromLocation: string): string | undefined {
    if (ref.startsWith('link:')) return this.linkNode(name, ref.slice('link:'.length), fromLocation);
    const depPath = this.syntax.refToDepPath(name, ref);
    const known = this.locationOfDepPath.get(depPath);
    if (known !== undefined) return known;
    const snapshot = this.snapshots[depPath];
    const packageKey = this.syntax.packageKey(depPath);
    const entry = this.packages[packageKey];
    if (!Object.hasOwn(this.snapshots, depPath) || !Object.hasOwn(this.packages, packageKey) || (snapshot !== '' && snapshot !== null && !isRecord(snapshot)) || !isRecord(entry)) {
      throw new ProjectError(`${this.label} refers to ${depPath}, which it does not list (a truncated or hand-edited lockfile)`);
    }
    let location = `node_modules/.pnpm/${this.syntax.storeFolder(depPath)}/node_modules/${name}`;
    // Two dependency paths whose folders would read alike stay two nodes.
    while (this.nodes.has(location)) location += '+';
    this.locationOfDepPath.set(depPath, location);
    this.nodes.set(location, this.packageNode(location, name, depPath, entry));
    this.pending.push(depPath);
    return location;
  }

  private packageNode(location: string, installName: string, depPath: string, entry: Map_): RawNode {
    const identity = this.syntax.identity(depPath);
    const resolution = isRecord(entry['resolution']) ? entry['resolution'] : {};
    const directory = stringField(resolution, 'directory');
    const local = directory === undefined ? undefined : readLocalManifest(path.join(this.root, this.projectLocation(directory, depPath)));
    const packageName = stringField(entry, 'name') ?? identity.name ?? local?.name ?? installName;
    const lockedVersion = stringField(entry, 'version') ?? identity.version;
    // A registry package's resolution records only its integrity; git, tarball and folder ones carry their package.json's version.
    if (directory === undefined && resolution['type'] === undefined && resolution['tarball'] === undefined) checkRegistryVersion(lockedVersion, this.label, depPath);
    const version = lockedVersion ?? local?.version ?? '';
    let resolved = resolvedOf(resolution, directory);
    if (resolved === undefined && resolution['type'] === undefined && isSemverVersion(version)) {
      // A registry package: pnpm fetches the registry's tarball of that name and version (npm records that URL as `resolved`).
      const registry = this.registryFor(packageName);
      if (registry !== undefined) {
        resolved = registryTarball(registry, packageName, version);
        this.conventionalUrls.add(location);
      }
    }
    return {
      ...emptyRawNode(location, installName, packageName, version),
      resolved,
      integrity: stringField(resolution, 'integrity'),
    };
  }

  /** `link:<folder>`: a workspace when the folder is an importer, else a linked folder (read from disk for its name and version). */
  private linkNode(name: string, target: string, fromLocation: string): string {
    const location = this.projectLocation(path.posix.join(fromLocation, target), `link:${target}`);
    // An importer's node is placed by addImporter, before or after this edge.
    if (this.importerLocations.has(location) || this.nodes.has(location)) return location;
    const manifest = readLocalManifest(path.join(this.root, location));
    this.nodes.set(location, localRawNode(location, manifest, { fallbackName: name }, { isWorkspace: false, linked: true }));
    return location;
  }

  /** Follows every placed package's dependencies until none is new. */
  private drain(): void {
    for (let depPath = this.pending.pop(); depPath !== undefined; depPath = this.pending.pop()) {
      const from = this.locationOfDepPath.get(depPath) as string;
      const snapshot = this.snapshots[depPath];
      const entry = this.packages[this.syntax.packageKey(depPath)];
      const record = isRecord(snapshot) ? snapshot : {};
      const peers = isRecord(entry) ? mapField(entry, 'peerDependencies', this.label, depPath) : {};
      const peerMeta = isRecord(entry) ? mapField(entry, 'peerDependenciesMeta', this.label, depPath) : {};
      for (const field of ['dependencies', 'optionalDependencies'] as const) {
        for (const [name, ref] of Object.entries(mapField(record, field, this.label, depPath))) {
          if (typeof ref !== 'string') throw new ProjectError(`${this.label}: ${depPath}.${field}.${name} must be a version`);
          const to = this.resolveRef(name, ref, '');
          const peerOptional = isRecord(peerMeta[name]) && (peerMeta[name] as Map_)['optional'] === 'true';
          const type: RawEdge['type'] = field === 'optionalDependencies' ? 'optional' : Object.hasOwn(peers, name) ? (peerOptional ? 'peerOptional' : 'peer') : 'prod';
          this.edges.push({ from, to, name, spec: this.edgeSpec(name, to), type, valid: true, error: undefined });
        }
      }
    }
  }

  /** pnpm records what a dependency resolved to, not the range declared: the edge carries the resolved version (an alias as `npm:name@version`). */
  private edgeSpec(name: string, to: string | undefined): string {
    const node = to === undefined ? undefined : this.nodes.get(to);
    if (!node) return '*';
    if (node.linked) return `file:${to}`;
    if (node.resolved !== undefined && !node.resolved.startsWith('file:') && !isSemverVersion(node.version)) return node.resolved;
    return node.packageName !== name ? `npm:${node.packageName}@${node.version}` : node.version;
  }

  private projectLocation(folder: string, where: string): string {
    return projectFolder(folder, this.label, where);
  }

}

/** The URL or path a package came from: a tarball, a git commit, a folder; undefined for a registry package (pnpm records only its integrity). */
function resolvedOf(resolution: Map_, directory: string | undefined): string | undefined {
  if (directory !== undefined) return `file:${directory}`;
  const repo = stringField(resolution, 'repo');
  const commit = stringField(resolution, 'commit');
  if (resolution['type'] === 'git' && repo !== undefined && commit !== undefined) return `${gitUrl(repo)}#${commit}`;
  const tarball = stringField(resolution, 'tarball');
  if (tarball === undefined) return undefined;
  // GitHub dependencies are fetched as codeload archives of one commit.
  const codeload = /^https:\/\/codeload\.github\.com\/([^/]+)\/([^/]+)\/tar\.gz\/([0-9a-f]{7,40})$/i.exec(tarball);
  if (codeload) return `git+https://github.com/${codeload[1]}/${codeload[2]}.git#${codeload[3]}`;
  return tarball;
}

/** A repository as npm writes it in `resolved`: `git+<url>`, scp-like `user@host:path` as `git+ssh://user@host/path`. */
function gitUrl(repo: string): string {
  if (repo.startsWith('git+') || repo.startsWith('git:')) return repo;
  const scp = /^([^@/:]+@[^:/]+):(?!\/\/)(.+)$/.exec(repo);
  if (scp) return `git+ssh://${scp[1]}/${scp[2]}`;
  return `git+${repo}`;
}
