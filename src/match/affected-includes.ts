import type { SemVer } from 'semver';
import type { OsvAffected } from '../model/advisory.js';
import { NPM_ECOSYSTEM } from '../model/advisory.js';
import { compileAffected, compiledRangeIncludes } from './compiled-affected.js';
import { compareVersions } from './npm-version.js';

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
  const compiled = compileAffected(affected);
  return compiled.versions.some((listed) => compareVersions(listed, version) === 0) || compiled.ranges.some((range) => compiledRangeIncludes(range, version));
}
