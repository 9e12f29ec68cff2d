import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Inventory } from '../model/component.js';
import { ProjectError } from '../model/errors.js';
import { loadArboristTree } from './arborist.js';
import { buildInventory } from './build-inventory.js';
import { findProjectSource } from './find-project-source.js';
import { isRecord } from '../model/json.js';
import { checkLockfile } from './lockfile-guard.js';
import { parseJsonFile } from './parse-json-file.js';
import { checkSymlinkLoops } from './symlink-loops.js';

export interface LoadInventoryOptions {
  /** How many paths to keep per component; all are counted. */
  pathSampleCap?: number;
}

/** Resolves a project's full dependency tree: from the lockfile when there is one, else node_modules. */
export async function loadInventory(projectDir: string, options: LoadInventoryOptions = {}): Promise<Inventory> {
  const root = path.resolve(projectDir);
  const sourceFile = findProjectSource(root);
  const packageJson = path.join(root, 'package.json');
  if (existsSync(packageJson)) {
    const manifest = parseJsonFile(packageJson, path.join(projectDir, 'package.json'));
    if (!isRecord(manifest)) throw new ProjectError(`${path.join(projectDir, 'package.json')} is not a JSON object`);
  }
  let lockfileVersion: number | undefined;
  if (sourceFile !== 'node_modules') {
    const label = path.join(projectDir, sourceFile);
    lockfileVersion = checkLockfile(parseJsonFile(path.join(root, sourceFile), label), label);
  }
  if (sourceFile === 'node_modules') checkSymlinkLoops(root, projectDir);
  let tree;
  try {
    tree = await loadArboristTree(root, sourceFile === 'node_modules' ? 'actual' : 'virtual');
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ProjectError(`cannot load the dependency tree of ${projectDir}: ${message}`, { cause: error });
  }
  const buildOptions = { root, sourceFile, pathSampleCap: options.pathSampleCap ?? 10 };
  const inventory = buildInventory(tree, lockfileVersion === undefined ? buildOptions : { ...buildOptions, lockfileVersion });
  if (sourceFile !== 'node_modules' && !existsSync(packageJson)) {
    // The lockfile is then read alone: nothing says whether it still matches what the project declares.
    inventory.warnings.push(`no package.json beside ${path.join(projectDir, sourceFile)}: the lockfile is read alone, unchecked against the project's declared dependencies`);
    inventory.warnings.sort();
  }
  return inventory;
}
