import Table from 'cli-table3';
import type { ScanResult } from '../model/scan-result.js';
import { firstPathLabel, fixLabel, scopeLabel, severityLabel } from './finding-labels.js';
import { componentsById } from './path-label.js';
import { summaryLine } from './summary.js';

export interface TableOptions {
  now: Date;
  /** Rows to print; the rest are counted. */
  maxRows?: number;
}

/** Findings, most severe first, as a plain table (no colours) followed by a summary line. */
export function renderTable(result: ScanResult, options: TableOptions): string {
  const byId = componentsById(result.inventory);
  const lines: string[] = [];
  if (result.findings.length > 0) {
    const table = new Table({
      head: ['Package', 'Advisory', 'Severity', 'Fixed in', 'Scope', 'Path'],
      colWidths: [24, 21, 12, 28, 8, 44],
      wordWrap: true,
      wrapOnWordBoundary: true,
      style: { head: [], border: [], compact: false },
    });
    const rows = result.findings.slice(0, options.maxRows ?? Number.POSITIVE_INFINITY);
    for (const finding of rows) {
      const component = byId.get(finding.componentId);
      if (!component) continue;
      const otherIds = finding.ids.filter((id) => id !== finding.primaryId);
      table.push([
        `${component.name}@${component.version}`,
        [finding.primaryId, ...otherIds.slice(0, 1), ...(otherIds.length > 1 ? [`+${otherIds.length - 1} more`] : [])].join('\n'),
        severityLabel(finding.rating),
        fixLabel(finding),
        scopeLabel(component),
        firstPathLabel(result.inventory, component, byId),
      ]);
    }
    lines.push(table.toString());
    if (rows.length < result.findings.length) lines.push(`… ${result.findings.length - rows.length} more findings (use --format json for all)`);
  } else {
    lines.push('No known advisories affect these components.');
  }
  if (result.unverifiable.length > 0) {
    const kinds = new Map<string, number>();
    for (const item of result.unverifiable) kinds.set(item.reason, (kinds.get(item.reason) ?? 0) + 1);
    const parts = [...kinds].sort(([a], [b]) => (a < b ? -1 : 1)).map(([kind, count]) => `${count} ${kind}`);
    lines.push(`Not checked against registry advisories (not registry releases): ${parts.join(', ')}.`);
  }
  lines.push(summaryLine(result, options.now));
  return `${lines.join('\n')}\n`;
}
