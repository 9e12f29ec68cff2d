import type { OsvAffected, OsvRecord } from '../model/advisory.js';
import { affectedIncludes, affectsPackage } from './affected-includes.js';
import { parseNpmVersion } from './npm-version.js';

/** The ids of the records that affect `name@version` (empty when none, or when the version is not valid semver). */
export type VulnerabilityCheck = (name: string, version: string) => string[];

/**
 * Answers "is this other version of the package affected?" for remediation
 * and meta-vulnerabilities, with the same OSV matching as the scan (pure;
 * withdrawn records never match).
 */
export function vulnerabilityCheck(records: readonly OsvRecord[]): VulnerabilityCheck {
  const byName = new Map<string, Array<{ id: string; affected: OsvAffected[] }>>();
  for (const record of records) {
    if (record.withdrawn !== undefined) continue;
    for (const entry of record.affected ?? []) {
      const name = entry.package?.name;
      if (typeof name !== 'string' || !affectsPackage(entry, name)) continue;
      let list = byName.get(name);
      if (!list) byName.set(name, (list = []));
      const existing = list.find((item) => item.id === record.id);
      if (existing) existing.affected.push(entry);
      else list.push({ id: record.id, affected: [entry] });
    }
  }
  return (name, version) => {
    const candidates = byName.get(name);
    const parsed = candidates ? parseNpmVersion(version) : null;
    if (!candidates || !parsed) return [];
    return candidates.filter((c) => c.affected.some((entry) => affectedIncludes(entry, parsed))).map((c) => c.id);
  };
}
