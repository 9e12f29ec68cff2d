import semver, { type SemVer } from 'semver';

const cache = new Map<string, SemVer | null>();

/**
 * Parses an npm version the way the registry and OSV's npm ecosystem use
 * them: semver 2.0 (a leading `v` or `=` tolerated, as node-semver does).
 * Returns null for anything else; callers treat that as "never matches".
 */
export function parseNpmVersion(text: string): SemVer | null {
  let parsed = cache.get(text);
  if (parsed === undefined) {
    parsed = typeof text === 'string' ? semver.parse(text.trim(), { loose: true }) : null;
    if (cache.size > 100_000) cache.clear();
    cache.set(text, parsed);
  }
  return parsed;
}

/** semver precedence: prereleases before their release, build metadata ignored (semver 2.0 §10, §11). */
export function compareVersions(a: SemVer, b: SemVer): number {
  return a.compare(b);
}
