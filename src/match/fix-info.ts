import type { SemVer } from 'semver';
import type { OsvAffected } from '../model/advisory.js';
import type { DependencyEdge } from '../model/component.js';
import type { FixInfo } from '../model/finding.js';
import { affectedIncludes } from './affected-includes.js';
import { compareVersions, parseNpmVersion } from './npm-version.js';
import { specAdmits } from './npm-spec.js';

/**
 * The fix for one finding: the versions the matching ranges call fixed, the
 * lowest of them above the installed version that no matching entry still
 * covers, and for each parent that declares the dependency whether its
 * declared range already admits that version (then refreshing the lockfile
 * is enough).
 */
export function fixInfo(installed: SemVer, affected: readonly OsvAffected[], incoming: readonly DependencyEdge[]): FixInfo {
  const fixed = new Map<string, SemVer>();
  for (const entry of affected) {
    for (const range of entry.ranges ?? []) {
      for (const event of range.events ?? []) {
        const version = typeof event.fixed === 'string' ? parseNpmVersion(event.fixed) : null;
        if (version) fixed.set(version.version, version);
      }
    }
  }
  const ascending = [...fixed.values()].sort(compareVersions);
  const fixedIn = ascending.find((candidate) => compareVersions(candidate, installed) > 0 && !affected.some((entry) => affectedIncludes(entry, candidate)));
  const declaredBy = incoming
    .map((edge) => ({ from: edge.from, spec: edge.spec, admitsFix: fixedIn !== undefined && specAdmits(edge.spec, fixedIn) }))
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.spec < b.spec ? -1 : 1));
  const info: FixInfo = {
    fixedVersions: ascending.map((v) => v.version),
    lockfileRefreshFixes: fixedIn !== undefined && declaredBy.length > 0 && declaredBy.every((d) => d.admitsFix),
    declaredBy,
  };
  if (fixedIn) info.fixedIn = fixedIn.version;
  return info;
}
