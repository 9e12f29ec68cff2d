import type { OsvRecord } from '../model/advisory.js';
import type { Severity, SeverityRating } from '../model/finding.js';
import { isMaliciousRecord } from '../match/malicious.js';
import { recordRating } from '../match/severity.js';

/** Each record's severity by id, rated as matching rates findings (stored ratings first), computed on first use. */
export function advisorySeverity(records: readonly OsvRecord[], storedRatings: (record: OsvRecord) => readonly SeverityRating[] | undefined = () => undefined): (id: string) => Severity | undefined {
  const byId = new Map(records.map((r) => [r.id, r]));
  const levels = new Map<string, Severity>();
  return (id) => {
    let level = levels.get(id);
    if (level === undefined) {
      const record = byId.get(id);
      if (!record) return undefined;
      const stored = storedRatings(record);
      level = recordRating(record, isMaliciousRecord(record), ...(stored ? [stored] : [])).level;
      levels.set(id, level);
    }
    return level;
  };
}
