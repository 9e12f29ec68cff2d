import { createHash, type Hash } from 'node:crypto';
import path from 'node:path';
import type { Inventory } from '../model/component.js';
import { ProjectError } from '../model/errors.js';
import { isRecord } from '../model/json.js';
import { findProjectSource } from './find-project-source.js';
import { readProjectBytes } from './parse-json-file.js';
import { workspaceFolders } from './workspace-folders.js';

/** Every lockfile a Node package manager writes: which one is read depends on which are present. */
const LOCKFILES = ['npm-shrinkwrap.json', 'package-lock.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lock', 'bun.lockb'];
/** Project files the lockfile readers consult beside the lockfile (registry servers, workspace lists; pnpm's registry is in .npmrc). */
const PROJECT_SETTINGS = ['.yarnrc.yml', '.yarnrc', 'pnpm-workspace.yaml', '.npmrc'];
const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];
const LOCAL_SPEC = /^(?:file|link|portal):(.+)$/;

/**
 * A key for everything an inventory is computed from: which lockfile is
 * read, the bytes of every lockfile present (another one appearing can change
 * which is read), the readers' project settings, the root package.json and
 * the package.json of every local package it declares (workspaces,
 * `file:`/`link:` folders), plus a salt (deptrust's version). The folders
 * only the lockfile names are checked when the entry is reused
 * (localFolderDigests). Undefined when the inputs cannot all be named: a
 * tree from node_modules (which can change without any of these files
 * changing).
 */
export async function inventoryCacheKey(projectDir: string, salt: string, options: { lockfile?: string } = {}): Promise<string | undefined> {
  try {
    return await keyOf(path.resolve(projectDir), salt, options);
  } catch (error) {
    // An input that exists but cannot be read (a directory named package.json, a FIFO) must not share the key of an absent one.
    if (error instanceof UnreadableInput) return undefined;
    throw error;
  }
}

async function keyOf(root: string, salt: string, options: { lockfile?: string }): Promise<string | undefined> {
  let source;
  try {
    source = findProjectSource(root, options);
  } catch {
    return undefined; // the inventory will say why no lockfile can be chosen
  }
  // pnpm's importers are named by its lockfile alone: their package.json files are checked on reuse (localFolderDigests).
  if (source.lockfile === undefined || source.sourceFile === 'node_modules') return undefined;
  const chosen = path.relative(root, source.lockfile);
  const hash = createHash('sha256');
  field(hash, 'salt', Buffer.from(salt));
  field(hash, 'lockfile', Buffer.from(path.relative(root, path.resolve(root, chosen))));
  for (const file of new Set([...LOCKFILES, ...PROJECT_SETTINGS, path.relative(root, path.resolve(root, chosen))])) {
    field(hash, file, read(path.join(root, file)));
  }
  const manifestBytes = read(path.join(root, 'package.json'));
  field(hash, 'package.json', manifestBytes);

  const folders = new Set<string>();
  const manifest = parseObject(manifestBytes);
  if (manifest) {
    let workspaces: Map<string, string>;
    try {
      workspaces = await workspaceFolders(root, manifest);
    } catch {
      return undefined; // the inventory will say what is wrong with them
    }
    const local = new Set<string>();
    localSpecFolders(root, root, manifest, local);
    for (const folder of workspaces.keys()) {
      folders.add(folder);
      const workspaceManifest = parseObject(read(path.join(root, folder, 'package.json')));
      if (workspaceManifest) localSpecFolders(root, path.join(root, folder), workspaceManifest, local);
    }
    for (const folder of local) folders.add(folder);
  }
  for (const folder of [...folders].sort()) field(hash, `folder:${folder}`, read(path.join(root, folder, 'package.json')));
  return hash.digest('hex');
}

/** Hashes a named input, telling an absent file from an empty one. */
function field(hash: Hash, name: string, bytes: Buffer | undefined): void {
  hash.update(`${name}\0`);
  if (bytes === undefined) hash.update('absent\0');
  else hash.update(`${bytes.length}\0`).update(bytes);
}

/** Thrown when an input exists but cannot be read: the inventory is then not cached, and its reading says why. */
class UnreadableInput extends Error {}

/** A file's bytes; undefined when there is no such file. Anything else unreadable (a directory, a FIFO, a device) is no key. */
function read(file: string): Buffer | undefined {
  try {
    return readProjectBytes(file);
  } catch (error) {
    if (error instanceof ProjectError && isAbsent(error.cause)) return undefined;
    throw new UnreadableInput(file, { cause: error });
  }
}

function isAbsent(error: unknown): boolean {
  return error instanceof Error && 'code' in error && (error.code === 'ENOENT' || error.code === 'ENOTDIR');
}

function parseObject(bytes: Buffer | undefined): Record<string, unknown> | undefined {
  if (!bytes) return undefined;
  try {
    const parsed: unknown = JSON.parse(bytes.toString('utf8'));
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The package.json of every local folder an inventory was read from (a
 * linked or workspace folder the lockfile names, such as pnpm's importers:
 * those outside node_modules; and a `file:` folder a package was resolved
 * from, whose manifest a reader may consult) and a digest of its bytes,
 * stored with a cached inventory and compared when it is reused: the
 * lockfile's bytes are in the key, so the folders it names are known once it
 * was read, and the key never has to parse the lockfile.
 */
export function localFolderDigests(projectDir: string, inventory: Inventory): Array<[string, string]> {
  const root = path.resolve(projectDir);
  const folders = new Set<string>();
  for (const component of inventory.components) {
    for (const location of component.locations) if (location !== '' && !location.split('/').includes('node_modules')) folders.add(location);
    const url = component.source.kind === 'directory' ? component.source.url : undefined;
    if (url !== undefined) folders.add(path.posix.normalize(url.replace(/^file:/, '')));
  }
  return [...folders].sort().map((folder) => [folder, digestOf(path.resolve(root, folder, 'package.json'))]);
}

/** Whether every local folder's package.json is still what it was when the inventory was cached. */
export function localFoldersUnchanged(projectDir: string, digests: ReadonlyArray<readonly [string, string]>): boolean {
  const root = path.resolve(projectDir);
  return digests.every(([folder, expected]) => digestOf(path.resolve(root, folder, 'package.json')) === expected);
}

/** A package.json's digest; an unreadable one matches nothing stored, so the entry is not reused. */
function digestOf(file: string): string {
  try {
    const bytes = read(file);
    return bytes === undefined ? 'absent' : createHash('sha256').update(bytes).digest('hex');
  } catch (error) {
    if (error instanceof UnreadableInput) return 'unreadable';
    throw error;
  }
}

/**
 * Folders named by `file:`, `link:` and `portal:` specs, followed through the
 * package.json files they hold (relative to the root, each once).
 */
function localSpecFolders(root: string, folder: string, manifest: Record<string, unknown>, found: Set<string>): void {
  for (const fieldName of DEPENDENCY_FIELDS) {
    const dependencies = manifest[fieldName];
    if (!isRecord(dependencies)) continue;
    for (const spec of Object.values(dependencies)) {
      const local = typeof spec === 'string' ? LOCAL_SPEC.exec(spec)?.[1] : undefined;
      if (local === undefined || /\.(tgz|tar\.gz|tar)$/i.test(local)) continue;
      const target = path.relative(root, path.resolve(folder, local)).split(path.sep).join('/');
      if (found.has(target)) continue;
      found.add(target);
      const nested = parseObject(read(path.join(root, target, 'package.json')));
      if (nested) localSpecFolders(root, path.join(root, target), nested, found);
    }
  }
}
