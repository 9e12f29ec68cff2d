import type { Component } from '../model/component.js';
import type { Finding } from '../model/finding.js';
import { severityRank } from '../model/finding.js';
import type { Remediation } from '../model/remediation.js';
import type { ScanResult } from '../model/scan-result.js';
import { fixLabel, scopeLabel, severityLabel } from './finding-labels.js';
import { renderFittedTable, type Column, type FitStep } from './fit-columns.js';
import { fitList, truncate, wrapText } from './fit-text.js';
import { metaVulnerabilityLabel, remediationLabel, remediationsById } from './remediation-labels.js';
import { componentsById, pathLabel } from './path-label.js';
import { ruleSummary, summaryLine } from './summary.js';
import { PLAIN_STYLE, type TerminalStyle } from './terminal-style.js';
import { managerCommands, type ManagerCommands } from './manager-commands.js';
import { neutralizeControls } from './control-characters.js';

export interface TableOptions {
  now: Date;
  /** The terminal's width in columns: no line is longer, unless `wide`. */
  width: number;
  /** Every column and every cell whole, whatever the width. */
  wide?: boolean;
  /** Rows (vulnerable packages) to print; the rest are counted. */
  maxRows?: number;
  /** The policy's verdict, which the report leads with. */
  verdict?: { passed: boolean; violations: ReadonlyArray<{ componentId: string; rule: string }>; failOn: string };
  /** Colours (a terminal only). */
  style?: TerminalStyle;
}

/** One vulnerable package version: every advisory that affects it, most severe first. */
interface PackageRow {
  component: Component;
  findings: Finding[];
  /** The component's risk score: the one number called "Risk" everywhere. */
  risk: number;
  plan: Remediation | undefined;
  /** The project's package manager's commands, for the fix column. */
  commands: ManagerCommands;
  pathCount: number;
  firstPath: string;
}

/**
 * The terminal report: the verdict, the components to act on first, then one
 * row per vulnerable package version, fitted to the terminal's width
 * (columns shrink, then the least important go: path, scope, fix), then the
 * notes and the summary, wrapped to the same width.
 */
export function renderTable(result: ScanResult, options: TableOptions): string {
  const style = options.style ?? PLAIN_STYLE;
  const width = options.wide ? Number.POSITIVE_INFINITY : Math.max(40, options.width);
  // Prose carries names, ids and labels from outside: control characters are shown escaped before wrapping.
  const wrap = (text: string, indent = '  '): string[] => (options.wide ? [neutralizeControls(text)] : wrapText(neutralizeControls(text), width, indent));
  const byId = componentsById(result.inventory);
  const rows = packageRows(result, byId);
  const lines: string[] = [];

  if (options.verdict) {
    // Wrapped as plain text, then the word coloured: escape codes take no columns.
    const { word, text } = verdictLine(options.verdict);
    const [first = '', ...rest] = wrap(`${word}  ${text}`, '      ');
    lines.push(`${options.verdict.passed ? style.pass(word) : style.fail(word)}${first.slice(word.length)}`, ...rest);
  }
  lines.push(...actFirstLines(result, byId, rows, width, style));

  if (rows.length > 0) {
    const shown = rows.slice(0, options.maxRows ?? Number.POSITIVE_INFINITY);
    lines.push(`Vulnerable packages (${rows.length}):`);
    const table = renderFittedTable(packageColumns(style), shown, FIT_STEPS, { width, ...(options.wide ? { wide: true } : {}) });
    lines.push(table.text);
    if (shown.length < rows.length) lines.push(...wrap(`… ${rows.length - shown.length} more vulnerable packages (--max-rows, or --format json for every finding)`));
    if (table.cut) lines.push(...wrap('Cut to fit the terminal: --wide shows every column whole; explain <package> shows every path and fix.'));
  } else {
    lines.push('No known advisories affect these components.');
  }
  if (result.unverifiable.length > 0) {
    const kinds = new Map<string, number>();
    for (const item of result.unverifiable) kinds.set(item.reason, (kinds.get(item.reason) ?? 0) + 1);
    const parts = [...kinds].sort(([a], [b]) => (a < b ? -1 : 1)).map(([kind, count]) => `${count} ${kind}`);
    lines.push(...wrap(`Not checked against registry advisories (not registry releases): ${parts.join(', ')}.`));
  }
  if (result.metaVulnerabilities.length > 0) {
    const names = (id: string): string => nameVersion(byId.get(id)) ?? id;
    lines.push(...wrap(`Meta-vulnerabilities: ${result.metaVulnerabilities.length} parent(s) whose declared range admits only vulnerable versions:`));
    for (const meta of result.metaVulnerabilities.slice(0, 10)) lines.push(...wrap(`  ${metaVulnerabilityLabel(meta, names)}`, '    '));
    if (result.metaVulnerabilities.length > 10) lines.push(`  … ${result.metaVulnerabilities.length - 10} more (use --format json for all)`);
  }
  const d = result.risk.distribution;
  lines.push(...wrap(`Risk distribution: ${d['80-100']} at 80-100, ${d['60-79']} at 60-79, ${d['40-59']} at 40-59, ${d['20-39']} at 20-39, ${d['0-19']} below 20.`));
  lines.push(...wrap(summaryLine(result, options.now)));
  return `${lines.join('\n')}\n`;
}

function nameVersion(component: Component | undefined): string | undefined {
  return component ? `${component.name}@${component.version}` : undefined;
}

/** Findings grouped by component; rows by risk, then severity, then name. */
function packageRows(result: ScanResult, byId: ReadonlyMap<string, Component>): PackageRow[] {
  const scores = new Map(result.scores.map((score) => [score.componentId, score.score]));
  const plans = remediationsById(result.remediations);
  const grouped = new Map<string, Finding[]>();
  for (const finding of result.findings) {
    const list = grouped.get(finding.componentId) ?? [];
    list.push(finding);
    grouped.set(finding.componentId, list);
  }
  const rows: PackageRow[] = [];
  const commands = managerCommands(result.inventory);
  for (const [componentId, findings] of grouped) {
    const component = byId.get(componentId);
    if (!component) continue;
    findings.sort((a, b) => severityRank(a.rating.level) - severityRank(b.rating.level) || (b.rating.score ?? 0) - (a.rating.score ?? 0) || (a.primaryId < b.primaryId ? -1 : a.primaryId > b.primaryId ? 1 : 0));
    const paths = result.inventory.paths.get(componentId);
    const first = paths?.sample[0];
    rows.push({
      component,
      findings,
      risk: scores.get(componentId) ?? 0,
      plan: plans.get(componentId),
      commands,
      pathCount: paths?.count ?? 0,
      firstPath: first ? pathLabel(result.inventory, first, byId) : result.inventory.project.name,
    });
  }
  const worst = (row: PackageRow): number => severityRank(row.findings[0]?.rating.level ?? 'unknown');
  const label = (row: PackageRow): string => `${row.component.name}@${row.component.version}`;
  return rows.sort((a, b) => b.risk - a.risk || worst(a) - worst(b) || (label(a) < label(b) ? -1 : label(a) > label(b) ? 1 : 0));
}

function worstFinding(row: PackageRow): Finding | undefined {
  return row.findings[0];
}

/** The fix that clears every advisory of the package (its remediation), or the most severe finding's fix. */
function packageFix(row: PackageRow): string {
  const first = worstFinding(row);
  if (row.plan) return remediationLabel(row.plan, row.component, first, row.commands);
  return first ? fixLabel(first) : '';
}

function packageColumns(style: TerminalStyle): Array<Column<PackageRow>> {
  return [
    { header: 'Risk', cell: (row) => String(row.risk) },
    { header: 'Package', cell: (row) => `${row.component.name}@${row.component.version}` },
    {
      header: 'Severity',
      // `medium 6.5`, or `medium` where the score does not fit.
      cell: (row, width) => {
        const rating = worstFinding(row)?.rating;
        if (!rating) return '';
        const label = severityLabel(rating);
        return label.length <= width ? label : severityLabel({ level: rating.level, method: rating.method });
      },
      style: (row, text) => style.severity(worstFinding(row)?.rating.level ?? 'unknown', text),
    },
    { header: 'Advisories', cell: (row, width) => fitList(row.findings.map((f) => f.primaryId), width) },
    { header: 'Fix', cell: (row) => packageFix(row) },
    { header: 'Scope', cell: (row) => scopeLabel(row.component) },
    { header: 'Paths', cell: (row) => String(row.pathCount) },
    { header: 'First path', cell: (row) => row.firstPath },
  ];
}

/** Least important first: the path, the scope, the score in the severity, fix detail, the path count, then the rest. */
const FIT_STEPS: FitStep[] = [
  { shrink: 'First path', to: 24 },
  { drop: 'First path' },
  { drop: 'Scope' },
  { shrink: 'Severity', to: 8 },
  { shrink: 'Fix', to: 20 },
  { shrink: 'Advisories', to: 17 },
  { drop: 'Paths' },
  { shrink: 'Fix', to: 12 },
  { shrink: 'Package', to: 16 },
  { shrink: 'Advisories', to: 12 },
  { drop: 'Fix' },
];

/** `FAIL` `3 policy violations in 2 packages (fail-on high, malware)`, or `PASS` `no policy violations (fail-on high; …)`. */
function verdictLine(verdict: NonNullable<TableOptions['verdict']>): { word: string; text: string } {
  if (verdict.passed) return { word: 'PASS', text: `no policy violations (fail-on ${verdict.failOn}; malware always fails)` };
  const packages = new Set(verdict.violations.map((v) => v.componentId)).size;
  const count = verdict.violations.length;
  return { word: 'FAIL', text: `${count} policy violation${count === 1 ? '' : 's'} in ${packages} package${packages === 1 ? '' : 's'} (${ruleSummary(verdict.violations)})` };
}

/**
 * The five riskiest components, each with its score (the same "Risk" as the
 * table), its two biggest reasons and, when vulnerable, the fix.
 */
function actFirstLines(result: ScanResult, byId: ReadonlyMap<string, Component>, rows: readonly PackageRow[], width: number, style: TerminalStyle): string[] {
  const top = result.risk.top.slice(0, 5);
  if (top.length === 0) return [];
  const reasonsById = new Map(result.scores.map((s) => [s.componentId, s.reasons]));
  const rowById = new Map(rows.map((row) => [row.component.id, row]));
  const names = top.map(({ componentId }) => neutralizeControls(nameVersion(byId.get(componentId)) ?? componentId));
  const nameWidth = Math.min(Math.max(...names.map((name) => name.length)), 32);
  const lines = ['Act first on:'];
  top.forEach(({ componentId, score }, index) => {
    const reasons = (reasonsById.get(componentId) ?? [])
      .filter((r) => r.code !== 'exposure')
      .sort((a, b) => b.points - a.points)
      .slice(0, 2)
      .map((r) => `${r.code} +${r.points}`)
      .join(', ');
    const row = rowById.get(componentId);
    const fix = row ? `; fix: ${packageFix(row)}` : '';
    const scoreText = String(score).padStart(3);
    const head = `  ${scoreText}  ${truncate(names[index] ?? componentId, nameWidth).padEnd(nameWidth)}  `;
    const tail = neutralizeControls(`${reasons}${fix}`);
    const text = Number.isFinite(width) ? truncate(tail, Math.max(0, width - head.length)) : tail;
    // The score takes the colour of the package's worst advisory; the rest stays plain.
    const severity = row ? worstFinding(row)?.rating.level : undefined;
    lines.push(`${severity ? head.replace(scoreText, style.severity(severity, scoreText)) : head}${text}`);
  });
  return lines;
}
