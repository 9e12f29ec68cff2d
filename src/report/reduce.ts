import type { Severity } from '../model/finding.js';
import type { DirectDependencyCost, ReduceReport } from '../model/reduce.js';
import { escapeJsonControls, neutralizeControls } from './control-characters.js';
import { renderFittedTable, type Column, type FitStep } from './fit-columns.js';
import { fitList, wrapText } from './fit-text.js';
import { code, escape, link } from './markdown-text.js';

export interface ReduceTableOptions {
  /** The terminal's width (80 for a file or a pipe). */
  width: number;
  wide?: boolean;
  /** Rows to print; the rest are counted. */
  maxRows?: number;
}

/** `remove request: 47 packages, 4 advisories (1 critical), 2 install scripts`: one dependency's cost in a line. */
export function costSentence(cost: DirectDependencyCost): string {
  const parts = [`${cost.exclusive.length} package${cost.exclusive.length === 1 ? '' : 's'}`];
  if (cost.advisories.length > 0) parts.push(`${cost.advisories.length} advisor${cost.advisories.length === 1 ? 'y' : 'ies'} (${severityCounts(cost.advisories.map((a) => a.severity))})`);
  if (cost.installScripts.length > 0) parts.push(`${cost.installScripts.length} install script${cost.installScripts.length === 1 ? '' : 's'}`);
  const replace = cost.replacements[0];
  const verb = replace ? `replace ${cost.name} (with ${replace.use})` : `remove ${cost.name}`;
  return `${verb}: ${parts.join(', ')}${cost.stillNeeded ? ' (other packages still need it)' : ''}`;
}

function severityCounts(levels: readonly Severity[]): string {
  const counts = new Map<Severity, number>();
  for (const level of levels) counts.set(level, (counts.get(level) ?? 0) + 1);
  return [...counts].map(([level, count]) => `${count} ${level}`).join(', ');
}

const declared = (cost: DirectDependencyCost): string => [...new Set(cost.declaredBy.map((d) => `${d.workspace ? `${d.workspace}:` : ''}${d.type}`))].join(', ');

const COLUMNS: Array<Column<DirectDependencyCost>> = [
  { header: 'Dependency', cell: (cost) => `${cost.name}@${cost.version}` },
  { header: 'Declared', cell: (cost) => declared(cost) },
  {
    header: 'Leaves with it',
    cell: (cost, width) => {
      const whole = `${cost.exclusive.length}${cost.stillNeeded ? ' (needed by others)' : ''}`;
      return whole.length <= width ? whole : `${cost.exclusive.length}${cost.stillNeeded ? ' (needed)' : ''}`;
    },
  },
  { header: 'Advisories', cell: (cost) => (cost.advisories.length ? `${cost.advisories.length} (${severityCounts(cost.advisories.map((a) => a.severity))})` : '0') },
  { header: 'Scripts', cell: (cost) => String(cost.installScripts.length) },
  { header: 'Replace with', cell: (cost, width) => fitList(cost.replacements.map((r) => r.use), width) },
];
const STEPS: FitStep[] = [
  { shrink: 'Replace with', to: 16 },
  { shrink: 'Leaves with it', to: 14 },
  { shrink: 'Declared', to: 8 },
  { shrink: 'Advisories', to: 10 },
  { shrink: 'Dependency', to: 18 },
  { drop: 'Declared' },
  { shrink: 'Replace with', to: 10 },
];

/** The table: what leaves with each direct dependency, what is inside, what could replace it; then the duplicates a dedupe folds. */
export function renderReduceTable(report: ReduceReport, options: ReduceTableOptions): string {
  const width = options.wide ? Number.POSITIVE_INFINITY : Math.max(40, options.width);
  const wrap = (text: string): string[] => (options.wide ? [text] : wrapText(text, width, '    '));
  const lines: string[] = [];
  lines.push(...wrap(`${report.totals.direct} direct dependencies, ${report.totals.components} components. What removing or replacing each would save, most first:`));
  for (const cost of report.dependencies.slice(0, 5).filter((c) => c.savings > 0)) lines.push(...wrap(`  ${costSentence(cost)}`));
  const rows = report.dependencies.slice(0, options.maxRows ?? Number.POSITIVE_INFINITY);
  if (rows.length > 0) lines.push(renderFittedTable(COLUMNS, rows, STEPS, { width, ...(options.wide ? { wide: true } : {}) }).text);
  if (rows.length < report.dependencies.length) lines.push(`… ${report.dependencies.length - rows.length} more (--max-rows, or --format json for all)`);
  lines.push(...wrap('"Leaves with it": the packages (not counting it) that leave the tree when it alone is removed; advisories and install scripts count it and them.'));
  if (report.duplicates.length > 0) {
    lines.push(...wrap(`Duplicates a dedupe would fold (${report.duplicates.length}, npm dedupe):`));
    for (const duplicate of report.duplicates) lines.push(...wrap(`  ${duplicate.name} ${duplicate.versions.join(', ')} → ${duplicate.foldTo}`));
  }
  // Package names and replacement texts come from outside: nothing in them may act on the terminal.
  return neutralizeControls(`${lines.join('\n')}\n`, { keepNewlines: true });
}

/** The report as JSON (docs/reduce.md). */
export function renderReduceJson(report: ReduceReport, tool: { name: string; version: string }): string {
  return escapeJsonControls(`${JSON.stringify({ schemaVersion: 1, tool, ...report }, null, 2)}\n`);
}

/** For a pull-request comment or an issue: the ranking and the duplicates. */
export function renderReduceMarkdown(report: ReduceReport): string {
  const lines = ['## deptrust: what each direct dependency costs', '', `${report.totals.direct} direct dependencies, ${report.totals.components} components.`, ''];
  lines.push('| Dependency | Declared | Leaves with it | Advisories | Install scripts | Replace with |', '|---|---|---:|---|---:|---|');
  for (const cost of report.dependencies) {
    const replacements = cost.replacements.map((r) => (r.url ? link(r.use, r.url) : escape(r.use))).join(', ');
    const advisories = cost.advisories.length ? `${cost.advisories.length} (${severityCounts(cost.advisories.map((a) => a.severity))})` : '0';
    lines.push(`| ${code(`${cost.name}@${cost.version}`)} | ${escape(declared(cost))} | ${cost.exclusive.length}${cost.stillNeeded ? ' (needed by others)' : ''} | ${advisories} | ${cost.installScripts.length} | ${replacements} |`);
  }
  if (report.duplicates.length > 0) {
    lines.push('', `### Duplicates a dedupe would fold (${report.duplicates.length})`, '');
    for (const d of report.duplicates) lines.push(`- ${code(d.name)} ${d.versions.map(escape).join(', ')} → ${escape(d.foldTo)}`);
  }
  return neutralizeControls(`${lines.join('\n')}\n`, { keepNewlines: true });
}
