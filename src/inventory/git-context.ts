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

/**
 * Reads the repository facts of a project folder; no git, or no repository,
 * gives an empty context. Two git processes at once in the usual case (a
 * repository with a commit): `rev-parse` prints the top level, the commit and
 * the ref HEAD names ("HEAD" itself when detached), `remote -v` every remote
 * with its URL as `remote get-url` gives it (insteadOf applied).
 */
export async function readGitContext(projectDir: string): Promise<GitContext> {
  const dir = path.resolve(projectDir);
  const [head, remotes] = await Promise.all([git(dir, ['rev-parse', '--show-toplevel', 'HEAD', '--symbolic-full-name', 'HEAD']), git(dir, ['remote', '-v'])]);
  const [topLevel, commit, ref] = head?.split('\n') ?? [];
  const where = topLevel !== undefined && commit !== undefined ? { topLevel, commit, branch: branchOf(ref) } : await unbornHead(dir);
  if (where === undefined) return { folder: '' };
  const remote = chooseRemote(remotes);
  // realpath on both sides: a project reached through a symlink is still in the same place in its repository.
  const relative = path.relative(realpathSync(where.topLevel), realpathSync(dir)).split(path.sep).join('/');
  return { folder: relative, ...(remote ? { remote } : {}), ...(where.branch ? { branch: where.branch } : {}), ...(where.commit ? { commit: where.commit } : {}) };
}

/** The branch a full ref names; none for a detached HEAD (rev-parse prints "HEAD"). */
function branchOf(ref: string | undefined): string | undefined {
  return ref?.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
}

/** Outside a repository, undefined; in one without a commit yet (rev-parse cannot name HEAD), its top level and branch. */
async function unbornHead(dir: string): Promise<{ topLevel: string; commit?: string; branch?: string | undefined } | undefined> {
  const topLevel = await git(dir, ['rev-parse', '--show-toplevel']);
  if (topLevel === undefined) return undefined;
  return { topLevel, branch: await git(dir, ['symbolic-ref', '--quiet', '--short', 'HEAD']) };
}

/** origin's fetch URL, or else the first remote's by name, from `git remote -v` ("<name>\t<url> (fetch)"). */
function chooseRemote(listing: string | undefined): string | undefined {
  const urls = new Map<string, string>();
  for (const line of listing?.split('\n') ?? []) {
    const tab = line.indexOf('\t');
    if (tab === -1 || !line.endsWith(' (fetch)')) continue;
    urls.set(line.slice(0, tab), line.slice(tab + 1, -' (fetch)'.length));
  }
  const name = urls.has('origin') ? 'origin' : [...urls.keys()].sort()[0];
  return name === undefined ? undefined : urls.get(name);
}
