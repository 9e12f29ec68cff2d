/**
 * Git sources in the form npm's lockfile records them, so that the same git
 * dependency gets the same source URL (and purl `vcs_url`) whichever manager
 * locked it. npm (pacote, through hosted-git-info) records a repository on
 * GitHub, GitLab or Bitbucket as `git+ssh://git@<host>/<user>/<repo>.git#<commit>`
 * and any other repository as `git+<url>#<commit>`.
 */

const HOSTED = new Set(['github.com', 'gitlab.com', 'bitbucket.org']);
const COMMIT = /^[0-9a-f]{7,64}$/i;

/** A git URL and a commit → npm's `resolved`. */
export function npmGitResolved(repositoryUrl: string, commit: string): string {
  const hosted = hostedRepository(repositoryUrl);
  if (hosted) return `git+ssh://git@${hosted.host}/${hosted.path}.git#${commit}`;
  const withoutFragment = repositoryUrl.replace(/#.*$/, '');
  const prefixed = /^git(\+[a-z]+)?:/i.test(withoutFragment) ? withoutFragment : `git+${withoutFragment}`;
  return `${prefixed}#${commit}`;
}

/**
 * A tarball URL that a hosted git service serves for one commit, as yarn
 * classic records `github:user/repo` dependencies (codeload.github.com,
 * GitLab's and Bitbucket's archive URLs) → npm's git `resolved`; else undefined.
 */
export function hostedArchiveToGit(url: string): string | undefined {
  // Most URLs are registry tarballs: skip the URL parse for them.
  if (!/^https?:\/\/(codeload\.github\.com|gitlab\.com|bitbucket\.org)\//i.test(url)) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const segments = parsed.pathname.split('/').filter(Boolean);
  if (parsed.host === 'codeload.github.com' && segments.length === 4 && segments[2] === 'tar.gz' && COMMIT.test(segments[3] ?? '')) {
    return `git+ssh://git@github.com/${segments[0]}/${segments[1]}.git#${segments[3]}`;
  }
  const ref = parsed.searchParams.get('ref');
  if (parsed.host === 'gitlab.com' && segments.slice(-2).join('/') === 'repository/archive.tar.gz' && ref && COMMIT.test(ref)) {
    return `git+ssh://git@gitlab.com/${segments.slice(0, -2).join('/')}.git#${ref}`;
  }
  const archive = /^([0-9a-f]{7,64})\.tar\.gz$/i.exec(segments[3] ?? '');
  if (parsed.host === 'bitbucket.org' && segments.length === 4 && segments[2] === 'get' && archive?.[1]) {
    return `git+ssh://git@bitbucket.org/${segments[0]}/${segments[1]}.git#${archive[1]}`;
  }
  return undefined;
}

/** `user/repo` on a hosted service from any of its URL forms (https, ssh, scp-like `git@host:user/repo`). */
function hostedRepository(url: string): { host: string; path: string } | undefined {
  const scpLike = /^(?:git\+)?(?:ssh:\/\/)?[^@/]+@([^:/]+):(?!\d+\/)(.+)$/.exec(url.replace(/#.*$/, ''));
  let host: string;
  let pathname: string;
  if (scpLike?.[1] && scpLike[2]) {
    host = scpLike[1];
    pathname = scpLike[2];
  } else {
    try {
      const parsed = new URL(url.replace(/^git\+/i, ''));
      host = parsed.host;
      pathname = parsed.pathname;
    } catch {
      return undefined;
    }
  }
  if (!HOSTED.has(host.toLowerCase())) return undefined;
  const path = pathname.replace(/^\/+/, '').replace(/\.git$/, '').replace(/\/+$/, '');
  return path.split('/').length >= 2 ? { host: host.toLowerCase(), path } : undefined;
}
