import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What git says about the folder a project is in; every field is absent outside a repository. */
export interface GitContext {
  /** The project's folder relative to the repository root, '/'-separated ('' at the root). */
  folder: string;
  /** origin's URL (or the first remote's), raw: the caller strips credentials. */
  remote?: string;
  /** The checked-out branch; absent on a detached HEAD. */
  branch?: string;
  commit?: string;
}

async function git(cwd: string, args: readonly string[]): Promise<string | undefined> {
  try {
    const { stdout } = await run('git', args, { cwd, encoding: 'utf8', maxBuffer: 1024 * 1024 });
    const value = stdout.trim();
    return value === '' ? undefined : value;
  } catch {
    return undefined;
  }
}

/** Reads the repository facts of a project folder; no git, or no repository, gives an empty context. */
export async function readGitContext(projectDir: string): Promise<GitContext> {
  const dir = path.resolve(projectDir);
  const topLevel = await git(dir, ['rev-parse', '--show-toplevel']);
  if (topLevel === undefined) return { folder: '' };
  const [commit, branch, remotes] = await Promise.all([
    git(dir, ['rev-parse', '--verify', '--quiet', 'HEAD']),
    git(dir, ['symbolic-ref', '--quiet', '--short', 'HEAD']),
    git(dir, ['remote']),
  ]);
  const names = remotes?.split('\n').map((name) => name.trim()).filter(Boolean) ?? [];
  const remoteName = names.includes('origin') ? 'origin' : names.sort()[0];
  const remote = remoteName === undefined ? undefined : await git(dir, ['remote', 'get-url', '--', remoteName]);
  // realpath on both sides: a project reached through a symlink is still in the same place in its repository.
  const relative = path.relative(realpathSync(topLevel), realpathSync(dir)).split(path.sep).join('/');
  return { folder: relative, ...(remote ? { remote } : {}), ...(branch ? { branch } : {}), ...(commit ? { commit } : {}) };
}
