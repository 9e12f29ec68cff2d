import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { UsageError } from '../model/errors.js';
import type { Killable } from './project-snapshot.js';
import { runManager, type ManagerCommand } from './relock.js';
import type { RelockRecipe } from './relock-managers.js';

/**
 * The package manager `fix --apply` relocks with: the one given (tests, the
 * library), else the manager's name found on the PATH of the environment it
 * runs with, the way the user's own shell would find it (with corepack
 * enabled, that is corepack's shim, which runs the version package.json's
 * `packageManager` names). Never downloaded: a relock runs the tool the
 * project is developed with, or none. Its version must be able to write the
 * project's lockfile, and match the major version `packageManager` names.
 * Every refusal is one line, exit 2.
 */
export async function findManager(
  recipe: RelockRecipe,
  options: { root: string; env: Readonly<Record<string, string | undefined>>; given?: ManagerCommand | undefined; packageManager?: string | undefined; track: (child: Killable) => () => void },
): Promise<{ command: ManagerCommand; version?: string }> {
  let command = options.given;
  if (command === undefined) {
    const found = onPath(recipe.name, options.env);
    if (found === undefined) {
      throw new UsageError(
        `fix --apply relocks this ${recipe.name} project with ${recipe.name}, and no "${recipe.name}" was found on PATH: install it (or run "corepack enable" for the version package.json's "packageManager" names), or run "deptrust fix --dry-run" and its ${recipe.name} commands`,
      );
    }
    command = { command: found, args: [] };
  }
  // npm comes with Node.js and writes every lockfile version deptrust reads; the others are asked.
  if (recipe.kind === 'npm') return { command };
  const run = await runManager(command, ['--version'], { cwd: options.root, env: { ...options.env, ...recipe.env }, track: options.track, name: recipe.name });
  const version = semver.valid(run.output.trim().split(/\r?\n/).pop()?.trim() ?? '');
  if (!run.ok || version === null) {
    throw new UsageError(`fix --apply could not run "${recipe.name} --version" in ${options.root}: ${run.error ?? `it printed no version (${JSON.stringify(run.output.trim().slice(0, 80))})`}`);
  }
  const refusal = recipe.refuses(version);
  if (refusal !== undefined) throw new UsageError(`fix --apply cannot relock with ${recipe.name} ${version}: ${refusal}`);
  const declared = declaredVersion(options.packageManager, recipe.name);
  if (declared !== undefined && semver.major(declared) !== semver.major(version)) {
    throw new UsageError(`fix --apply cannot relock with ${recipe.name} ${version}: package.json's "packageManager" asks for ${recipe.name}@${declared} (run "corepack enable", or put that version first on PATH)`);
  }
  return { command, version };
}

/** `pnpm@9.15.0+sha512.…` → `9.15.0` when it names this manager. */
function declaredVersion(packageManager: string | undefined, name: string): string | undefined {
  const match = /^([^@]+)@([^+]+)/.exec(packageManager ?? '');
  return match?.[1] === name ? (semver.valid(match[2] ?? '') ?? undefined) : undefined;
}

/** The first executable file of that name in PATH's folders (on Windows, with PATHEXT's extensions). */
function onPath(name: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
  const folders = (env['PATH'] ?? env['Path'] ?? '').split(path.delimiter).filter((f) => f !== '');
  // Windows (whose PATH separator is ';') finds commands by their extensions.
  const extensions = path.delimiter === ';' ? (env['PATHEXT'] ?? '.EXE;.CMD;.BAT').split(';').map((e) => e.toLowerCase()) : [''];
  for (const folder of folders) {
    for (const extension of extensions) {
      const file = path.join(folder, `${name}${extension}`);
      try {
        if (!statSync(file).isFile()) continue;
        accessSync(file, constants.X_OK);
        return file;
      } catch {
        // not there, or not executable: the next folder
      }
    }
  }
  return undefined;
}
