import type { OsvRecord, OsvSeverity } from '../model/advisory.js';
import { isRecord } from '../model/json.js';
import { validateOsvRecord } from './validate-osv.js';

/** What one JSON text (a record, or a list of them) turned out to hold. */
export type ParsedItem =
  | { kind: 'npm'; id: string; modified: string; json: string; npmNames: string[]; withdrawn: boolean; severities: OsvSeverity[] }
  | { kind: 'other-ecosystem' }
  | { kind: 'invalid'; reason: string };

/**
 * Parses and validates the text of one `<ID>.json` (pure, so it can run in a
 * worker thread). `undefined` text means the entry was over the size cap.
 */
export function parseRecordText(label: string, text: string | undefined, maxBytes: number): ParsedItem[] {
  if (text === undefined) return [{ kind: 'invalid', reason: `${label}: larger than ${maxBytes / 1024 / 1024} MiB` }];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return [{ kind: 'invalid', reason: `${label}: not valid JSON (${error instanceof Error ? error.message : String(error)})` }];
  }
  const many = Array.isArray(parsed);
  const items: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
  return items.map((item): ParsedItem => {
    const result = validateOsvRecord(item);
    if (result.kind === 'invalid') return { kind: 'invalid', reason: `${label}: ${result.reason}` };
    if (result.kind === 'other-ecosystem') return { kind: 'other-ecosystem' };
    const { record, npmNames } = result;
    // A file holding one record is stored as it came; items of a list are serialised again.
    return {
      kind: 'npm',
      id: record.id,
      modified: record.modified,
      json: many ? JSON.stringify(record) : text,
      npmNames,
      withdrawn: record.withdrawn !== undefined,
      severities: severityEntries(record),
    };
  });
}

/** The record's CVSS entries (its own `severity`, then each `affected[].severity`), for rating at import; malformed ones are left out. */
function severityEntries(record: OsvRecord): OsvSeverity[] {
  const entries: unknown[] = [...(Array.isArray(record.severity) ? record.severity : []), ...(record.affected ?? []).flatMap((a) => (Array.isArray(a.severity) ? a.severity : []))];
  return entries.flatMap((entry) => (isRecord(entry) && typeof entry['type'] === 'string' && typeof entry['score'] === 'string' ? [{ type: entry['type'], score: entry['score'] }] : []));
}
