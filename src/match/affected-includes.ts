import type { SemVer } from 'semver';
import type { OsvAffected } from '../model/advisory.js';
import { NPM_ECOSYSTEM } from '../model/advisory.js';
import { compareVersions, parseNpmVersion } from './npm-version.js';
import { rangeIncludes } from './range-includes.js';

/** True when the `affected` entry is about this npm package (ecosystem `npm`, exact name). */
export function affectsPackage(affected: OsvAffected, name: string): boolean {
  const pkg = affected.package;
  return pkg !== undefined && typeof pkg.ecosystem === 'string' && pkg.ecosystem.split(':')[0] === NPM_ECOSYSTEM && pkg.name === name;
}

/**
 * Whether an `affected` entry covers `version` (OSV schema: `versions` lists
 * exact affected versions; `ranges` are a union; both together are a union).
 */
export function affectedIncludes(affected: OsvAffected, version: SemVer): boolean {
  if (Array.isArray(affected.versions)) {
    for (const listed of affected.versions) {
      const parsed = typeof listed === 'string' ? parseNpmVersion(listed) : null;
      if (parsed !== null && compareVersions(parsed, version) === 0) return true;
    }
  }
  return Array.isArray(affected.ranges) && affected.ranges.some((range) => range !== null && typeof range === 'object' && rangeIncludes(range, version));
}
