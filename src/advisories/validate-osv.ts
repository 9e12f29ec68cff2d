import type { OsvRecord } from '../model/advisory.js';
import { NPM_ECOSYSTEM } from '../model/advisory.js';
import { isRecord } from '../model/json.js';

export type ValidationResult =
  | { kind: 'npm'; record: OsvRecord; npmNames: string[] }
  | { kind: 'other-ecosystem' }
  | { kind: 'invalid'; reason: string };

const EVENT_KEYS = ['introduced', 'fixed', 'last_affected', 'limit'] as const;

/**
 * Checks the parts of an OSV record (schema 1.6) that matching relies on and
 * says whether it concerns npm. A record that breaks the schema where it
 * matters is rejected whole: half a record could hide an affected range.
 */
export function validateOsvRecord(value: unknown): ValidationResult {
  if (!isRecord(value)) return invalid('not a JSON object');
  const { id, modified, affected, withdrawn, aliases } = value;
  if (typeof id !== 'string' || !/^[^\s/\\]{1,200}$/.test(id)) return invalid('missing or malformed "id"');
  if (typeof modified !== 'string' || Number.isNaN(Date.parse(modified))) return invalid(`${id}: missing or malformed "modified"`);
  if (withdrawn !== undefined && (typeof withdrawn !== 'string' || Number.isNaN(Date.parse(withdrawn)))) return invalid(`${id}: malformed "withdrawn"`);
  if (aliases !== undefined && !isStringArray(aliases)) return invalid(`${id}: "aliases" must be a list of strings`);
  if (affected === undefined && withdrawn === undefined) return invalid(`${id}: no "affected" entries`);
  if (affected !== undefined && !Array.isArray(affected)) return invalid(`${id}: "affected" must be a list`);
  const npmNames: string[] = [];
  for (const [index, entry] of (affected ?? []).entries()) {
    const problem = affectedProblem(entry);
    if (problem) return invalid(`${id}: affected[${index}]: ${problem}`);
    if (isRecord(entry) && isRecord(entry['package'])) {
      const { ecosystem, name } = entry['package'];
      if (typeof ecosystem === 'string' && ecosystem.split(':')[0] === NPM_ECOSYSTEM && typeof name === 'string') npmNames.push(name);
    }
  }
  if (npmNames.length === 0 && (affected?.length ?? 0) > 0) return { kind: 'other-ecosystem' };
  // Typed by the checks above; the rest of the record is kept as it came.
  return { kind: 'npm', record: value as unknown as OsvRecord, npmNames };
}

function affectedProblem(entry: unknown): string | undefined {
  if (!isRecord(entry)) return 'not an object';
  const pkg = entry['package'];
  if (pkg !== undefined && (!isRecord(pkg) || typeof pkg['ecosystem'] !== 'string' || typeof pkg['name'] !== 'string')) {
    return '"package" needs string "ecosystem" and "name"';
  }
  if (entry['versions'] !== undefined && !isStringArray(entry['versions'])) return '"versions" must be a list of strings';
  const ranges = entry['ranges'];
  if (ranges === undefined) return undefined;
  if (!Array.isArray(ranges)) return '"ranges" must be a list';
  for (const [index, range] of ranges.entries()) {
    if (!isRecord(range) || typeof range['type'] !== 'string') return `ranges[${index}] needs a string "type"`;
    const events = range['events'];
    if (!Array.isArray(events) || events.length === 0) return `ranges[${index}] needs a non-empty "events" list`;
    for (const event of events) {
      if (!isRecord(event)) return `ranges[${index}] has an event that is not an object`;
      const keys = EVENT_KEYS.filter((key) => event[key] !== undefined);
      if (keys.length !== 1 || typeof event[keys[0] ?? 'introduced'] !== 'string') {
        return `ranges[${index}] has an event without exactly one of ${EVENT_KEYS.join(', ')}`;
      }
    }
  }
  return undefined;
}

function invalid(reason: string): ValidationResult {
  return { kind: 'invalid', reason };
}


function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
