/**
 * Hosts that serve the public npm registry itself: registry.npmjs.org, and
 * registry.yarnpkg.com, yarn's default, which serves the same packages (yarn
 * classic writes it into lockfiles, berry fetches from it unless configured
 * otherwise). A package from either is the same package: purl-spec's npm
 * default repository, never a foreign registry.
 */
export const PUBLIC_NPM_REGISTRY_HOSTS: ReadonlySet<string> = new Set(['registry.npmjs.org', 'registry.yarnpkg.com']);
