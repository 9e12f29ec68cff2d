import type { SemVer } from 'semver';
import type { OsvAffected, OsvEvent, OsvRange } from '../model/advisory.js';
import { compareVersions, parseNpmVersion } from './npm-version.js';

/** Range types whose events are npm versions (OSV schema, "affected[].ranges[].type"). */
const VERSION_RANGE_TYPES = new Set(['SEMVER', 'ECOSYSTEM']);
const EVENT_KINDS = ['introduced', 'fixed', 'last_affected', 'limit'] as const;

type EventKind = (typeof EVENT_KINDS)[number];
interface ParsedEvent {
  kind: EventKind;
  version: SemVer | 'zero';
}

/** A range with its events parsed and sorted once, to be tested against many versions. */
export interface CompiledRange {
  events: ParsedEvent[];
  limits: ParsedEvent[];
  /** A `limit` of "*" (infinity): no version is at or above it, so the limits exclude nothing. */
  unlimited: boolean;
}

/** An `affected` entry ready for matching: its exact versions and its usable ranges. */
export interface CompiledAffected {
  versions: SemVer[];
  ranges: CompiledRange[];
}

const cache = new WeakMap<OsvAffected, CompiledAffected>();

/**
 * Parses an `affected` entry once (cached per entry object). `GIT` and
 * unknown range types are dropped; so is a range with an event that is not a
 * valid version: guessing its meaning could invent or hide a match.
 */
export function compileAffected(affected: OsvAffected): CompiledAffected {
  let compiled = cache.get(affected);
  if (!compiled) {
    compiled = {
      versions: (Array.isArray(affected.versions) ? affected.versions : [])
        .map((v) => (typeof v === 'string' ? parseNpmVersion(v) : null))
        .filter((v): v is SemVer => v !== null),
      ranges: (Array.isArray(affected.ranges) ? affected.ranges : []).map(compileRange).filter((r): r is CompiledRange => r !== undefined),
    };
    cache.set(affected, compiled);
  }
  return compiled;
}

export function compileRange(range: OsvRange | null | undefined): CompiledRange | undefined {
  if (range === null || typeof range !== 'object' || !VERSION_RANGE_TYPES.has(range.type)) return undefined;
  const events = parseEvents(range.events);
  if (events === undefined) return undefined;
  const unlimited = range.events.some((event) => event?.limit === '*');
  return { events: events.filter((e) => e.kind !== 'limit'), limits: events.filter((e) => e.kind === 'limit'), unlimited };
}

/**
 * The OSV schema's evaluation ("Evaluation" in the spec): walking the events
 * in version order, `introduced` opens the range (inclusive), `fixed` closes
 * it (exclusive), `last_affected` closes it after that version (inclusive);
 * a version at or above every `limit` is outside.
 */
export function compiledRangeIncludes(range: CompiledRange, version: SemVer): boolean {
  let affected = false;
  for (const event of range.events) {
    const order = event.version === 'zero' ? 1 : compareVersions(version, event.version);
    if (event.kind === 'introduced' && order >= 0) affected = true;
    else if (event.kind === 'fixed' && order >= 0) affected = false;
    else if (event.kind === 'last_affected' && order > 0) affected = false;
  }
  if (!affected) return false;
  // BeforeLimits: below any one limit is enough, and every version is below "*" (the schema's infinity), even beside other limits.
  return range.unlimited || range.limits.length === 0 || range.limits.some((limit) => limit.version === 'zero' || compareVersions(version, limit.version) < 0);
}

function parseEvents(events: readonly OsvEvent[] | undefined): ParsedEvent[] | undefined {
  if (!Array.isArray(events) || events.length === 0) return undefined;
  const parsed: ParsedEvent[] = [];
  for (const event of events) {
    if (event === null || typeof event !== 'object') return undefined;
    const kinds = EVENT_KINDS.filter((kind) => typeof event[kind] === 'string');
    const kind = kinds[0];
    if (kinds.length !== 1 || kind === undefined) return undefined;
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
  // Sorted by version with "0" first; the stable sort keeps the record's order for equal versions.
  return parsed.sort((a, b) => (a.version === 'zero' ? (b.version === 'zero' ? 0 : -1) : b.version === 'zero' ? 1 : compareVersions(a.version, b.version)));
}
