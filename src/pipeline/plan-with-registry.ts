import type { OsvRecord } from '../model/advisory.js';
import type { Inventory } from '../model/component.js';
import type { Finding, SeverityRating } from '../model/finding.js';
import type { RegistryInfo } from '../model/packument.js';
import type { MetaVulnerability, Remediation } from '../model/remediation.js';
import { vulnerabilityCheck } from '../match/vulnerable-versions.js';
import { advisorySeverity } from '../remediation/advisory-severity.js';
import { findMetaVulnerabilities } from '../remediation/meta-vulnerabilities.js';
import { planRemediations } from '../remediation/plan-remediation.js';
import { VersionPicker } from '../remediation/version-picker.js';

export interface PlanInput {
  inventory: Pick<Inventory, 'components' | 'edges' | 'paths'>;
  findings: readonly Finding[];
  records: readonly OsvRecord[];
  ratingsOf: (record: OsvRecord) => readonly SeverityRating[] | undefined;
  overrides: unknown;
  /** The packuments (with each version's dependencies) already fetched. */
  packuments: Map<string, RegistryInfo>;
  /** Fetches more packuments, and the advisories of packages the inventory does not have; absent without registry access. */
  fetchMore?: (names: readonly string[]) => Promise<{ packuments: Map<string, RegistryInfo>; records: OsvRecord[] }>;
}

/** Passes of planning: a target's subtree may need packages no path reaches, fetched between passes. */
const PASSES = 3;
/** Packages fetched per pass at most: the subtrees of a few targets, not the registry. */
const FETCH_CAP = 400;

/**
 * Remediations whose targets are verified through their subtrees: planned,
 * then planned again once the packages the subtree walks could not judge are
 * fetched (with their advisories), until nothing new is asked for.
 */
export async function planWithRegistry(input: PlanInput): Promise<{ remediations: Remediation[]; metaVulnerabilities: MetaVulnerability[] }> {
  const packuments = new Map(input.packuments);
  const records = [...input.records];
  const asked = new Set(packuments.keys());
  for (let pass = 1; ; pass++) {
    const unknown = new Set<string>();
    const context = {
      inventory: input.inventory,
      picker: new VersionPicker((name) => {
        const info = packuments.get(name);
        return info?.status === 'found' ? info.packument : undefined;
      }),
      isVulnerable: vulnerabilityCheck(records),
      severityOf: advisorySeverity(records, input.ratingsOf),
      overrides: input.overrides,
      onUnknown: (name: string) => {
        if (!asked.has(name)) unknown.add(name);
      },
    };
    const remediations = planRemediations(input.findings, context);
    const names = [...unknown].sort().slice(0, FETCH_CAP);
    if (pass === PASSES || names.length === 0 || !input.fetchMore) return { remediations, metaVulnerabilities: findMetaVulnerabilities(input.findings, context) };
    for (const name of names) asked.add(name);
    const more = await input.fetchMore(names);
    for (const [name, info] of more.packuments) packuments.set(name, info);
    const known = new Set(records.map((r) => r.id));
    records.push(...more.records.filter((r) => !known.has(r.id)));
  }
}
