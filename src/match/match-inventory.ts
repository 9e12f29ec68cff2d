import type { OsvAffected, OsvRecord } from '../model/advisory.js';
import { dependencyGraphOf } from '../graph/dependency-graph.js';
import type { Component, Inventory } from '../model/component.js';
import { isRecord } from '../model/json.js';
import type { AdvisorySummary, Finding, SeverityRating, UnverifiableComponent } from '../model/finding.js';
import { severityRank } from '../model/finding.js';
import { affectedIncludes, affectsPackage } from './affected-includes.js';
import { fixInfo } from './fix-info.js';
import { groupByAlias } from './group-by-alias.js';
import { cweIds, isMaliciousRecord } from './malicious.js';
import { parseNpmVersion } from './npm-version.js';
import { cvssRatings, recordRating } from './severity.js';

/** A record's CVSS ratings when they were computed at import (the advisory provider's `ratingsOf`); undefined: compute them. */
export type StoredRatings = (record: OsvRecord) => readonly SeverityRating[] | undefined;

export interface MatchResult {
  findings: Finding[];
  unverifiable: UnverifiableComponent[];
}

/** Id prefixes in the order we prefer as a finding's primary id. */
const PRIMARY_PREFERENCE = ['MAL-', 'GHSA-', 'CVE-'];

/**
 * Matches every registry component against the OSV records (pure). A
 * component from git, a tarball URL, a local path or a workspace is not a
 * registry release, so registry advisories say nothing about it: it is
 * reported as unverifiable instead of matched by name and version.
 */
export function matchInventory(inventory: Pick<Inventory, 'components' | 'edges'>, records: readonly OsvRecord[], storedRatings: StoredRatings = () => undefined): MatchResult {
  const byPackage = indexByPackage(records);
  const graph = dependencyGraphOf(inventory.edges);
  const findings: Finding[] = [];
  const unverifiable: UnverifiableComponent[] = [];
  for (const component of inventory.components) {
    if (component.source.kind !== 'registry') {
      unverifiable.push({ componentId: component.id, reason: component.source.kind });
      continue;
    }
    const candidates = byPackage.get(component.name);
    if (!candidates) continue;
    const version = parseNpmVersion(component.version);
    if (version === null) continue;
    const hits: Array<{ record: OsvRecord; affected: OsvAffected[] }> = [];
    for (const record of candidates) {
      if (record.withdrawn !== undefined) continue;
      const affected = (record.affected ?? []).filter((entry) => affectsPackage(entry, component.name));
      if (affected.some((entry) => affectedIncludes(entry, version))) hits.push({ record, affected });
    }
    for (const group of groupByAlias(hits.map((hit) => hit.record))) {
      const members = group.map((index) => hits[index]).filter((hit) => hit !== undefined);
      findings.push(toFinding(component, members, storedRatings, fixInfo(version, members.flatMap((m) => m.affected), graph.incoming(component.id))));
    }
  }
  findings.sort(compareFindings(new Map(inventory.components.map((c) => [c.id, c]))));
  return { findings, unverifiable };
}

function toFinding(component: Component, members: ReadonlyArray<{ record: OsvRecord }>, storedRatings: StoredRatings, fix: Finding['fix']): Finding {
  const advisories = members.map(({ record }) => summarise(record, storedRatings)).sort((a, b) => comparePrimary(a.id, b.id));
  // The primary id is a record's own id, never an alias: an alias added to a
  // record later (a CVE assigned after the GHSA) must not rename the finding,
  // or its SARIF rule, fingerprints and ignore rules would change with it.
  const primaryId = advisories[0]?.id ?? '';
  const ids = [primaryId, ...[...new Set(advisories.flatMap((a) => [a.id, ...a.aliases]))].filter((id) => id !== primaryId).sort(comparePrimary)];
  const worst = [...advisories].sort((a, b) => severityRank(a.rating.level) - severityRank(b.rating.level) || (b.rating.score ?? 0) - (a.rating.score ?? 0))[0];
  return {
    componentId: component.id,
    advisoryIds: advisories.map((a) => a.id),
    ids,
    primaryId,
    summary: advisories.map((a) => a.summary).find((s): s is string => Boolean(s)) ?? primaryId,
    rating: worst?.rating ?? { level: 'unknown', method: 'none' },
    malicious: advisories.some((a) => a.malicious),
    advisories,
    fix,
  };
}

function summarise(record: OsvRecord, storedRatings: StoredRatings): AdvisorySummary {
  const malicious = isMaliciousRecord(record);
  const stored = storedRatings(record);
  const ratings = stored ? [...stored] : cvssRatings(record);
  const summary: AdvisorySummary = {
    id: record.id,
    aliases: [...(record.aliases ?? [])].sort(),
    modified: record.modified,
    rating: recordRating(record, malicious, ratings),
    ratings,
    cwes: cweIds(record),
    references: references(record),
    malicious,
  };
  if (typeof record.summary === 'string' && record.summary) summary.summary = record.summary;
  if (typeof record.details === 'string' && record.details) summary.details = record.details;
  if (typeof record.published === 'string') summary.published = record.published;
  return summary;
}

/** The record's references with a URL; `references` is not checked at import, so one of another type (a string, an object) gives none. */
function references(record: OsvRecord): AdvisorySummary['references'] {
  const listed: unknown = record.references;
  if (!Array.isArray(listed)) return [];
  // A `type` that is an object could not even be turned into a string ({"toString": 1} throws).
  const typeOf = (type: unknown): string => (typeof type === 'object' && type !== null ? 'OTHER' : String(type));
  return listed.flatMap((r: unknown) => (isRecord(r) && typeof r['url'] === 'string' ? [{ type: typeOf(r['type']), url: r['url'] }] : []));
}

function comparePrimary(a: string, b: string): number {
  const rank = (id: string): number => {
    const index = PRIMARY_PREFERENCE.findIndex((prefix) => id.startsWith(prefix));
    return index === -1 ? PRIMARY_PREFERENCE.length : index;
  };
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function indexByPackage(records: readonly OsvRecord[]): Map<string, OsvRecord[]> {
  const index = new Map<string, OsvRecord[]>();
  for (const record of records) {
    const names = new Set((record.affected ?? []).map((entry) => entry.package?.name).filter((name): name is string => typeof name === 'string'));
    for (const name of names) {
      const list = index.get(name);
      if (list) list.push(record);
      else index.set(name, [record]);
    }
  }
  return index;
}

/** Most severe first; then higher score; then by package and id, so output is stable. */
export function compareFindings(components: ReadonlyMap<string, Component>): (a: Finding, b: Finding) => number {
  return (a, b) => {
    const ca = components.get(a.componentId);
    const cb = components.get(b.componentId);
    return (
      severityRank(a.rating.level) - severityRank(b.rating.level) ||
      (b.rating.score ?? 0) - (a.rating.score ?? 0) ||
      compare(ca?.name ?? '', cb?.name ?? '') ||
      compare(ca?.version ?? '', cb?.version ?? '') ||
      compare(a.primaryId, b.primaryId)
    );
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
