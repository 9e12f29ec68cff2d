import type { Component } from '../model/component.js';
import { PUBLIC_NPM_REGISTRY_HOSTS } from '../model/public-registry.js';
import { registryFor, type RegistryOptions } from './npm-config.js';

/**
 * The registry each package's metadata must come from when its lockfile
 * entries were resolved from another registry than npm's configuration names
 * for it (a lockfile written against a company registry, scanned where
 * .npmrc names the public one). Asked of the configured registry, a package
 * of the same name there (a public namesake, the very shape of dependency
 * confusion) would lend the component its deprecation, age and licence.
 *
 * The registry is the tarball URL's prefix before `/<name>/-/` (npm's
 * layout, under a path too: Artifactory's `…/api/npm/npm/`). Only when every
 * registry entry of the name was resolved from that one registry; the public
 * registry's own hosts are not another registry (npm and yarn replace them
 * with the configured one when installing).
 */
export function resolvedRegistries(components: readonly Component[], npm: RegistryOptions): Map<string, string> {
  const byName = new Map<string, Set<string | undefined>>();
  for (const component of components) {
    if (component.source.kind !== 'registry') continue;
    const registries = byName.get(component.name) ?? new Set<string | undefined>();
    registries.add(registryOfTarball(component.name, component.source.url));
    byName.set(component.name, registries);
  }
  const resolved = new Map<string, string>();
  for (const [name, registries] of byName) {
    const [only] = registries;
    if (registries.size !== 1 || only === undefined) continue;
    const host = hostOf(only);
    if (host === '' || PUBLIC_NPM_REGISTRY_HOSTS.has(host) || sameRegistry(only, registryFor(name, npm))) continue;
    resolved.set(name, only);
  }
  return resolved;
}

/** `https://npm.corp/api/npm/@acme/logger/-/logger-1.2.0.tgz` → `https://npm.corp/api/npm/`; undefined when the URL is not in npm's layout for `name`. */
export function registryOfTarball(name: string, url: string | undefined): string | undefined {
  if (url === undefined || !/^https?:\/\//i.test(url)) return undefined;
  for (const spelling of [name, name.replace('/', '%2f'), name.replace('/', '%2F')]) {
    const at = url.indexOf(`/${spelling}/-/`);
    if (at > url.indexOf('//') + 1) return url.slice(0, at + 1);
  }
  return undefined;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

function sameRegistry(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}
