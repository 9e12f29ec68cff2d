import type { Component } from '../model/component.js';
import type { Finding } from '../model/finding.js';
import { changeCountsLine, diffNamer, riskTotalsLine, type DiffReport } from './diff-input.js';
import { changeLabel, riskLabel } from './diff-table.js';
import { fixLabel, severityLabel } from './finding-labels.js';
import { MARKDOWN_LIMIT, renderCappedMarkdown, type MarkdownSection } from './markdown-budget.js';
import { code, escape, withoutLocalPaths } from './markdown-text.js';
import { componentsById } from './path-label.js';
import { remediationSentences, remediationsById } from './remediation-labels.js';
import { managerCommands } from './manager-commands.js';

export interface DiffMarkdownOptions {
  /** Characters at most (default MARKDOWN_LIMIT, under GitHub's 65,536). */
  limit?: number;
  /** Where the full report is, named in the truncation notice (default: how to get it with `--format json`). */
  fullReport?: string;
}

/**
 * The diff as a pull-request comment: the verdict on what the change
 * introduces first, then its findings with their fixes, the supply-chain
 * changes, what it resolves, what was already there folded away and the
 * dependency changes. Capped as a whole at the limit (markdown-budget.ts),
 * the introduced findings given room first, with a notice counting what was left out.
 */
export function renderDiffMarkdown(report: DiffReport, options: DiffMarkdownOptions = {}): string {
  const { diff } = report;
  const name = diffNamer(report);
  const introduced = diff.violations.introduced;
  const preamble: string[] = [
    `## deptrust diff: ${introduced.length ? `❌ this change introduces ${introduced.length} policy violation(s)` : '✅ this change introduces no policy violation'}`,
    '',
    // A lockfile base may be an absolute path on the runner: only its file name is shown.
    `Compared with ${code(withoutLocalPaths(report.baseLabel))}${report.baseHadLockfile ? '' : ' (no lockfile there)'}: ${escape(changeCountsLine(report))}; ${escape(riskTotalsLine(report))}.`,
    '',
  ];
  const sections: MarkdownSection[] = [];
  const section = (label: string, priority: number, head: string[], rows: string[], tail: string[] = ['']): void => {
    if (rows.length) sections.push({ label, priority, head, rows, tail });
  };
  const headComponents = componentsById(report.head.inventory);
  section(
    'introduced findings',
    0,
    [`### Findings this change introduces (${diff.findings.introduced.length})`, '', '| Risk | Package | Advisory | Severity | Fix |', '|---:|---|---|---|---|'],
    diff.findings.introduced.map((f) => findingRow(report, f, headComponents)).filter((row) => row !== ''),
  );
  section('fixes', 1, ['#### How to fix', ''], fixRows(report));
  section('supply-chain changes', 2, ['### Supply chain', ''], [
    ...diff.newDirect.map((id) => `- New direct dependency ${code(name(id))}`),
    ...diff.newInstallScripts.map((id) => `- New install script: ${code(name(id))}`),
    ...diff.changes.filter((c) => c.sourceChanged).map((c) => `- Source changed: ${code(c.name)} ${escape(c.before?.source ?? '?')} → ${escape(c.after?.source ?? '?')}`),
    ...diff.signals.introduced.map((s) => `- New signal ${code(s.code)} on ${code(name(s.componentId))}`),
  ]);
  const resolved = [...diff.findings.resolved.map((f) => `- ${escape(f.primaryId)} in ${code(name(f.componentId))}`), ...diff.signals.resolved.map((s) => `- signal ${code(s.code)} on ${code(name(s.componentId))}`)];
  section('resolved findings', 3, [`### Resolved (${resolved.length})`, ''], resolved);
  section(
    'findings already on the base',
    4,
    [`<details><summary>Already on the base: ${diff.findings.existing.length} finding(s), not failing this change</summary>`, ''],
    diff.findings.existing.map((f) => `- ${escape(f.primaryId)} (${severityLabel(f.rating)}) in ${code(name(f.componentId))}`),
    ['', '</details>', ''],
  );
  if (diff.changes.length) {
    // A blank line between <summary> and the table, or GitHub does not render it as one.
    section(
      'dependency changes',
      5,
      [`<details><summary>Dependency changes (${diff.changes.length})</summary>`, '', '| Change | Package | Before | After | Risk |', '|---|---|---|---|---|'],
      diff.changes.map((change) => `| ${changeLabel(change)} | ${code(change.name)} | ${escape(change.before?.version ?? '')} | ${escape(change.after?.version ?? '')} | ${riskLabel(change)} |`),
      ['', '</details>'],
    );
  } else {
    sections.push({ label: 'dependency changes', priority: 5, head: ['No dependency changes.'], rows: [], tail: [] });
  }
  return renderCappedMarkdown(preamble, sections, {
    limit: options.limit ?? MARKDOWN_LIMIT,
    fullReport: options.fullReport ?? 'run `deptrust diff --format json` for everything',
  });
}

function findingRow(report: DiffReport, finding: Finding, components: ReadonlyMap<string, Component>): string {
  const component = components.get(finding.componentId);
  if (!component) return '';
  const plan = report.head.remediations.find((r) => r.componentId === component.id);
  // Risk is the component's score, as in every report (docs/scan.md).
  const risk = report.head.scores.find((s) => s.componentId === component.id)?.score;
  return `| ${risk ?? ''} | ${code(`${component.name}@${component.version}`)} | ${finding.ids.map(escape).join(', ')} | ${severityLabel(finding.rating)} | ${escape(fixLabel(finding, { plan, component, commands: managerCommands(report.head.inventory) }))} |`;
}

/** How to fix what the change introduces: one row per component, its steps nested. */
function fixRows(report: DiffReport): string[] {
  const byId = componentsById(report.head.inventory);
  const plans = remediationsById(report.head.remediations);
  const names = (id: string): string => (id === '' ? 'the project' : byId.get(id)?.name ?? id);
  const rows: string[] = [];
  for (const id of new Set(report.diff.findings.introduced.map((f) => f.componentId))) {
    const plan = plans.get(id);
    const component = byId.get(id);
    if (!plan || !component) continue;
    rows.push([`- ${code(`${component.name}@${component.version}`)}:`, ...remediationSentences(plan, component, names, managerCommands(report.head.inventory)).map((s) => `  - ${escape(s)}`)].join('\n'));
  }
  return rows;
}
