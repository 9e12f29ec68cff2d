import { PackageURL } from 'packageurl-js';
import type { ComponentSource } from '../model/component.js';
import { PUBLIC_NPM_REGISTRY_HOSTS } from '../model/public-registry.js';


/**
 * The package URL of an npm component (purl-spec, "npm" type): the scope is
 * the namespace, and non-registry sources carry a `vcs_url` (git) or
 * `download_url` (tarballs) qualifier; a registry other than the public npm
 * registry (registry.npmjs.org, or yarn's registry.yarnpkg.com) a `repository_url`.
 */
export function npmPurl(name: string, version: string, source: ComponentSource): string {
  const slash = name.startsWith('@') ? name.indexOf('/') : -1;
  const namespace = slash > 0 ? name.slice(0, slash) : undefined;
  const bareName = slash > 0 ? name.slice(slash + 1) : name;
  const qualifiers: Record<string, string> = {};
  if (source.url !== undefined) {
    if (source.kind === 'git') qualifiers['vcs_url'] = vcsUrl(source.url);
    if (source.kind === 'tarball') qualifiers['download_url'] = source.url;
    if (source.kind === 'registry' && source.host !== undefined && !PUBLIC_NPM_REGISTRY_HOSTS.has(source.host)) {
      qualifiers['repository_url'] = registryBase(source.url);
    }
  }
  const purl = new PackageURL('npm', namespace, bareName, version || undefined, Object.keys(qualifiers).length ? qualifiers : undefined, undefined);
  return purl.toString();
}

function registryBase(tarballUrl: string): string {
  const cut = tarballUrl.indexOf('/-/');
  const withoutTarball = cut > 0 ? tarballUrl.slice(0, cut) : tarballUrl;
  // Drop the package name path (one segment, or two for a scope).
  const url = new URL(withoutTarball);
  const segments = url.pathname.split('/').filter(Boolean);
  const nameSegments = segments.at(-2)?.startsWith('@') || segments.at(-2)?.startsWith('%40') ? 2 : 1;
  url.pathname = segments.slice(0, Math.max(0, segments.length - nameSegments)).join('/');
  return url.toString().replace(/\/$/, '');
}

/**
 * purl-spec's `vcs_url` follows SPDX's downloadLocation form,
 * `<vcs_tool>+<transport>://<host>/<path>@<revision>`, where npm writes the
 * commit after `#`.
 */
function vcsUrl(gitUrl: string): string {
  const hash = gitUrl.lastIndexOf('#');
  return hash > 0 ? `${gitUrl.slice(0, hash)}@${gitUrl.slice(hash + 1)}` : gitUrl;
}
