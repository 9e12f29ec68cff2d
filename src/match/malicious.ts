import type { OsvRecord } from '../model/advisory.js';
import { isRecord } from '../model/json.js';

/**
 * Malicious-package advisories: OSV's `MAL-` ids (the OpenSSF malicious
 * packages feed, also as aliases), records carrying its
 * `malicious-packages-origins`, and GHSA malware advisories (CWE-506,
 * "Embedded Malicious Code").
 */
export function isMaliciousRecord(record: OsvRecord): boolean {
  if (record.id.startsWith('MAL-') || (record.aliases ?? []).some((alias) => alias.startsWith('MAL-'))) return true;
  // Only `affected` is checked at import: a `database_specific` of another type is read as absent, never a crash.
  const specific = record.database_specific;
  if (isRecord(specific) && 'malicious-packages-origins' in specific) return true;
  return cweIds(record).includes('CWE-506');
}

export function cweIds(record: OsvRecord): string[] {
  const specific = record.database_specific;
  const ids = isRecord(specific) ? specific['cwe_ids'] : undefined;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}
