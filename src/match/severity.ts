import { createRequire } from 'node:module';
import type CvssCalculator from 'ae-cvss-calculator';
import type { OsvRecord, OsvSeverity } from '../model/advisory.js';
import type { Severity, SeverityMethod, SeverityRating } from '../model/finding.js';
import { isRecord } from '../model/json.js';

// ae-cvss-calculator (CommonJS, ~180 KiB) loads on the first vector to rate:
// records rated at import never need it.
let calculator: typeof CvssCalculator | undefined;
function cvssCalculator(): typeof CvssCalculator {
  if (!calculator) {
    const loaded: typeof CvssCalculator = createRequire(import.meta.url)('ae-cvss-calculator');
    calculator = loaded;
  }
  return calculator;
}

/**
 * Every CVSS rating the record carries (record-level `severity` and each
 * `affected[].severity`), base scores computed from the vectors with
 * ae-cvss-calculator. Unparseable vectors are skipped.
 */
export function cvssRatings(record: OsvRecord): SeverityRating[] {
  return rateSeverities(severityEntries(record));
}

/** The record-level `severity` entries, then each `affected[].severity`'s. */
export function severityEntries(record: OsvRecord): OsvSeverity[] {
  // Import checks `affected`'s shape, not `severity`'s: a list of another type (an object, a string) is read as none.
  const listed = (value: unknown): OsvSeverity[] => (Array.isArray(value) ? (value as OsvSeverity[]) : []);
  return [...listed(record.severity), ...(record.affected ?? []).flatMap((a) => listed(a.severity))];
}

/** Rates severity entries (distinct vectors, unparseable ones skipped); what import stores and matching reads. */
export function rateSeverities(entries: readonly OsvSeverity[]): SeverityRating[] {
  const ratings: SeverityRating[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    if (!entry || typeof entry.score !== 'string' || seen.has(entry.score)) continue;
    seen.add(entry.score);
    const rating = rateVector(entry.type, entry.score.trim());
    if (rating) ratings.push(rating);
  }
  return ratings;
}

const METHOD_ORDER: readonly SeverityMethod[] = ['CVSSv4', 'CVSSv31', 'CVSSv3', 'CVSSv2'];

/**
 * The rating that decides a record's severity: the newest CVSS version it
 * has; else GHSA's `database_specific.severity`; else `unknown` (never blank).
 * Malicious packages are their own top category.
 */
export function recordRating(record: OsvRecord, malicious: boolean, ratings: readonly SeverityRating[] = cvssRatings(record)): SeverityRating {
  const best = [...ratings].sort((a, b) => METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method) || (b.score ?? 0) - (a.score ?? 0))[0];
  const base: SeverityRating = best ?? databaseRating(record) ?? { level: 'unknown', method: 'none' };
  return malicious ? { ...base, level: 'malware' } : base;
}

function databaseRating(record: OsvRecord): SeverityRating | undefined {
  const declared = [record.database_specific, ...(record.affected ?? []).map((a) => a.database_specific)].map((specific) => (isRecord(specific) ? specific['severity'] : undefined)).find(
    (value): value is string => typeof value === 'string',
  );
  if (!declared) return undefined;
  const level = ({ CRITICAL: 'critical', HIGH: 'high', MODERATE: 'medium', MEDIUM: 'medium', LOW: 'low' } as const)[declared.toUpperCase()];
  return level ? { level, method: 'database' } : undefined;
}

/** Vectors repeat across thousands of records: each (type, vector) is rated once per process. */
const rated = new Map<string, SeverityRating | undefined>();

function rateVector(type: string, vector: string): SeverityRating | undefined {
  const key = `${type} ${vector}`;
  if (rated.has(key)) {
    const known = rated.get(key);
    return known && { ...known };
  }
  const rating = computeRating(type, vector);
  rated.set(key, rating);
  return rating && { ...rating };
}

function computeRating(type: string, vector: string): SeverityRating | undefined {
  const { Cvss2, Cvss3P0, Cvss3P1, Cvss4P0 } = cvssCalculator();
  try {
    if (type === 'CVSS_V4' || vector.startsWith('CVSS:4.0/')) return fromScore(new Cvss4P0(vector).calculateScores().base, vector, 'CVSSv4');
    if (vector.startsWith('CVSS:3.1/')) return fromScore(new Cvss3P1(vector).calculateScores().base, vector, 'CVSSv31');
    if (vector.startsWith('CVSS:3.0/')) return fromScore(new Cvss3P0(vector).calculateScores().base, vector, 'CVSSv3');
    if (type === 'CVSS_V2' || /^\(?AV:[LAN]\/AC:[HML]\/Au:/.test(vector)) return fromScore(new Cvss2(vector.replace(/^\(|\)$/g, '')).calculateScores().base, vector, 'CVSSv2');
  } catch {
    return undefined;
  }
  return undefined;
}

function fromScore(score: number | undefined, vector: string, method: SeverityMethod): SeverityRating | undefined {
  if (score === undefined || !Number.isFinite(score)) return undefined;
  return { level: levelFor(score, method), score, vector, method };
}

/**
 * Qualitative ratings: CVSS v3.x and v4.0 (FIRST): 0.1–3.9 low, 4.0–6.9
 * medium, 7.0–8.9 high, 9.0–10 critical. CVSS v2 (NVD) has no critical:
 * 7.0–10 is high.
 */
export function levelFor(score: number, method: SeverityMethod): Severity {
  if (score >= 9 && method !== 'CVSSv2') return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'unknown';
}
