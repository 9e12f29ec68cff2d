/**
 * The tarball URL of a registry package in npm's registry layout,
 * `<registry>/<name>/-/<basename>-<version>.tgz` (the scope stays in the
 * path, not in the file name): what npm records as `resolved`, and what
 * yarn berry's and pnpm's fetchers ask for when their lockfiles record only
 * the name and version.
 */
export function registryTarball(registry: string, name: string, version: string): string {
  const basename = name.startsWith('@') ? name.slice(name.indexOf('/') + 1) : name;
  return `${registry.replace(/\/+$/, '')}/${name}/-/${basename}-${version}.tgz`;
}

/** Hosts whose archive URLs are git commits, even when their path looks like the registry's. */
const GIT_HOSTS = /^https?:\/\/(?:[^/]*\.)?(?:github\.com|gitlab\.com|bitbucket\.org|git\.sr\.ht)\//i;

/** Whether a URL is a tarball in npm's registry layout (`…/<name>/-/<file>.tgz`): what npm records as `resolved` for a registry package. */
export function isRegistryTarballUrl(url: string): boolean {
  // The registry may be served under a path (`https://repo.corp/artifactory/api/npm/npm/`): the layout is what follows it.
  return /^https?:\/\/[^/]+(?:\/[^/]+)+\/-\/[^/]+\.tgz$/i.test(url) && !GIT_HOSTS.test(url);
}
