import type { SemVer } from 'semver';
import type { OsvEvent, OsvRange } from '../model/advisory.js';
import { compareVersions, parseNpmVersion } from './npm-version.js';

/** Range types whose events are npm versions (OSV schema, "affected[].ranges[].type"). */
const VERSION_RANGE_TYPES = new Set(['SEMVER', 'ECOSYSTEM']);

type ParsedEvent = { kind: 'introduced' | 'fixed' | 'last_affected' | 'limit'; version: SemVer | 'zero' };

/**
 * Whether `version` lies in an OSV `SEMVER` or `ECOSYSTEM` range, following
 * the schema's evaluation ("Evaluation" in the OSV spec): events sorted by
 * version with "0" first; `introduced` opens the range (inclusive), `fixed`
 * closes it (exclusive), `last_affected` closes it after that version
 * (inclusive); and `limit` caps the range (exclusive). Other range types
 * (`GIT`) do not apply and return false. A range with an event that is not a
 * valid version returns false rather than guessing.
 */
export function rangeIncludes(range: OsvRange, version: SemVer): boolean {
  if (!VERSION_RANGE_TYPES.has(range.type)) return false;
  const events = parseEvents(range.events);
  if (events === undefined) return false;
  let affected = false;
  for (const event of events) {
    if (event.kind === 'limit') continue;
    const order = event.version === 'zero' ? 1 : compareVersions(version, event.version);
    if (event.kind === 'introduced' && order >= 0) affected = true;
    else if (event.kind === 'fixed' && order >= 0) affected = false;
    else if (event.kind === 'last_affected' && order > 0) affected = false;
  }
  if (!affected) return false;
  const limits = events.filter((event) => event.kind === 'limit');
  // "limit": versions at or above every limit are outside the range.
  return limits.length === 0 || limits.some((limit) => limit.version === 'zero' || compareVersions(version, limit.version) < 0);
}

function parseEvents(events: readonly OsvEvent[] | undefined): ParsedEvent[] | undefined {
  if (!Array.isArray(events) || events.length === 0) return undefined;
  const parsed: ParsedEvent[] = [];
  for (const event of events) {
    if (event === null || typeof event !== 'object') return undefined;
    const entries = (['introduced', 'fixed', 'last_affected', 'limit'] as const).filter((kind) => typeof event[kind] === 'string');
    const kind = entries[0];
    if (entries.length !== 1 || kind === undefined) return undefined;
    const text = event[kind] ?? '';
    if (text === '0' && kind === 'introduced') {
      parsed.push({ kind, version: 'zero' });
      continue;
    }
    if (kind === 'limit' && text === '*') continue; // "*" means no limit
    const version = parseNpmVersion(text);
    if (version === null) return undefined;
    parsed.push({ kind, version });
  }
  // Sort by version, "0" first; a stable sort keeps the record's order for equal versions.
  return parsed.sort((a, b) => (a.version === 'zero' ? (b.version === 'zero' ? 0 : -1) : b.version === 'zero' ? 1 : compareVersions(a.version, b.version)));
}
