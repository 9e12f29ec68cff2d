import type { Severity } from '../model/finding.js';
import type { DirectDependencyCost, ReduceReport } from '../model/reduce.js';
import type { DependencyUsage, UsageSource } from '../model/usage.js';
import { escapeJsonControls, joinReportLines, neutralizeControls, SafeLines } from './control-characters.js';
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

/**
 * One dependency's cost in a line, led by what to do: `remove request: 47
 * packages, 4 advisories (1 critical), 2 install scripts` only when nothing
 * uses it (or usage was not analysed); `replace`, `move` or `… (used, file:line)` otherwise.
 */
export function costSentence(cost: DirectDependencyCost): string {
  const parts = [`${cost.exclusive.length} package${cost.exclusive.length === 1 ? '' : 's'}`];
  if (cost.advisories.length > 0) parts.push(`${cost.advisories.length} advisor${cost.advisories.length === 1 ? 'y' : 'ies'} (${severityCounts(cost.advisories.map((a) => a.severity))})`);
  if (cost.installScripts.length > 0) parts.push(`${cost.installScripts.length} install script${cost.installScripts.length === 1 ? '' : 's'}`);
  const replace = cost.replacements[0];
  const verdicts = new Set(cost.usage.map((u) => u.verdict));
  const where = firstEvidence(cost.usage);
  let verb: string;
  if (cost.usage.length === 0 || (verdicts.size === 1 && verdicts.has('unused'))) verb = replace ? `replace ${cost.name} (with ${replace.use})` : `remove ${cost.name}`;
  else if (cost.usage.some((u) => u.misplacement === 'dev-dependency-used-at-runtime')) verb = `move ${cost.name} to dependencies (runtime use${where})`;
  else if (cost.usage.every((u) => u.misplacement === 'runtime-dependency-used-only-in-development')) verb = `move ${cost.name} to devDependencies (used only in development${where})`;
  else if (replace) verb = `replace ${cost.name} (with ${replace.use}; ${verdicts.has('unknown') ? 'use unknown' : `used${where}`})`;
  else verb = `${cost.name} (${verdicts.has('used') || verdicts.has('misplaced') ? `used${where}` : 'use unknown'})`;
  return `${verb}: ${parts.join(', ')}${cost.stillNeeded ? ' (other packages still need it)' : ''}`;
}

/** `, src/server.ts:3`: the strongest evidence of use, for a sentence. */
function firstEvidence(usage: readonly DependencyUsage[]): string {
  const evidence = usage.flatMap((u) => (u.verdict === 'used' || u.verdict === 'misplaced' ? u.evidence : []))[0];
  return evidence ? `, ${evidence.file}${evidence.line > 0 ? `:${evidence.line}` : ''}` : '';
}

/** The usage verdict in a cell: `used`, `unused`, `unknown`, `→ dev` (used only in development), `→ prod` (a devDependency used at runtime). */
export function usageCell(cost: DirectDependencyCost): string {
  if (cost.usage.length === 0) return '-';
  const labels = cost.usage.map((u) => (u.misplacement === 'dev-dependency-used-at-runtime' ? '→ prod' : u.misplacement === 'runtime-dependency-used-only-in-development' ? '→ dev' : u.verdict));
  return [...new Set(labels)].join(', ');
}

const SEARCHED_WORDS: Record<UsageSource, readonly [string, string]> = {
  code: ['code file', 'code files'],
  'package-script': ['npm script', 'npm scripts'],
  'git-hook': ['git hook', 'git hooks'],
  docker: ['container file', 'container files'],
  ci: ['CI workflow', 'CI workflows'],
  config: ['configuration', 'configurations'],
  'package-graph': ['package', 'packages'],
};

/** `9 code files, 10 npm scripts, …`: what the usage analysis read. */
export function searchedSentence(searched: Readonly<Record<UsageSource, number>>): string {
  return (Object.keys(SEARCHED_WORDS) as UsageSource[])
    .filter((source) => source !== 'package-graph' && searched[source] > 0)
    .map((source) => `${searched[source]} ${SEARCHED_WORDS[source][searched[source] === 1 ? 0 : 1]}`)
    .join(', ');
}

/** One line per declaration that calls for action (unused, misplaced) or could not be judged (unknown), with its evidence. */
export function usageFindings(report: ReduceReport): string[] {
  const lines: string[] = [];
  const searched = report.searched ? searchedSentence(report.searched) : '';
  const all = report.dependencies.flatMap((cost) => cost.usage.map((usage) => ({ usage, version: cost.version })));
  all.sort((a, b) => VERDICT_ORDER.indexOf(a.usage.verdict) - VERDICT_ORDER.indexOf(b.usage.verdict) || (a.usage.name < b.usage.name ? -1 : a.usage.name > b.usage.name ? 1 : 0));
  for (const { usage } of all) {
    const declared = `${usage.workspace ? `${usage.workspace}: ` : ''}${usage.name} (${SECTION[usage.declaredAs]})`;
    const evidence = usage.evidence[0];
    const at = evidence ? `${evidence.file}${evidence.line > 0 ? `:${evidence.line}` : ''} ${evidence.detail}` : '';
    if (usage.verdict === 'unused') lines.push(`${declared}: unused, no evidence in ${searched || 'the project'}`);
    else if (usage.misplacement === 'dev-dependency-used-at-runtime') lines.push(`${declared}: used at run time, missing from an install without dev dependencies: ${at}`);
    else if (usage.misplacement === 'runtime-dependency-used-only-in-development') lines.push(`${declared}: used only in development (move to devDependencies): ${at}`);
    else if (usage.verdict === 'unknown') lines.push(`${declared}: unknown, ${evidence ? `${evidence.kind === 'dynamic-load' ? 'a dynamic load may reach it' : 'a file could not be read'}: ${at}` : 'no code to judge by'}`);
  }
  return lines;
}

const VERDICT_ORDER = ['misplaced', 'unused', 'unknown', 'used'];
const SECTION: Record<DependencyUsage['declaredAs'], string> = { prod: 'dependencies', dev: 'devDependencies', optional: 'optionalDependencies', peer: 'peerDependencies' };

function severityCounts(levels: readonly Severity[]): string {
  const counts = new Map<Severity, number>();
  for (const level of levels) counts.set(level, (counts.get(level) ?? 0) + 1);
  return [...counts].map(([level, count]) => `${count} ${level}`).join(', ');
}

const declared = (cost: DirectDependencyCost): string => [...new Set(cost.declaredBy.map((d) => `${d.workspace ? `${d.workspace}:` : ''}${d.type}`))].join(', ');

const COLUMNS: Array<Column<DirectDependencyCost>> = [
  { header: 'Dependency', cell: (cost) => `${cost.name}@${cost.version}` },
  { header: 'Declared', cell: (cost) => declared(cost) },
  { header: 'Use', cell: (cost) => usageCell(cost) },
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
  { shrink: 'Use', to: 7 },
  { shrink: 'Advisories', to: 8 },
  { shrink: 'Dependency', to: 15 },
  { drop: 'Replace with' },
];

/** The table: what leaves with each direct dependency, what is inside, what could replace it; then the duplicates a dedupe folds. */
export function renderReduceTable(report: ReduceReport, options: ReduceTableOptions): string {
  const width = options.wide ? Number.POSITIVE_INFINITY : Math.max(40, options.width);
  const wrap = (text: string): string[] => (options.wide ? [text] : wrapText(text, width, '    '));
  const lines: Array<string | SafeLines> = [];
  lines.push(...wrap(`${report.totals.direct} direct dependencies, ${report.totals.components} components. What removing or replacing each would save, most first:`));
  for (const cost of report.dependencies.slice(0, 5).filter((c) => c.savings > 0)) lines.push(...wrap(`  ${costSentence(cost)}`));
  const rows = report.dependencies.slice(0, options.maxRows ?? Number.POSITIVE_INFINITY);
  if (rows.length > 0) lines.push(new SafeLines(renderFittedTable(COLUMNS, rows, STEPS, { width, ...(options.wide ? { wide: true } : {}) }).text));
  if (rows.length < report.dependencies.length) lines.push(`… ${report.dependencies.length - rows.length} more (--max-rows, or --format json for all)`);
  lines.push(...wrap('"Leaves with it": the packages (not counting it) that leave the tree when it alone is removed; advisories and install scripts count it and them. "Use": used, unused, unknown, or misplaced (→ dev, → prod).'));
  const findings = usageFindings(report);
  if (findings.length > 0) {
    lines.push(...wrap(`Usage (${findings.length}; evidence in --format json):`));
    for (const finding of findings) lines.push(...wrap(`  ${finding}`));
  }
  if (report.duplicates.length > 0) {
    lines.push(...wrap(`Duplicates a dedupe would fold (${report.duplicates.length}, npm dedupe):`));
    for (const duplicate of report.duplicates) lines.push(...wrap(`  ${duplicate.name} ${duplicate.versions.join(', ')} → ${duplicate.foldTo}`));
  }
  // Package names and replacement texts come from outside: nothing in them may act on the terminal.
  return `${joinReportLines(lines)}\n`;
}

/** The report as JSON (docs/reduce.md). */
export function renderReduceJson(report: ReduceReport, tool: { name: string; version: string }): string {
  return escapeJsonControls(`${JSON.stringify({ schemaVersion: 1, tool, ...report }, null, 2)}\n`);
}

/** For a pull-request comment or an issue: the ranking and the duplicates. */
export function renderReduceMarkdown(report: ReduceReport): string {
  const lines = ['## deptrust: what each direct dependency costs', '', `${report.totals.direct} direct dependencies, ${report.totals.components} components.`, ''];
  lines.push('| Dependency | Declared | Use | Leaves with it | Advisories | Install scripts | Replace with |', '|---|---|---|---:|---|---:|---|');
  for (const cost of report.dependencies) {
    const replacements = cost.replacements.map((r) => (r.url ? link(r.use, r.url) : escape(r.use))).join(', ');
    const advisories = cost.advisories.length ? `${cost.advisories.length} (${severityCounts(cost.advisories.map((a) => a.severity))})` : '0';
    lines.push(`| ${code(`${cost.name}@${cost.version}`)} | ${escape(declared(cost))} | ${escape(usageCell(cost))} | ${cost.exclusive.length}${cost.stillNeeded ? ' (needed by others)' : ''} | ${advisories} | ${cost.installScripts.length} | ${replacements} |`);
  }
  const findings = usageFindings(report);
  if (findings.length > 0) {
    lines.push('', `### Usage (${findings.length})`, '');
    for (const finding of findings) lines.push(`- ${escape(finding)}`);
  }
  if (report.duplicates.length > 0) {
    lines.push('', `### Duplicates a dedupe would fold (${report.duplicates.length})`, '');
    for (const d of report.duplicates) lines.push(`- ${code(d.name)} ${d.versions.map(escape).join(', ')} → ${escape(d.foldTo)}`);
  }
  return neutralizeControls(`${lines.join('\n')}\n`, { keepNewlines: true });
}
