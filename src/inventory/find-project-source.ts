import { existsSync, lstatSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { InventorySourceFile, PackageManager } from '../model/component.js';
import { describeFsError, ProjectError } from '../model/errors.js';
import { isRecord } from '../model/json.js';
import type { Warning } from '../model/warning.js';
import { lockfileKindOf, MANAGER_OF_LOCKFILE, type LockfileName } from './lockfile-kind.js';
import { readProjectFile } from './parse-json-file.js';

/** What a project's tree is read from. */
export interface ProjectSource {
  /** The file named in reports: a lockfile, or `node_modules`. */
  sourceFile: InventorySourceFile;
  manager: PackageManager;
  /** Absolute path of the lockfile to read; undefined when arborist reads node_modules. */
  lockfile: string | undefined;
  /** Things the choice had to overlook (a `packageManager` naming a manager whose lockfile is absent). */
  warnings: Warning[];
}

/** Lockfiles in the order they are listed in messages; within a manager, the first wins (npm: shrinkwrap; bun: the text lockfile). */
const LOCKFILES: readonly LockfileName[] = ['npm-shrinkwrap.json', 'package-lock.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lock', 'bun.lockb'];

/** The project folder exists and is a folder (ProjectError, exit 2, naming it, otherwise). */
export function checkProjectDirectory(projectDir: string): void {
  let stats;
  try {
    stats = statSync(projectDir);
  } catch (error) {
    throw new ProjectError(`cannot read project directory ${projectDir}: ${describeFsError(error)}`, { cause: error });
  }
  if (!stats.isDirectory()) throw new ProjectError(`${projectDir} is not a directory`);
}

/**
 * Which file describes the tree. With `lockfile` (the `--lockfile` flag or a
 * lockfile given as the project argument), that file. Otherwise the
 * lockfiles present decide: one manager's is read (npm-shrinkwrap.json wins
 * over package-lock.json as in npm, bun.lock over bun.lockb as in bun); when
 * several managers' are present, package.json's `packageManager` chooses, and
 * without it the choice is the user's (exit 2 naming them). Without any
 * lockfile, the installed node_modules: read by arborist for npm's layout,
 * through pnpm's own copy of its lockfile (`node_modules/.pnpm/lock.yaml`)
 * for pnpm's, never as folders.
 */
export function findProjectSource(projectDir: string, options: { lockfile?: string } = {}): ProjectSource {
  checkProjectDirectory(projectDir);
  if (options.lockfile !== undefined) return chosenLockfile(projectDir, options.lockfile);

  // lstat: a lockfile that is a broken symbolic link is there (and unreadable), not absent.
  const present = LOCKFILES.filter((file) => lstatSync(path.join(projectDir, file), { throwIfNoEntry: false }) !== undefined);
  const byManager = new Map<PackageManager, LockfileName>();
  for (const file of present) {
    const manager = MANAGER_OF_LOCKFILE[file];
    if (!byManager.has(manager)) byManager.set(manager, file);
  }
  const declared = declaredPackageManager(projectDir);
  const warnings: Warning[] = [];
  let file: LockfileName | undefined;
  if (byManager.size === 1) {
    file = [...byManager.values()][0];
    const manager = file === undefined ? undefined : MANAGER_OF_LOCKFILE[file];
    if (declared && file && manager && declared.name !== manager) {
      warnings.push({ code: 'package-manager-mismatch', declared: declared.text, lockfile: file });
    }
  } else if (byManager.size > 1) {
    file = declared ? byManager.get(declared.name) : undefined;
    if (file === undefined) {
      const why = declared ? `package.json's "packageManager" (${declared.text}) matches none of them` : 'package.json names no "packageManager"';
      throw new ProjectError(`several lockfiles in ${projectDir}: ${present.join(', ')}; ${why}: choose one with --lockfile <file>`);
    }
  }
  if (file !== undefined) return sourceOf(path.join(projectDir, file), file, warnings);
  return nodeModulesSource(projectDir);
}

function sourceOf(lockfile: string, kind: LockfileName, warnings: Warning[]): ProjectSource {
  if (kind === 'bun.lockb') {
    throw new ProjectError(`${lockfile} is bun's binary lockfile, which deptrust cannot read: run "bun install --save-text-lockfile" to write bun.lock`);
  }
  let stats;
  try {
    stats = statSync(lockfile);
  } catch (error) {
    throw new ProjectError(`cannot read ${lockfile}: ${describeFsError(error)}`, { cause: error });
  }
  // Before anything reads it: a FIFO would block the read for ever, a device such as /dev/zero never end.
  if (stats.isDirectory()) throw new ProjectError(`cannot read ${lockfile}: is a directory`);
  if (!stats.isFile()) throw new ProjectError(`${lockfile} is not a regular file`);
  return { sourceFile: kind, manager: MANAGER_OF_LOCKFILE[kind], lockfile, warnings };
}

/** A lockfile the user named: it must be a file in the project directory, of a kind deptrust knows. */
function chosenLockfile(projectDir: string, lockfile: string): ProjectSource {
  let stats;
  try {
    stats = statSync(lockfile);
  } catch (error) {
    throw new ProjectError(`cannot read lockfile ${lockfile}: ${describeFsError(error)}`, { cause: error });
  }
  if (!stats.isFile()) throw new ProjectError(`lockfile ${lockfile} is not a file`);
  if (realpathSync(path.dirname(path.resolve(lockfile))) !== realpathSync(projectDir)) {
    throw new ProjectError(`lockfile ${lockfile} is not in the project directory ${projectDir}`);
  }
  const kind = lockfileKindOf(lockfile);
  if (kind === undefined) {
    throw new ProjectError(`${lockfile} is not a lockfile deptrust knows (${LOCKFILES.join(', ')})`);
  }
  if (MANAGER_OF_LOCKFILE[kind] === 'npm' && path.basename(lockfile) !== kind) {
    // arborist reads npm's lockfile by its name from the project folder.
    throw new ProjectError(`${lockfile} is an npm lockfile: npm reads it only as package-lock.json or npm-shrinkwrap.json`);
  }
  if (kind === 'package-lock.json' && existsSync(path.join(projectDir, 'npm-shrinkwrap.json'))) {
    throw new ProjectError(`${projectDir} has npm-shrinkwrap.json, which npm reads instead of package-lock.json: remove it or choose it`);
  }
  return sourceOf(path.resolve(lockfile), kind, []);
}

function nodeModulesSource(projectDir: string): ProjectSource {
  const nodeModules = path.join(projectDir, 'node_modules');
  if (existsSync(nodeModules)) {
    if (existsSync(path.join(nodeModules, '.pnpm'))) {
      // pnpm's layout: symlinks into a virtual store whose folders are not packages; its lockfile is the truth.
      const currentLockfile = path.join(nodeModules, '.pnpm', 'lock.yaml');
      if (existsSync(currentLockfile)) return { sourceFile: 'node_modules', manager: 'pnpm', lockfile: currentLockfile, warnings: [] };
      throw new ProjectError(`${nodeModules} was installed by pnpm, and neither pnpm-lock.yaml nor node_modules/.pnpm/lock.yaml is there to read it by (run "pnpm install --lockfile-only")`);
    }
    if (existsSync(path.join(nodeModules, '.bun'))) {
      throw new ProjectError(`${nodeModules} was installed by bun's isolated linker, and no bun.lock is there to read it by (run "bun install --save-text-lockfile")`);
    }
    return { sourceFile: 'node_modules', manager: nodeModulesManager(nodeModules), lockfile: undefined, warnings: [] };
  }
  const manager = declaredPackageManager(projectDir)?.name ?? 'npm';
  throw new ProjectError(
    `no lockfile (package-lock.json, npm-shrinkwrap.json, pnpm-lock.yaml, yarn.lock, bun.lock) and no node_modules in ${projectDir} (run "${LOCK_COMMANDS[manager]}" first)`,
  );
}

/** How each manager writes its lockfile without installing (yarn 1 has no such mode; berry's `--mode update-lockfile` needs berry). */
const LOCK_COMMANDS: Record<PackageManager, string> = {
  npm: 'npm install --package-lock-only',
  pnpm: 'pnpm install --lockfile-only',
  yarn: 'yarn install',
  bun: 'bun install --lockfile-only',
};

/** yarn leaves a marker in the node_modules it writes (classic: .yarn-integrity; berry's node-modules linker: .yarn-state.yml); the layout is npm's. */
function nodeModulesManager(nodeModules: string): PackageManager {
  if (existsSync(path.join(nodeModules, '.yarn-integrity')) || existsSync(path.join(nodeModules, '.yarn-state.yml'))) return 'yarn';
  return 'npm';
}

/** package.json's `packageManager` (`pnpm@9.1.0+sha512.…`, corepack's field), when it names a manager deptrust knows. */
export function declaredPackageManager(projectDir: string): { name: PackageManager; text: string } | undefined {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readProjectFile(path.join(projectDir, 'package.json')));
  } catch {
    return undefined; // a missing or malformed package.json is reported by the inventory
  }
  const text = isRecord(manifest) ? manifest['packageManager'] : undefined;
  if (typeof text !== 'string') return undefined;
  const name = text.split('@')[0];
  return name === 'npm' || name === 'pnpm' || name === 'yarn' || name === 'bun' ? { name, text } : undefined;
}
