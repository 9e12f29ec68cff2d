import type { Component } from '../model/component.js';
import type { Finding } from '../model/finding.js';
import type { RecordedFinding } from '../model/portfolio.js';

/** A finding as the portfolio keeps it: ids, severity, malware and fixed versions. */
export function toRecordedFinding(finding: Finding, component: Pick<Component, 'purl' | 'name' | 'version'>): RecordedFinding {
  return {
    purl: component.purl,
    name: component.name,
    version: component.version,
    primaryId: finding.primaryId,
    ids: finding.ids,
    severity: finding.rating.level,
    malicious: finding.malicious,
    fixedVersions: finding.fix.fixedVersions,
  };
}

/** Stable order: component, then primary id. */
export function compareRecordedFindings(a: RecordedFinding, b: RecordedFinding): number {
  return a.purl < b.purl ? -1 : a.purl > b.purl ? 1 : a.primaryId < b.primaryId ? -1 : a.primaryId > b.primaryId ? 1 : 0;
}
