import Table from 'cli-table3';
import { neutralizeControls, terminalCells } from './control-characters.js';
import type { ComponentChange } from '../model/diff.js';
import type { Finding } from '../model/finding.js';
import type { ScanResult } from '../model/scan-result.js';
import { changeCountsLine, diffNamer, riskTotalsLine, signed, type DiffReport } from './diff-input.js';
import { fixLabel, severityLabel } from './finding-labels.js';
import { componentsById } from './path-label.js';
import { remediationsById } from './remediation-labels.js';
import { ruleSummary } from './summary.js';

export interface DiffTableOptions {
  /** Change rows to print; the rest are counted. */
  maxRows?: number;
}

const STYLE = { head: [], border: [], compact: false };

/** What the change does, as plain tables: the changes, the findings it introduces, what it resolves and what was already there. */
export function renderDiffTable(report: DiffReport, options: DiffTableOptions = {}): string {
  const { diff } = report;
  const name = diffNamer(report);
  const lines: string[] = [`Compared with ${report.baseLabel}${report.baseHadLockfile ? '' : ' (no lockfile there: every component is new)'}:`];
  lines.push(`  ${changeCountsLine(report)}`, `  ${riskTotalsLine(report)}`, '');

  if (diff.changes.length > 0) {
    const table = new Table({ head: ['Change', 'Package', 'Before', 'After', 'Risk'], style: STYLE });
    const rows = diff.changes.slice(0, options.maxRows ?? Number.POSITIVE_INFINITY);
    for (const change of rows) table.push(terminalCells([changeLabel(change), change.name, sideLabel(change.before), sideLabel(change.after), riskLabel(change)]));
    lines.push(table.toString());
    if (rows.length < diff.changes.length) lines.push(`… ${diff.changes.length - rows.length} more changes (use --format json for all)`);
  } else {
    lines.push('No dependency changes.');
  }
  if (diff.newDirect.length) lines.push(`New direct dependencies: ${diff.newDirect.map(name).join(', ')}`);
  if (diff.newInstallScripts.length) lines.push(`New install scripts: ${diff.newInstallScripts.map(name).join(', ')}`);
  const sources = diff.changes.filter((c) => c.sourceChanged);
  if (sources.length) lines.push(`Sources changed: ${sources.map((c) => `${c.name} (${c.before?.source ?? '?'} → ${c.after?.source ?? '?'})`).join(', ')}`);
  if (diff.signals.introduced.length) lines.push(`New signals: ${diff.signals.introduced.map((s) => `${s.code} on ${name(s.componentId)}`).join(', ')}`);
  if (diff.signals.resolved.length) lines.push(`Resolved signals: ${diff.signals.resolved.map((s) => `${s.code} on ${name(s.componentId)}`).join(', ')}`);
  lines.push('');

  lines.push(diff.findings.introduced.length ? `Findings this change introduces (${diff.findings.introduced.length}):` : 'This change introduces no known advisories.');
  if (diff.findings.introduced.length) lines.push(findingTable(report.head, diff.findings.introduced));
  if (diff.findings.resolved.length) lines.push(`Findings this change resolves (${diff.findings.resolved.length}): ${diff.findings.resolved.map((f) => `${f.primaryId} in ${name(f.componentId)}`).join(', ')}`);
  if (diff.findings.existing.length) {
    lines.push(`Findings already on the base (${diff.findings.existing.length}, not failing this change): ${diff.findings.existing.slice(0, 5).map((f) => `${f.primaryId} in ${name(f.componentId)}`).join(', ')}${diff.findings.existing.length > 5 ? ', …' : ''}`);
  }
  const { introduced, existing } = diff.violations;
  lines.push(
    introduced.length
      ? `Policy: FAILED on ${introduced.length} violation(s) this change introduces (${ruleSummary(introduced)}); ${existing.length} already on the base are not counted.`
      : `Policy: passed for this change; ${existing.length} violation(s) already on the base are not counted.`,
  );
  // Names, labels and advisory ids come from outside: nothing in them may act on the terminal.
  return neutralizeControls(`${lines.join('\n')}\n`, { keepNewlines: true });
}

function findingTable(result: ScanResult, findings: readonly Finding[]): string {
  const byId = componentsById(result.inventory);
  const plans = remediationsById(result.remediations);
  const table = new Table({ head: ['Risk', 'Package', 'Advisory', 'Severity', 'Fix'], colWidths: [6, 26, 22, 12, 40], wordWrap: true, wrapOnWordBoundary: true, style: STYLE });
  for (const finding of findings) {
    const component = byId.get(finding.componentId);
    if (!component) continue;
    table.push(terminalCells([String(finding.risk ?? ''), `${component.name}@${component.version}`, finding.primaryId, severityLabel(finding.rating), fixLabel(finding, { plan: plans.get(component.id), component })]));
  }
  return table.toString();
}

export function changeLabel(change: ComponentChange): string {
  return change.sourceChanged && change.kind !== 'source-changed' ? `${change.kind}, source changed` : change.kind;
}

function sideLabel(side: ComponentChange['before']): string {
  if (!side) return '';
  return `${side.version}${side.source === 'registry' ? '' : ` (${side.source})`}`;
}

export function riskLabel(change: ComponentChange): string {
  const before = change.before?.risk ?? 0;
  const after = change.after?.risk ?? 0;
  return before === after ? String(after) : `${before} → ${after} (${signed(after - before)})`;
}
