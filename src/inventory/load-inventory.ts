import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Inventory, InventoryProgress } from '../model/component.js';
import { ProjectError } from '../model/errors.js';
import { compareWarnings } from '../model/warning.js';
import { isRecord } from '../model/json.js';
import { loadArboristTree } from './arborist.js';
import { buildInventory } from './build-inventory.js';
import { findProjectSource, type ProjectSource } from './find-project-source.js';
import { checkLockfile } from './lockfile-guard.js';
import { checkRecordsDeclarations } from './lockfile-records.js';
import { parseProjectManifest } from './local-manifest.js';
import { parseJsonFile, readProjectFile } from './parse-json-file.js';
import type { RawTree } from './raw-tree.js';
import { checkSymlinkLoops } from './symlink-loops.js';

export interface LoadInventoryOptions {
  /** How many paths to keep per component; all are counted. */
  pathSampleCap?: number;
  /** The lockfile to read (`--lockfile`, or a lockfile given as the project argument); found in the folder otherwise. */
  lockfile?: string;
  /** Told where the reading is, as it goes (it runs without yielding: progress is drawn from inside). */
  onProgress?: InventoryProgress;
}

/** Resolves a project's full dependency tree: from its lockfile (npm, pnpm, yarn or bun) when there is one, else node_modules. */
export async function loadInventory(projectDir: string, options: LoadInventoryOptions = {}): Promise<Inventory> {
  const root = path.resolve(projectDir);
  const source = findProjectSource(root, options.lockfile === undefined ? {} : { lockfile: options.lockfile });
  const packageJson = path.join(root, 'package.json');
  const warnings = [...source.warnings];
  if (existsSync(packageJson)) parseProjectManifest(packageJson, path.join(projectDir, 'package.json'));
  const label = source.lockfile === undefined ? path.join(projectDir, 'node_modules') : path.join(projectDir, path.relative(root, source.lockfile));
  const progress: InventoryProgress = options.onProgress ?? (() => undefined);
  const { tree, lockfileVersion } = await readTree(root, source, label, projectDir, progress);
  // The readers take a workspace's declarations as they find them; what they could not read is an error here.
  for (const folder of tree.workspaces) {
    const manifest = path.join(root, folder, 'package.json');
    if (existsSync(manifest)) parseProjectManifest(manifest, path.join(projectDir, folder, 'package.json'));
  }
  const buildOptions = { root, sourceFile: source.sourceFile, pathSampleCap: options.pathSampleCap ?? 10, onProgress: progress };
  const inventory = buildInventory(tree, lockfileVersion === undefined ? buildOptions : { ...buildOptions, lockfileVersion });
  if (source.manager !== 'npm') inventory.packageManager = source.manager;
  if (source.sourceFile !== 'node_modules' && !existsSync(packageJson)) {
    // The lockfile is then read alone: nothing says whether it still matches what the project declares.
    warnings.push({ code: 'lockfile-without-manifest', lockfile: path.relative(root, source.lockfile ?? root).split(path.sep).join('/') });
  }
  if (warnings.length > 0) inventory.warnings = [...warnings, ...inventory.warnings].sort(compareWarnings);
  return inventory;
}

async function readTree(root: string, source: ProjectSource, label: string, projectDir: string, progress: InventoryProgress): Promise<{ tree: RawTree; lockfileVersion?: number | string }> {
  const lockfile = source.lockfile;
  if (lockfile !== undefined) progress('lockfile', 0, 0);
  if (lockfile !== undefined && source.manager === 'pnpm') {
    const { readPnpmLockfile } = await import('./pnpm-lockfile.js');
    return withVersion(await readPnpmLockfile(root, lockfile));
  }
  if (lockfile !== undefined && source.manager === 'bun') {
    const { readBunLockfile } = await import('./bun-lockfile.js');
    return withVersion(await readBunLockfile(root, lockfile));
  }
  if (lockfile !== undefined && source.manager === 'yarn') {
    const { readYarnLockfile } = await import('./yarn-lockfile.js');
    const tree = await readYarnLockfile(root, lockfile);
    // Which yarn wrote it decides its commands (classic's `yarn upgrade`, berry's `yarn up`).
    const version = tree.lockfileVersion ?? yarnLockfileVersion(readProjectFile(lockfile, label));
    if (version !== undefined) tree.lockfileVersion = version;
    return withVersion(tree);
  }
  if (lockfile !== undefined) {
    // Parsed once: checked, then read straight into the tree where no arborist rule calls for arborist (npm-lockfile.ts).
    const parsed = parseJsonFile(lockfile, label);
    const lockfileVersion = checkLockfile(parsed, label);
    const { readNpmLockfile } = await import('./npm-lockfile.js');
    const fastTree = isRecord(parsed) ? await readNpmLockfile(root, parsed, progress, path.basename(lockfile)) : undefined;
    const tree = fastTree ?? (await arboristTree(root, 'virtual', projectDir));
    // A lockfile missing everything the project declares is cut short (an installed node_modules missing it is a project not installed yet).
    checkRecordsDeclarations(tree, path.basename(lockfile));
    return { tree, lockfileVersion };
  }
  checkSymlinkLoops(root, projectDir);
  return { tree: await arboristTree(root, 'actual', projectDir) };
}

async function arboristTree(root: string, source: 'actual' | 'virtual', projectDir: string): Promise<RawTree> {
  try {
    return await loadArboristTree(root, source);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ProjectError(`cannot load the dependency tree of ${projectDir}: ${message}`, { cause: error });
  }
}

function withVersion(tree: RawTree): { tree: RawTree; lockfileVersion?: number | string } {
  return tree.lockfileVersion === undefined ? { tree } : { tree, lockfileVersion: tree.lockfileVersion };
}

/** yarn classic's lockfile is version 1 (`# yarn lockfile v1`); berry's says `__metadata: version: N`. */
function yarnLockfileVersion(text: string): number | undefined {
  if (/^# yarn lockfile v1/m.test(text)) return 1;
  const berry = /^__metadata:\s*\n\s+version:\s*"?(\d+)/m.exec(text);
  return berry?.[1] === undefined ? undefined : Number(berry[1]);
}
