import Table from 'cli-table3';
import { neutralizeControls, terminalCells } from './control-characters.js';
import type { ScanResult } from '../model/scan-result.js';
import { firstPathLabel, fixLabel, scopeLabel, severityLabel } from './finding-labels.js';
import { metaVulnerabilityLabel, remediationsById } from './remediation-labels.js';
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
  const plans = remediationsById(result.remediations);
  const lines: string[] = [];
  if (result.findings.length > 0) {
    const table = new Table({
      head: ['Risk', 'Package', 'Advisory', 'Severity', 'Fix', 'Scope', 'Path'],
      colWidths: [6, 24, 21, 12, 26, 8, 40],
      wordWrap: true,
      wrapOnWordBoundary: true,
      style: { head: [], border: [], compact: false },
    });
    const rows = result.findings.slice(0, options.maxRows ?? Number.POSITIVE_INFINITY);
    for (const finding of rows) {
      const component = byId.get(finding.componentId);
      if (!component) continue;
      const otherIds = finding.ids.filter((id) => id !== finding.primaryId);
      table.push(terminalCells([
        String(finding.risk ?? ''),
        `${component.name}@${component.version}`,
        [finding.primaryId, ...otherIds.slice(0, 1), ...(otherIds.length > 1 ? [`+${otherIds.length - 1} more`] : [])].join('\n'),
        severityLabel(finding.rating),
        fixLabel(finding, { plan: plans.get(component.id), component }),
        scopeLabel(component),
        firstPathLabel(result.inventory, component, byId),
      ]));
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
  if (result.metaVulnerabilities.length > 0) {
    const names = (id: string): string => { const c = byId.get(id); return c ? `${c.name}@${c.version}` : id; };
    lines.push(`Meta-vulnerabilities: ${result.metaVulnerabilities.length} parent(s) whose declared range admits only vulnerable versions:`);
    for (const meta of result.metaVulnerabilities.slice(0, 10)) lines.push(`  ${metaVulnerabilityLabel(meta, names)}`);
    if (result.metaVulnerabilities.length > 10) lines.push(`  … ${result.metaVulnerabilities.length - 10} more (use --format json for all)`);
  }
  lines.push(...riskLines(result));
  lines.push(summaryLine(result, options.now));
  // Advisory text and names come from outside: nothing in them may act on the terminal.
  return neutralizeControls(`${lines.join('\n')}\n`, { keepNewlines: true });
}

/** The components to act on first (score and the two biggest reasons) and the risk distribution. */
function riskLines(result: ScanResult): string[] {
  const byId = componentsById(result.inventory);
  const scores = new Map(result.scores.map((s) => [s.componentId, s]));
  const lines: string[] = [];
  const top = result.risk.top.slice(0, 5);
  if (top.length > 0) {
    lines.push('Act first on:');
    for (const { componentId, score } of top) {
      const component = byId.get(componentId);
      const reasons = (scores.get(componentId)?.reasons ?? [])
        .filter((r) => r.code !== 'exposure')
        .sort((a, b) => b.points - a.points)
        .slice(0, 2)
        .map((r) => `${r.code} +${r.points}`);
      lines.push(`  ${String(score).padStart(3)}  ${component ? `${component.name}@${component.version}` : componentId}  (${reasons.join(', ')})`);
    }
  }
  const d = result.risk.distribution;
  lines.push(`Risk distribution: ${d['80-100']} at 80-100, ${d['60-79']} at 60-79, ${d['40-59']} at 40-59, ${d['20-39']} at 20-39, ${d['0-19']} below 20.`);
  return lines;
}
