import type { OsvRecord } from '../model/advisory.js';
import type { Component } from '../model/component.js';
import type { Finding } from '../model/finding.js';
import type { AuditBaseline, PortfolioStore, ProjectAudit, RecordedComponent, RecordedFinding, RecordHeader } from '../model/portfolio.js';
import type { IgnoreRule } from '../model/policy.js';
import { matchInventory, type StoredRatings } from '../match/match-inventory.js';
import { ruleCovering, ruleInForce, violatesFailOn, type FailOn } from '../policy/evaluate-policy.js';
import { compareRecordedFindings, toRecordedFinding } from './recorded-finding.js';

export interface AuditOptions {
  /** The advisories that may concern these packages (the local database or the OSV API). */
  recordsFor(packages: ReadonlyArray<{ name: string; version: string }>): Promise<OsvRecord[]>;
  /** CVSS ratings computed when the records were imported, as the scan uses them. */
  ratingsOf?: StoredRatings;
  failOn: FailOn;
  /** When the audit runs: which ignore rules are in force. */
  now: Date;
  onProgress?: (stage: string) => void;
}

/** What a registry package (name and version) is affected by, whichever project ships it. */
export type FindingsByPackage = ReadonlyMap<string, readonly Finding[]>;

const packageKey = (name: string, version: string): string => `${name}@${version}`;

/**
 * `portfolio audit`: every project's latest recorded inventory matched again
 * (by the scan's own match stage) against the current advisories, without
 * checking anything out. A finding of a registry component depends only on
 * its name and version, so each distinct package of the portfolio is matched
 * once; then only the components of affected packages are read from the
 * store, with every baseline, in one read each for the whole portfolio.
 */
export async function auditPortfolio(store: PortfolioStore, options: AuditOptions): Promise<ProjectAudit[]> {
  options.onProgress?.('reading the portfolio');
  const headers = await store.latest();
  const packages = await store.latestPackages();
  options.onProgress?.('reading advisories');
  const records = await options.recordsFor(packages);
  options.onProgress?.('matching packages');
  const findings = matchPackages(packages, records, options.ratingsOf);
  const affected = packages.filter((pkg) => findings.has(packageKey(pkg.name, pkg.version)));
  options.onProgress?.('reading affected components');
  const components = new Map<string, RecordedComponent[]>();
  for (const { recordId, component } of affected.length > 0 ? await store.latestComponents(affected) : []) {
    const list = components.get(recordId);
    if (list) list.push(component);
    else components.set(recordId, [component]);
  }
  const baselines = await store.latestBaselines();
  const withdrawn = new Set(records.filter((record) => record.withdrawn !== undefined).flatMap((record) => [record.id, ...(record.aliases ?? [])]));
  options.onProgress?.('comparing');
  return headers.map((header) =>
    auditRecord(header, components.get(header.id) ?? [], findings, baselines.get(header.id) ?? { findings: [] }, { withdrawn, failOn: options.failOn, now: options.now }),
  );
}

/** Every distinct package matched once against the advisories (the scan's match stage): findings by `name@version`, affected packages only. */
export function matchPackages(packages: ReadonlyArray<{ name: string; version: string }>, records: readonly OsvRecord[], ratingsOf?: StoredRatings): Map<string, Finding[]> {
  const components = packages.map((pkg) => packageComponent(pkg.name, pkg.version));
  const byPackage = new Map<string, Finding[]>();
  for (const finding of matchInventory({ components, edges: [] }, records, ratingsOf).findings) {
    const list = byPackage.get(finding.componentId);
    if (list) list.push(finding);
    else byPackage.set(finding.componentId, [finding]);
  }
  return byPackage;
}

export interface AuditRules {
  /** Ids and aliases of withdrawn advisories: why a baseline finding is gone. */
  withdrawn: ReadonlySet<string>;
  failOn: FailOn;
  now: Date;
}

/**
 * One project's audit (pure): the findings of its recorded registry
 * components (those of affected packages suffice), compared with the
 * baseline. The record's ignore rules apply as in the scan's verdict: an
 * added finding a rule in force covers does not fail, and a baseline finding
 * whose rule has expired since the baseline fails again.
 */
export function auditRecord(header: RecordHeader, components: readonly RecordedComponent[], findings: FindingsByPackage, baseline: AuditBaseline, rules: AuditRules): ProjectAudit {
  const byPurl = new Map<string, RecordedFinding>();
  for (const component of components) {
    if (component.sourceKind !== 'registry') continue;
    for (const finding of findings.get(packageKey(component.name, component.version)) ?? []) {
      const recorded = toRecordedFinding(finding, component);
      byPurl.set(`${recorded.purl}\u0000${recorded.primaryId}`, recorded);
    }
  }
  const current = [...byPurl.values()].sort(compareRecordedFindings);
  const since = baseline.auditedAt ?? header.recordedAt;
  const inForceNow = header.ignore.filter((rule) => ruleInForce(rule, rules.now));
  const inForceThen = header.ignore.filter((rule) => ruleInForce(rule, new Date(since)));
  const added = current.filter((finding) => !baseline.findings.some((known) => sameFinding(known, finding)));
  const ignored: Array<{ finding: RecordedFinding; rule: IgnoreRule }> = [];
  const failing: RecordedFinding[] = [];
  for (const finding of added) {
    const rule = ruleCovering(inForceNow, finding, finding);
    if (rule) ignored.push({ finding, rule });
    else if (fails(finding, rules.failOn)) failing.push(finding);
  }
  const ignoreExpired: Array<{ finding: RecordedFinding; rule: IgnoreRule }> = [];
  for (const finding of current) {
    if (added.includes(finding)) continue;
    const then = ruleCovering(inForceThen, finding, finding);
    if (then === undefined || ruleCovering(inForceNow, finding, finding) !== undefined) continue;
    ignoreExpired.push({ finding, rule: then });
    if (fails(finding, rules.failOn)) failing.push(finding);
  }
  const resolved = baseline.findings
    .filter((known) => !current.some((finding) => sameFinding(known, finding)))
    .sort(compareRecordedFindings)
    .map((finding) => ({ finding, reason: finding.ids.every((id) => !rules.withdrawn.has(id)) ? ('not-affected' as const) : ('withdrawn' as const) }));
  return { header, since, current, added, resolved, ignored, ignoreExpired, failing: failing.sort(compareRecordedFindings) };
}

function fails(finding: RecordedFinding, failOn: FailOn): boolean {
  return violatesFailOn({ malicious: finding.malicious, rating: { level: finding.severity } }, failOn);
}

/** The same component and at least one shared id (a finding gains aliases over time; its primary id may change). */
function sameFinding(a: RecordedFinding, b: RecordedFinding): boolean {
  return a.purl === b.purl && a.ids.some((id) => b.ids.includes(id));
}

/** A registry package as the match stage reads it (id = `name@version`). */
function packageComponent(name: string, version: string): Component {
  return {
    id: packageKey(name, version),
    name,
    version,
    aliases: [],
    purl: '',
    source: { kind: 'registry' },
    flags: { dev: false, optional: false, devOptional: false, peer: false, bundled: false },
    scope: 'prod',
    direct: false,
    depth: 0,
    hasInstallScript: false,
    locations: [],
    workspaces: [],
    isWorkspace: false,
  };
}
