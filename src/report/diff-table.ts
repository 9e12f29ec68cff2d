import type { ComponentChange } from '../model/diff.js';
import type { Finding } from '../model/finding.js';
import type { ScanResult } from '../model/scan-result.js';
import { changeCountsLine, diffNamer, riskTotalsLine, signed, type DiffReport } from './diff-input.js';
import { fixLabel, severityLabel } from './finding-labels.js';
import { componentsById } from './path-label.js';
import { remediationsById } from './remediation-labels.js';
import { ruleSummary } from './summary.js';
import { joinReportLines, neutralizeControls, SafeLines } from './control-characters.js';
import { renderFittedTable, type Column, type FitStep } from './fit-columns.js';
import { wrapText } from './fit-text.js';
import { managerCommands } from './manager-commands.js';

export interface DiffTableOptions {
  /** Change rows to print; the rest are counted. */
  maxRows?: number;
  /** The terminal's width in columns (80 when not given): no line is longer, unless `wide`. */
  width?: number;
  /** Every column and every cell whole, whatever the width. */
  wide?: boolean;
}

const CHANGE_COLUMNS: Array<Column<ComponentChange>> = [
  { header: 'Change', cell: (change) => changeLabel(change) },
  { header: 'Package', cell: (change) => change.name },
  { header: 'Before', cell: (change) => sideLabel(change.before) },
  { header: 'After', cell: (change) => sideLabel(change.after) },
  { header: 'Risk', cell: (change) => riskLabel(change) },
];
const CHANGE_STEPS: FitStep[] = [
  { shrink: 'Change', to: 10 },
  { shrink: 'Before', to: 12 },
  { shrink: 'After', to: 12 },
  { shrink: 'Package', to: 20 },
  { shrink: 'Risk', to: 8 },
];

interface FindingRow {
  finding: Finding;
  label: string;
  /** The component's risk score (the one number called Risk everywhere). */
  risk: number;
  fix: string;
}

const FINDING_COLUMNS: Array<Column<FindingRow>> = [
  { header: 'Risk', cell: (row) => String(row.risk) },
  { header: 'Package', cell: (row) => row.label },
  { header: 'Advisory', cell: (row) => row.finding.primaryId },
  { header: 'Severity', cell: (row, width) => (severityLabel(row.finding.rating).length <= width ? severityLabel(row.finding.rating) : row.finding.rating.level) },
  { header: 'Fix', cell: (row) => row.fix },
];
const FINDING_STEPS: FitStep[] = [
  { shrink: 'Fix', to: 20 },
  { shrink: 'Severity', to: 8 },
  { shrink: 'Package', to: 20 },
  { shrink: 'Advisory', to: 14 },
  { shrink: 'Fix', to: 12 },
];

/** What the change does, as plain tables: the changes, the findings it introduces, what it resolves and what was already there. */
export function renderDiffTable(report: DiffReport, options: DiffTableOptions = {}): string {
  const { diff } = report;
  const name = diffNamer(report);
  const fit = { width: options.width ?? 80, ...(options.wide ? { wide: true } : {}) };
  const lines: Array<string | SafeLines> = [`Compared with ${report.baseLabel}${report.baseHadLockfile ? '' : ' (no lockfile there: every component is new)'}:`];
  lines.push(`  ${changeCountsLine(report)}`, `  ${riskTotalsLine(report)}`, '');

  if (diff.changes.length > 0) {
    const rows = diff.changes.slice(0, options.maxRows ?? Number.POSITIVE_INFINITY);
    lines.push(new SafeLines(renderFittedTable(CHANGE_COLUMNS, rows, CHANGE_STEPS, fit).text));
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
  if (diff.findings.introduced.length) lines.push(new SafeLines(renderFittedTable(FINDING_COLUMNS, findingRows(report.head, diff.findings.introduced), FINDING_STEPS, fit).text));
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
  // Tables are fitted already; the prose lines wrap to the same width.
  // Prose carries names, ids and labels from outside: control characters are shown escaped (the tables' cells are already).
  const wrapped = options.wide ? lines : lines.flatMap((line): Array<string | SafeLines> => (line instanceof SafeLines ? [line] : wrapText(neutralizeControls(line), fit.width, '    ')));
  return `${joinReportLines(wrapped)}\n`;
}

function findingRows(result: ScanResult, findings: readonly Finding[]): FindingRow[] {
  const byId = componentsById(result.inventory);
  const plans = remediationsById(result.remediations);
  const scores = new Map(result.scores.map((score) => [score.componentId, score.score]));
  const rows: FindingRow[] = [];
  const commands = managerCommands(result.inventory);
  for (const finding of findings) {
    const component = byId.get(finding.componentId);
    if (!component) continue;
    rows.push({ finding, label: `${component.name}@${component.version}`, risk: scores.get(component.id) ?? 0, fix: fixLabel(finding, { plan: plans.get(component.id), component, commands }) });
  }
  return rows;
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
