import type { Inventory } from './component.js';
import type { Finding, UnverifiableComponent } from './finding.js';

export type AdvisoryDataKind = 'database' | 'api' | 'sample';

/** Where the advisories of a scan came from, and how fresh they are. */
export interface AdvisoryDataInfo {
  kind: AdvisoryDataKind;
  /** A short human description (`OSV npm dump`, `OSV API at …`, `built-in sample`). */
  description: string;
  /** When the data was last updated (ISO 8601), when known. */
  updatedAt?: string;
  /** Advisories in the data set (for the API: the records fetched for this scan). */
  advisoryCount: number;
}

export interface ScanResult {
  inventory: Inventory;
  findings: Finding[];
  unverifiable: UnverifiableComponent[];
  data: AdvisoryDataInfo;
  /** Non-fatal problems (stale data, API fallback, lockfile out of sync). */
  warnings: string[];
}
