import type { SemVer } from 'semver';
import type { OsvRange } from '../model/advisory.js';
import { compileRange, compiledRangeIncludes } from './compiled-affected.js';

/**
 * Whether `version` lies in an OSV `SEMVER` or `ECOSYSTEM` range (see
 * compiled-affected.ts for the rules). `GIT` and unknown types, and ranges
 * with an invalid event, never include anything.
 */
export function rangeIncludes(range: OsvRange, version: SemVer): boolean {
  const compiled = compileRange(range);
  return compiled !== undefined && compiledRangeIncludes(compiled, version);
}
