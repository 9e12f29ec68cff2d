import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isRecord } from '../model/json.js';
import type { Warning } from '../model/warning.js';
import { gitTopLevel, listTree, readBlobs, resolveCommit } from './git-files.js';
import { checkLockfile } from './lockfile-guard.js';
import { lockfileKindOf, MANAGER_OF_LOCKFILE } from './lockfile-kind.js';
import { parseJsonText, readProjectFile } from './parse-json-file.js';

/** Files of the base a scan reads: manifests and every manager's lockfile, and the code reachability parses. */
const MANIFESTS = /(^|\/)(package\.json|package-lock\.json|npm-shrinkwrap\.json|pnpm-lock\.yaml|pnpm-workspace\.yaml|yarn\.lock|\.yarnrc\.yml|bun\.lockb?)$/;
const CODE = /\.(js|mjs|cjs|jsx|ts|mts|cts|tsx)$/;
const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** Beyond this much code the base's reachability is judged with the change's code instead of reading it all from git. */
const MAX_CODE_BYTES = 64 * 1024 * 1024;
const LOCKFILES = Object.keys(MANAGER_OF_LOCKFILE);
/** How deep a lockfile base looks for the change's package.json files (workspaces, linked folders). */
const MANIFEST_DEPTH = 6;

/** The base of a `diff`, rebuilt in a temporary folder that `dispose` removes. */
export interface BaseSnapshot {
  /** The folder to inventory: the project as it was on the base. */
  dir: string;
  /** How reports name the base (`main (3f2a1bc)`, `old-lock.json`). */
  label: string;
  /** False when the base had no lockfile: every component counts as added. */
  hasLockfile: boolean;
  /** The lockfile to read in `dir` when it cannot be left to detection (a lockfile base; the change's own choice among several). */
  lockfile?: string;
  /** Where the base's own code is, when not in `dir` (a lockfile base is judged with the change's code). */
  sourceDir?: string;
  /** What the snapshot had to leave out. */
  warnings: Warning[];
  dispose(): void;
}

/**
 * The base for `deptrust diff --base <x>`: a lockfile when `x` is a file,
 * else a git revision, from which the project's folder is read as it was in
 * that commit (`git ls-tree` and `git cat-file`: nothing in the work tree or
 * the repository is touched).
 */
export async function snapshotBase(projectDir: string, base: string, cwd: string, options: { headLockfile?: string; folders?: TemporaryFolders } = {}): Promise<BaseSnapshot> {
  const folders = options.folders ?? PLAIN_FOLDERS;
  const asFile = path.resolve(cwd, base);
  if (existsSync(asFile) && statSync(asFile).isFile()) return snapshotLockfile(projectDir, asFile, base, folders);
  const snapshot = await snapshotCommit(projectDir, base, folders);
  // When the change chose its lockfile among several, the base is read by the same one if it has it.
  const chosen = options.headLockfile === undefined ? undefined : path.join(snapshot.dir, path.basename(options.headLockfile));
  return chosen !== undefined && existsSync(chosen) ? { ...snapshot, lockfile: chosen } : snapshot;
}

/**
 * Where the snapshot's folder comes from: the pipeline passes the process's
 * registry of temporary folders (src/net/temporary-folders.ts), so that an
 * interrupted `diff` (SIGINT, SIGTERM) removes it too.
 */
export interface TemporaryFolders {
  make(prefix: string): string;
  remove(dir: string): void;
}

const PLAIN_FOLDERS: TemporaryFolders = {
  make: (prefix) => mkdtempSync(path.join(tmpdir(), prefix)),
  remove: (dir) => rmSync(dir, { recursive: true, force: true }),
};

function temporaryFolder(folders: TemporaryFolders): { root: string; dispose: () => void } {
  const root = folders.make('deptrust-base-');
  return { root, dispose: () => folders.remove(root) };
}

async function snapshotCommit(projectDir: string, revision: string, folders: TemporaryFolders): Promise<BaseSnapshot> {
  const project = realpathSync(path.resolve(projectDir));
  const topLevel = realpathSync(await gitTopLevel(project));
  const commit = await resolveCommit(topLevel, revision);
  const prefix = path.relative(topLevel, project).split(path.sep).join('/');
  const listed = (await listTree(topLevel, commit, prefix)).filter((file) => file.size <= MAX_FILE_BYTES && !file.path.split('/').includes('node_modules'));
  const manifests = listed.filter((file) => MANIFESTS.test(file.path));
  const code = listed.filter((file) => CODE.test(file.path));
  const codeBytes = code.reduce((sum, file) => sum + file.size, 0);
  const warnings: Warning[] = [];
  if (codeBytes > MAX_CODE_BYTES) {
    warnings.push({ code: 'base-code-too-large', mebibytes: Math.round(codeBytes / 1024 / 1024) });
  }
  const files = codeBytes > MAX_CODE_BYTES ? manifests : [...manifests, ...code];
  const contents = await readBlobs(topLevel, [...new Set(files.map((f) => f.blob))]);
  const { root, dispose } = temporaryFolder(folders);
  try {
    for (const file of files) {
      const content = contents.get(file.blob);
      if (content === undefined) continue;
      const target = path.join(root, ...file.path.split('/'));
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
    const dir = path.join(root, ...(prefix ? prefix.split('/') : []));
    mkdirSync(dir, { recursive: true });
    return {
      dir,
      label: `${revision} (${commit.slice(0, 7)})`,
      hasLockfile: LOCKFILES.some((f) => existsSync(path.join(dir, f))),
      ...(codeBytes > MAX_CODE_BYTES ? { sourceDir: project } : {}),
      warnings,
      dispose,
    };
  } catch (error) {
    dispose();
    throw error;
  }
}

/**
 * A lockfile as the base. v2 and v3 lockfiles record the root's and each
 * workspace's declarations (`packages[""]`, `packages["<folder>"]`), so
 * their package.json files are rebuilt from it; a v1 lockfile does not, and
 * is read with the change's package.json.
 */
function snapshotLockfile(projectDir: string, file: string, label: string, folders: TemporaryFolders): BaseSnapshot {
  const kind = lockfileKindOf(file);
  // Anything not recognisably another manager's is judged as npm's (and named if it is not JSON).
  if (kind !== undefined && MANAGER_OF_LOCKFILE[kind] !== 'npm') return snapshotOtherLockfile(projectDir, file, label, kind, folders);
  const text = readProjectFile(file, label);
  const lockfile = parseJsonText(text, label);
  checkLockfile(lockfile, label);
  const { root, dispose } = temporaryFolder(folders);
  try {
    const name = path.basename(file) === 'npm-shrinkwrap.json' ? 'npm-shrinkwrap.json' : 'package-lock.json';
    writeFileSync(path.join(root, name), text);
    const packages = isRecord(lockfile) && isRecord(lockfile['packages']) ? lockfile['packages'] : undefined;
    const rootEntry = packages && isRecord(packages['']) ? packages[''] : undefined;
    if (packages && rootEntry) {
      for (const [location, entry] of Object.entries(packages)) {
        if (!isRecord(entry) || entry['link'] === true || location.split('/').includes('node_modules')) continue;
        const folder = path.join(root, location);
        // Only folders inside the project: a lockfile is untrusted input.
        if (path.relative(root, folder).startsWith('..') || path.isAbsolute(location)) continue;
        mkdirSync(folder, { recursive: true });
        writeFileSync(path.join(folder, 'package.json'), `${JSON.stringify(manifestFrom(entry), null, 2)}\n`);
      }
    } else {
      const manifest = path.join(path.resolve(projectDir), 'package.json');
      if (existsSync(manifest)) writeFileSync(path.join(root, 'package.json'), readFileSync(manifest));
    }
    return { dir: root, label, hasLockfile: true, sourceDir: path.resolve(projectDir), warnings: [], dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}

/** The package.json fields npm copies into a lockfile's folder entries. */
function manifestFrom(entry: Record<string, unknown>): Record<string, unknown> {
  const manifest: Record<string, unknown> = {};
  for (const key of ['name', 'version', 'license', 'workspaces', 'dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies', 'peerDependenciesMeta', 'bin', 'engines']) {
    if (entry[key] !== undefined) manifest[key] = entry[key];
  }
  return manifest;
}

/**
 * A pnpm, yarn or bun lockfile as the base: copied under its own name beside
 * the change's package.json files (and pnpm-workspace.yaml), which give the
 * workspace folders' names where the lockfile does not record them. Its
 * reader checks it like any other.
 */
function snapshotOtherLockfile(projectDir: string, file: string, label: string, kind: string, folders: TemporaryFolders): BaseSnapshot {
  const { root, dispose } = temporaryFolder(folders);
  try {
    const project = path.resolve(projectDir);
    for (const relative of projectManifests(project)) {
      const target = path.join(root, relative);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, readFileSync(path.join(project, relative)));
    }
    const lockfile = path.join(root, kind);
    writeFileSync(lockfile, readFileSync(file));
    return { dir: root, label, hasLockfile: true, lockfile, sourceDir: project, warnings: [], dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}

/** The project's package.json files and pnpm-workspace.yaml (relative paths), outside node_modules and dot-folders. */
function projectManifests(project: string): string[] {
  const found: string[] = [];
  const visit = (relative: string, depth: number): void => {
    let entries;
    try {
      entries = readdirSync(path.join(project, relative), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const child = relative === '' ? entry.name : path.join(relative, entry.name);
      if (entry.isFile() && (entry.name === 'package.json' || (relative === '' && entry.name === 'pnpm-workspace.yaml'))) found.push(child);
      else if (entry.isDirectory() && depth < MANIFEST_DEPTH && entry.name !== 'node_modules' && !entry.name.startsWith('.')) visit(child, depth + 1);
    }
  };
  visit('', 0);
  return found.sort();
}
