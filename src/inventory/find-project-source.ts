import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { InventorySourceFile } from '../model/component.js';
import { describeFsError, ProjectError } from '../model/errors.js';

/**
 * Which file describes the tree, in npm's order of precedence:
 * npm-shrinkwrap.json wins over package-lock.json; without either, the
 * installed node_modules (npm docs, "npm-shrinkwrap.json").
 */
export function findProjectSource(projectDir: string): InventorySourceFile {
  let stats;
  try {
    stats = statSync(projectDir);
  } catch (error) {
    throw new ProjectError(`cannot read project directory ${projectDir}: ${describeFsError(error)}`, { cause: error });
  }
  if (!stats.isDirectory()) throw new ProjectError(`${projectDir} is not a directory`);
  for (const file of ['npm-shrinkwrap.json', 'package-lock.json'] as const) {
    if (existsSync(path.join(projectDir, file))) return file;
  }
  if (existsSync(path.join(projectDir, 'node_modules'))) return 'node_modules';
  throw new ProjectError(
    `no npm-shrinkwrap.json, package-lock.json or node_modules in ${projectDir} (run "npm install --package-lock-only" first)`,
  );
}
