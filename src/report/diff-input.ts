import type { Component } from '../model/component.js';
import type { ScanDiff } from '../model/diff.js';
import type { ScanResult } from '../model/scan-result.js';
import type { Warning } from '../model/warning.js';

/** What the diff reporters render: the comparison, both scans and the verdict on what the change introduces. */
export interface DiffReport {
  diff: ScanDiff;
  base: ScanResult;
  head: ScanResult;
  baseLabel: string;
  baseHadLockfile: boolean;
  verdict: { passed: boolean; failOn: string; policyFile: string | null; warnings: Warning[] };
}

/** `name@version` for an id of either side (the change's first). */
export function diffNamer(report: Pick<DiffReport, 'base' | 'head'>): (id: string) => string {
  const byId = new Map<string, Component>([...report.base.inventory.components, ...report.head.inventory.components].map((c) => [c.id, c]));
  return (id) => {
    const component = byId.get(id);
    return component ? `${component.name}@${component.version}` : id === '' ? 'the project' : id;
  };
}

/** `+3` / `−2` / `0`. */
export function signed(delta: number): string {
  return delta > 0 ? `+${delta}` : delta < 0 ? `−${-delta}` : '0';
}

/** `581 → 583 components (3 added, 1 removed, 2 upgraded, 0 downgraded)`. */
export function changeCountsLine(report: DiffReport): string {
  const count = (kind: string): number => report.diff.changes.filter((c) => c.kind === kind).length;
  const { base, head } = report.diff;
  return (
    `${base.counts.components} → ${head.counts.components} components (${count('added')} added, ${count('removed')} removed, ${count('upgraded')} upgraded, ` +
    `${count('downgraded')} downgraded, ${count('source-changed')} from another source); direct ${base.counts.direct} → ${head.counts.direct}, ` +
    `prod ${base.counts.prod} → ${head.counts.prod}, dev ${base.counts.dev} → ${head.counts.dev}`
  );
}

/** `total 1234 → 1290 (+56), highest 45 → 62`. */
export function riskTotalsLine(report: DiffReport): string {
  const { base, head } = report.diff;
  return `risk total ${base.totalRisk} → ${head.totalRisk} (${signed(head.totalRisk - base.totalRisk)}), highest ${base.maxRisk} → ${head.maxRisk}`;
}
