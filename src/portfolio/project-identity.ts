import type { ProjectIdentity } from '../model/portfolio.js';

/**
 * A git remote as `host/path`: scheme, user, password, port and `.git`
 * dropped, host lower-cased, so that `git@github.com:Acme/api.git` and
 * `https://token@github.com/Acme/api` are the same repository and no
 * credential is ever recorded. Undefined for a remote that is no URL at all.
 */
export function normaliseRemote(remote: string): string | undefined {
  const trimmed = remote.trim();
  if (!trimmed) return undefined;
  let host: string;
  let pathname: string;
  // scp-like syntax: [user@]host:path (no scheme, no slash before the colon).
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/\/)(.+)$/.exec(trimmed);
  if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    host = scp[1] ?? '';
    pathname = scp[2] ?? '';
  } else {
    let url: URL;
    try {
      url = new URL(trimmed.replace(/^git\+/, ''));
    } catch {
      return undefined;
    }
    if (url.protocol === 'file:') return `file${url.pathname.replace(/\.git$/, '').replace(/\/+$/, '')}`;
    host = url.hostname;
    pathname = decodeURIComponent(url.pathname);
  }
  const cleanPath = pathname.replace(/^\/+/, '').replace(/\/+$/, '').replace(/\.git$/, '');
  if (!host || !cleanPath) return undefined;
  return `${host.toLowerCase()}/${cleanPath}`;
}

export interface IdentityInput {
  /** package.json name ('' when it has none). */
  packageName: string;
  /** The project's folder name, for a project without a package.json name. */
  folderName: string;
  /** The raw remote URL of the repository (origin), if any. */
  remote?: string;
  /** The project's folder inside the repository, '/'-separated ('' at its root). */
  folder: string;
  /** `--project <name>`: the identity is this name alone. */
  override?: string;
}

/**
 * Who a recording is about. The key is the repository and folder when there is
 * a remote (two clones of a repository are one project), else the package name:
 * `--project` replaces both.
 */
export function projectIdentity(input: IdentityInput): ProjectIdentity {
  if (input.override !== undefined) return { key: input.override, name: input.override, folder: input.folder };
  const name = input.packageName || input.folderName;
  const repository = input.remote === undefined ? undefined : normaliseRemote(input.remote);
  if (repository === undefined) return { key: input.folder ? `${name} (${input.folder})` : name, name, folder: input.folder };
  return { key: input.folder ? `${repository}#${input.folder}` : repository, name, repository, folder: input.folder };
}
