import path from 'node:path';
import semver from 'semver';
import { ProjectError } from '../model/errors.js';
import { isRecord } from '../model/json.js';
import { assignGraphFlags } from './graph-flags.js';
import { parseJsoncText } from './jsonc-text.js';
import { readLocalManifest, type LocalManifest } from './local-manifest.js';
import { checkRecordsDeclarations } from './lockfile-records.js';
import { readProjectFile } from './parse-json-file.js';
import { byLocation, declaredRangeAdmits, emptyRawNode, localRawNode, projectFolder } from './raw-node.js';
import type { RawEdge, RawNode, RawTree } from './raw-tree.js';

type Map_ = Record<string, unknown>;

const WORKSPACE_FIELDS = [
  ['dependencies', 'prod'],
  ['devDependencies', 'dev'],
  ['optionalDependencies', 'optional'],
  ['peerDependencies', 'peer'],
] as const;

const SUPPORTED_VERSIONS = new Set([0, 1]);

/**
 * Reads bun.lock, bun's text lockfile (JSON with trailing commas), into the
 * tree every other reader builds.
 *
 * `workspaces` holds what the root (`""`) and each workspace folder declare;
 * `packages` is keyed like a hoisted node_modules (`ms` at the top,
 * `debug/ms` nested under debug, `@scope/ws/lodash` under a workspace), each
 * entry a tuple: `[name@version, registry, info, integrity]` for the
 * registry, `[name@workspace:folder]`, `[name@file:…, info]`,
 * `[name@https://….tgz, info]`, `[name@github:…#commit, info, tag]`. A
 * dependency resolves the way Node.js finds it: the nearest key up the
 * nesting. The flags come from the graph (graph-flags.ts).
 */
export async function readBunLockfile(projectRoot: string, lockfilePath: string): Promise<RawTree> {
  const label = path.relative(projectRoot, lockfilePath) || lockfilePath;
  const lockfile = parseJsoncText(readProjectFile(lockfilePath, label), label);
  if (!isRecord(lockfile)) throw new ProjectError(`${label} is not a JSON object`);
  const version = lockfile['lockfileVersion'];
  if (typeof version !== 'number' || !SUPPORTED_VERSIONS.has(version)) {
    throw new ProjectError(`unsupported lockfileVersion ${JSON.stringify(version ?? null)} in ${label} (deptrust reads bun.lock versions 0 and 1)`);
  }
  const workspaces = workspacesOf(lockfile, label);
  const packages = recordField(lockfile, 'packages', label);
  const tree = new BunTree(projectRoot, label, packages).build(workspaces);
  checkRecordsDeclarations(tree, label);
  tree.lockfileVersion = version;
  assignGraphFlags(tree);
  return tree;
}

/** What the root and each workspace declare: bun writes the root's entry (`""`) into every bun.lock, so a lockfile without it was cut or edited. */
function workspacesOf(lockfile: Map_, label: string): Map_ {
  if (lockfile['workspaces'] === undefined) throw new ProjectError(`${label} has no "workspaces" (bun writes the root workspace "" in every bun.lock: a truncated or hand-edited lockfile)`);
  const workspaces = recordField(lockfile, 'workspaces', label);
  if (!Object.hasOwn(workspaces, '')) throw new ProjectError(`${label}: "workspaces" has no root workspace "" (bun writes it in every bun.lock: a truncated or hand-edited lockfile)`);
  return workspaces;
}

function recordField(record: Map_, field: string, label: string): Map_ {
  const value = record[field];
  if (value === undefined) return {};
  if (!isRecord(value)) throw new ProjectError(`${label}: "${field}" must be an object`);
  return value;
}

/** `name@rest` split at the `@` after a scope. */
function splitSpec(text: string): { name: string; rest: string } | undefined {
  const at = text.indexOf('@', 1);
  return at > 0 ? { name: text.slice(0, at), rest: text.slice(at + 1) } : undefined;
}

/** A package key's chain of names: `@mm/shared/lodash` → [`@mm/shared`, `lodash`]. */
function keyChain(key: string): string[] {
  const parts = key.split('/');
  const chain: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    if (part.startsWith('@') && i + 1 < parts.length) chain.push(`${part}/${parts[++i] ?? ''}`);
    else chain.push(part);
  }
  return chain;
}

interface Entry {
  key: string;
  chain: string[];
  tuple: unknown[];
  spec: { name: string; rest: string };
}

class BunTree {
  private readonly entries = new Map<string, Entry>();
  private readonly nodes = new Map<string, RawNode>();
  private readonly locationOfKey = new Map<string, string>();
  private readonly edges: RawEdge[] = [];
  /** Workspace package name → its folder. */
  private readonly workspaceFolders = new Map<string, string>();

  constructor(
    private readonly root: string,
    private readonly label: string,
    packages: Map_,
  ) {
    for (const [key, tuple] of Object.entries(packages)) {
      if (!Array.isArray(tuple) || typeof tuple[0] !== 'string') throw new ProjectError(`${label}: packages[${JSON.stringify(key)}] must be an array starting with "name@version"`);
      const spec = splitSpec(tuple[0]);
      if (!spec) throw new ProjectError(`${label}: packages[${JSON.stringify(key)}] names no version (${JSON.stringify(tuple[0])})`);
      this.entries.set(key, { key, chain: keyChain(key), tuple, spec });
      if (spec.rest.startsWith('workspace:')) this.workspaceFolders.set(spec.name, this.projectLocation(spec.rest.slice('workspace:'.length), `packages[${JSON.stringify(key)}]`));
    }
  }

  build(workspaces: Map_): RawTree {
    const folders: string[] = [];
    for (const [folder, declared] of Object.entries(workspaces)) {
      if (!isRecord(declared)) throw new ProjectError(`${this.label}: workspaces[${JSON.stringify(folder)}] must be an object`);
      const location = this.projectLocation(folder, `workspaces[${JSON.stringify(folder)}]`);
      const manifest = readLocalManifest(path.join(this.root, location));
      // bun records each workspace's name and version; package.json adds licence and links.
      const names = {
        fallbackName: path.posix.basename(location) || 'project',
        ...(typeof declared['name'] === 'string' ? { name: declared['name'] } : {}),
        ...(typeof declared['version'] === 'string' ? { version: declared['version'] } : {}),
      };
      if (location !== '') folders.push(location);
      this.nodes.set(location, localRawNode(location, manifest, names, { isWorkspace: location !== '', linked: location !== '' }));
      const name = this.nodes.get(location)?.packageName ?? names.fallbackName;
      const scope = location === '' ? [] : [name];
      const optionalPeers = stringList(declared['optionalPeers']);
      for (const [field, type] of WORKSPACE_FIELDS) {
        for (const [depName, spec] of Object.entries(recordField(declared, field, this.label))) {
          if (typeof spec !== 'string') throw new ProjectError(`${this.label}: workspaces[${JSON.stringify(folder)}].${field}.${depName} must be a string`);
          const to = this.resolve(depName, scope);
          const edgeType: RawEdge['type'] = type === 'peer' && optionalPeers.includes(depName) ? 'peerOptional' : type;
          this.edges.push({ from: location, to, name: depName, spec, type: edgeType, valid: to === undefined || declaredRangeAdmits(spec, this.nodes.get(to)?.version ?? ''), error: to === undefined ? 'MISSING' : undefined });
        }
      }
      this.addUnlockedDeclarations(location, declared, manifest);
    }
    for (const location of folders) {
      const node = this.nodes.get(location);
      if (node) this.edges.push({ from: '', to: location, name: node.packageName, spec: `file:${location}`, type: 'workspace', valid: true, error: undefined });
    }
    const nodes = [...this.nodes.values()].sort(byLocation);
    return { nodes, edges: this.edges, workspaces: folders.sort() };
  }

  /**
   * What package.json declares but bun.lock's workspace entry does not: a
   * missing dependency (an out-of-sync warning, as for the other lockfiles),
   * never silently nothing. bun itself refuses such a lockfile with
   * --frozen-lockfile and installs the dependency otherwise.
   */
  private addUnlockedDeclarations(location: string, declared: Map_, manifest: LocalManifest | undefined): void {
    if (manifest === undefined) return;
    const locked = new Set(WORKSPACE_FIELDS.flatMap(([field]) => Object.keys(recordField(declared, field, this.label))));
    for (const [field, type] of WORKSPACE_FIELDS) {
      for (const [depName, spec] of manifest.entries(field)) {
        if (!locked.has(depName)) this.edges.push({ from: location, to: undefined, name: depName, spec, type, valid: true, error: 'MISSING' });
      }
    }
  }

  /** The nearest `packages` key for a name seen from a chain (Node.js's lookup up the nesting), placing the package if new. */
  private resolve(name: string, chain: readonly string[]): string | undefined {
    for (let depth = chain.length; depth >= 0; depth--) {
      const key = [...chain.slice(0, depth), name].join('/');
      const entry = this.entries.get(key);
      if (entry) return this.place(entry);
    }
    return undefined;
  }

  private place(entry: Entry): string {
    const known = this.locationOfKey.get(entry.key);
    if (known !== undefined) return known;
    const { name: packageName, rest } = entry.spec;
    if (rest.startsWith('workspace:')) {
      const folder = this.workspaceFolders.get(packageName) ?? '';
      this.locationOfKey.set(entry.key, folder);
      return folder;
    }
    const location = this.locationOf(entry.chain);
    this.locationOfKey.set(entry.key, location);
    const installName = entry.chain.at(-1) ?? packageName;
    const info = entry.tuple.find((item, index) => index > 0 && isRecord(item));
    const details: Map_ = isRecord(info) ? info : {};
    const node = { ...emptyRawNode(location, installName, packageName, ''), ...this.sourceOf(entry, rest) };
    this.nodes.set(location, node);
    for (const [field, type] of [['dependencies', 'prod'], ['optionalDependencies', 'optional'], ['peerDependencies', 'peer']] as const) {
      const optionalPeers = stringList(details['optionalPeers']);
      for (const [depName, spec] of Object.entries(recordField(details, field, this.label))) {
        if (typeof spec !== 'string') throw new ProjectError(`${this.label}: packages[${JSON.stringify(entry.key)}].${field}.${depName} must be a string`);
        const to = this.resolve(depName, entry.chain);
        const edgeType: RawEdge['type'] = type === 'peer' && optionalPeers.includes(depName) ? 'peerOptional' : type;
        this.edges.push({ from: location, to, name: depName, spec, type: edgeType, valid: true, error: undefined });
      }
    }
    return location;
  }

  /** Version, resolved URL or path, and integrity of one entry, by the form of its `name@…`. */
  private sourceOf(entry: Entry, rest: string): Pick<RawNode, 'version' | 'resolved' | 'integrity' | 'linked'> {
    const [, second, , fourth] = entry.tuple;
    if (rest.startsWith('file:') || rest.startsWith('link:')) {
      const folder = rest.slice(rest.indexOf(':') + 1);
      const local = TARBALL_FILE.test(folder) ? undefined : readLocalManifest(path.join(this.root, this.projectLocation(folder, `packages[${JSON.stringify(entry.key)}]`)));
      return { version: local?.version ?? '', resolved: rest.startsWith('link:') ? undefined : `file:${folder}`, integrity: undefined, linked: rest.startsWith('link:') };
    }
    if (/^https?:\/\//i.test(rest)) {
      return { version: versionInTarballName(rest), resolved: rest, integrity: typeof second === 'string' && second.startsWith('sha') ? second : undefined, linked: false };
    }
    const git = gitSource(rest, entry.tuple[2]);
    if (git) return { version: '', resolved: git, integrity: undefined, linked: false };
    if (semver.valid(rest) === null) throw new ProjectError(`${this.label}: packages[${JSON.stringify(entry.key)}] has an unknown source ${JSON.stringify(rest)}`);
    // The second item is the registry the package came from, empty for the default one.
    const registry = typeof second === 'string' && /^https?:\/\//i.test(second) ? second : undefined;
    return { version: rest, resolved: registry, integrity: typeof fourth === 'string' && fourth !== '' ? fourth : undefined, linked: false };
  }

  /** Where npm would install it: `node_modules/debug/node_modules/ms`; nested under a workspace, in that workspace's folder. */
  private locationOf(chain: readonly string[]): string {
    const [first, ...restOfChain] = chain;
    const folder = first === undefined ? undefined : this.workspaceFolders.get(first);
    const names = folder !== undefined && restOfChain.length > 0 ? restOfChain : chain;
    const prefix = folder !== undefined && restOfChain.length > 0 ? `${folder}/` : '';
    return prefix + names.map((name) => `node_modules/${name}`).join('/');
  }

  private projectLocation(folder: string, where: string): string {
    return projectFolder(folder, this.label, where);
  }

}

const TARBALL_FILE = /\.(tgz|tar\.gz|tar)$/i;

/** bun records no version for a remote tarball; its file name usually carries it (`name-1.0.3.tgz`). */
function versionInTarballName(url: string): string {
  const match = /-(\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?)\.(?:tgz|tar\.gz)$/.exec(new URL(url).pathname);
  return match?.[1] !== undefined && semver.valid(match[1]) !== null ? match[1] : '';
}

/** A git source as npm writes `resolved` (`git+https://host/repo.git#commit`), from `github:user/repo#ref` or `git+…#ref` and the resolved commit bun keeps. */
function gitSource(rest: string, third: unknown): string | undefined {
  const hash = rest.indexOf('#');
  const base = hash >= 0 ? rest.slice(0, hash) : rest;
  const tag = typeof third === 'string' ? third : '';
  // bun's third item for git is `<owner>-<repo>-<commit>`: the commit is its last part.
  const commit = /-([0-9a-f]{7,40})$/.exec(tag)?.[1] ?? (hash >= 0 ? rest.slice(hash + 1) : '');
  const suffix = commit ? `#${commit}` : '';
  const hosted = /^(github|gitlab|bitbucket):(.+)$/.exec(base);
  if (hosted) {
    const host = { github: 'github.com', gitlab: 'gitlab.com', bitbucket: 'bitbucket.org' }[hosted[1] as 'github' | 'gitlab' | 'bitbucket'];
    return `git+https://${host}/${(hosted[2] ?? '').replace(/\.git$/, '')}.git${suffix}`;
  }
  if (/^git(\+[a-z]+)?:/i.test(base)) return `${base.startsWith('git+') || base.startsWith('git:') ? base : `git+${base}`}${suffix}`;
  return undefined;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
