import type { OsvRecord } from '../model/advisory.js';
import type { Component } from '../model/component.js';
import type { AuditBaseline, PortfolioStore, ProjectAudit, RecordedComponent, RecordedFinding } from '../model/portfolio.js';
import { matchInventory } from '../match/match-inventory.js';
import { violatesFailOn, type FailOn } from '../policy/evaluate-policy.js';
import { compareRecordedFindings, toRecordedFinding } from './recorded-finding.js';

export interface AuditOptions {
  /** The advisories that may concern these packages (the local database or the OSV API). */
  recordsFor(packages: ReadonlyArray<{ name: string; version: string }>): Promise<OsvRecord[]>;
  failOn: FailOn;
  /** Projects read from the store at once. */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * `portfolio audit`: every project's latest recorded inventory matched again
 * (by the scan's own match stage) against the current advisories, without
 * checking anything out. Advisories are fetched once for the whole portfolio;
 * each project's components are read, matched and dropped in turn, so memory
 * stays that of one project.
 */
export async function auditPortfolio(store: PortfolioStore, options: AuditOptions): Promise<ProjectAudit[]> {
  const headers = await store.latest();
  const records = await options.recordsFor(await store.latestPackages());
  const byName = indexByName(records);
  const withdrawn = new Set(records.filter((record) => record.withdrawn !== undefined).flatMap((record) => [record.id, ...(record.aliases ?? [])]));
  const audits: ProjectAudit[] = new Array<ProjectAudit>(headers.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < headers.length) {
      const index = next++;
      const header = headers[index];
      if (!header) continue;
      audits[index] = auditBaseline(await store.baseline(header), byName, withdrawn, options.failOn);
      options.onProgress?.(++done, headers.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  return audits;
}

/** One project's audit (pure): its components matched against the records that name them, compared with the baseline. */
export function auditBaseline(baseline: AuditBaseline, byName: ReadonlyMap<string, readonly OsvRecord[]>, withdrawn: ReadonlySet<string>, failOn: FailOn): ProjectAudit {
  const components = baseline.components.map(toComponent);
  const relevant = new Set<OsvRecord>();
  for (const component of components) for (const record of byName.get(component.name) ?? []) relevant.add(record);
  const { findings } = matchInventory({ components, edges: [] }, [...relevant]);
  const byPurl = new Map(components.map((component) => [component.id, component]));
  const current = findings
    .flatMap((finding) => {
      const component = byPurl.get(finding.componentId);
      return component ? [toRecordedFinding(finding, component)] : [];
    })
    .sort(compareRecordedFindings);
  const added = current.filter((finding) => !baseline.findings.some((known) => sameFinding(known, finding)));
  const resolved = baseline.findings
    .filter((known) => !current.some((finding) => sameFinding(known, finding)))
    .sort(compareRecordedFindings)
    .map((finding) => ({ finding, reason: finding.ids.every((id) => !withdrawn.has(id)) ? ('not-affected' as const) : ('withdrawn' as const) }));
  return {
    header: baseline.header,
    since: baseline.auditedAt ?? baseline.header.recordedAt,
    current,
    added,
    resolved,
    failing: added.filter((finding) => violatesFailOn({ malicious: finding.malicious, rating: { level: finding.severity } }, failOn)),
  };
}

/** The same component and at least one shared id (a finding gains aliases over time; its primary id may change). */
function sameFinding(a: RecordedFinding, b: RecordedFinding): boolean {
  return a.purl === b.purl && a.ids.some((id) => b.ids.includes(id));
}

function indexByName(records: readonly OsvRecord[]): Map<string, OsvRecord[]> {
  const byName = new Map<string, OsvRecord[]>();
  for (const record of records) {
    for (const name of new Set((record.affected ?? []).flatMap((affected) => (affected.package ? [affected.package.name] : [])))) {
      const list = byName.get(name);
      if (list) list.push(record);
      else byName.set(name, [record]);
    }
  }
  return byName;
}

/** A recorded component as the match stage reads it (id = purl, as in the scan). */
function toComponent(recorded: RecordedComponent): Component {
  return {
    id: recorded.purl,
    name: recorded.name,
    version: recorded.version,
    aliases: [],
    purl: recorded.purl,
    source: { kind: recorded.sourceKind },
    ...(recorded.license !== undefined ? { license: recorded.license } : {}),
    flags: {
      dev: recorded.scope === 'dev',
      optional: recorded.scope === 'optional',
      devOptional: recorded.scope === 'devOptional',
      peer: false,
      bundled: false,
    },
    scope: recorded.scope,
    direct: recorded.direct,
    depth: recorded.depth,
    hasInstallScript: false,
    locations: [],
    workspaces: [],
    isWorkspace: recorded.sourceKind === 'workspace',
  };
}
