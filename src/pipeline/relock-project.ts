import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { makeTemporaryFolder, removeTemporaryFolder } from '../net/temporary-folders.js';
import { writeFileAtomic, type Killable } from './project-snapshot.js';
import { runManager, type ManagerCommand } from './relock.js';
import type { RelockRecipe } from './relock-managers.js';

/** The configuration files a scratch relock takes along: the registry, scopes and authentication the project's yarn would use. */
const SCRATCH_CONFIG = ['.yarnrc', '.npmrc'];

export interface RelockRun {
  ok: boolean;
  /** The commands run, as a user would type them. */
  commands: string[];
  /** The failed command and the manager's error line. */
  display?: string;
  error?: string;
}

/**
 * One relock of an edited project with its own manager: the refreshed
 * packages' lockfile entries removed first where the manager needs it, then
 * its lockfile-only commands, in order, stopping at the first that fails.
 * yarn classic, which has no lockfile-only mode and writes node_modules in
 * every workspace that needs its own copy, relocks a scratch copy of the
 * package.json files, yarn.lock and the yarn and npm configuration (in the
 * same folder layout), and only yarn.lock comes back: the project's
 * node_modules is never touched.
 */
export async function relock(
  recipe: RelockRecipe,
  command: ManagerCommand,
  options: { root: string; workspaces: readonly string[]; update: readonly string[]; env: Readonly<Record<string, string | undefined>>; track: (child: Killable) => () => void },
): Promise<RelockRun> {
  const scratch = recipe.scratch ? scratchCopy(options.root, options.workspaces) : undefined;
  const cwd = scratch ?? options.root;
  try {
    if (options.update.length > 0) recipe.refreshLockfile?.(cwd, options.update);
    const env = { ...options.env, ...recipe.env };
    const commands: string[] = [];
    for (const args of recipe.commands(options.update)) {
      const run = await runManager(command, args, { cwd, env, track: options.track, name: recipe.name });
      commands.push(scratch === undefined ? run.display : `${run.display} (in a scratch copy of the package.json files and yarn.lock)`);
      if (!run.ok) return { ok: false, commands, display: run.display, ...(run.error === undefined ? {} : { error: run.error }) };
    }
    if (scratch !== undefined) writeFileAtomic(path.join(options.root, 'yarn.lock'), readFileSync(path.join(scratch, 'yarn.lock')));
    return { ok: true, commands };
  } finally {
    if (scratch !== undefined) removeTemporaryFolder(scratch);
  }
}

/** A temporary folder holding the root's and the workspaces' package.json files, yarn.lock and the configuration files, at their places. */
function scratchCopy(root: string, workspaces: readonly string[]): string {
  const scratch = makeTemporaryFolder('deptrust-relock-');
  const files = ['package.json', 'yarn.lock', ...SCRATCH_CONFIG, ...workspaces.map((w) => path.join(w, 'package.json'))];
  for (const file of files) {
    const from = path.join(root, file);
    if (!existsSync(from)) continue;
    mkdirSync(path.dirname(path.join(scratch, file)), { recursive: true });
    copyFileSync(from, path.join(scratch, file));
  }
  return scratch;
}
