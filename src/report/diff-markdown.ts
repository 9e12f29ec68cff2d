import type { Component } from '../model/component.js';
import type { Finding } from '../model/finding.js';
import { changeCountsLine, diffNamer, riskTotalsLine, type DiffReport } from './diff-input.js';
import { changeLabel, riskLabel } from './diff-table.js';
import { fixLabel, severityLabel } from './finding-labels.js';
import { MARKDOWN_LIMIT } from './markdown.js';
import { code, escape } from './markdown-text.js';
import { componentsById } from './path-label.js';
import { remediationSentences, remediationsById } from './remediation-labels.js';

/**
 * The diff as a pull-request comment: the verdict on what the change
 * introduces first, then its findings with their fixes, the dependency
 * changes, and what was already there folded away. Stays under GitHub's
 * comment limit by cutting the list of changes, with a notice.
 */
export function renderDiffMarkdown(report: DiffReport, limit = MARKDOWN_LIMIT): string {
  const { diff } = report;
  const name = diffNamer(report);
  const introduced = diff.violations.introduced;
  const head: string[] = [
    `## deptrust diff: ${introduced.length ? `❌ this change introduces ${introduced.length} policy violation(s)` : '✅ this change introduces no policy violation'}`,
    '',
    `Compared with ${code(report.baseLabel)}${report.baseHadLockfile ? '' : ' (no lockfile there)'}: ${escape(changeCountsLine(report))}; ${escape(riskTotalsLine(report))}.`,
    '',
  ];
  if (diff.findings.introduced.length) {
    head.push(`### Findings this change introduces (${diff.findings.introduced.length})`, '', '| Risk | Package | Advisory | Severity | Fix |', '|---:|---|---|---|---|');
    const headComponents = componentsById(report.head.inventory);
    head.push(...diff.findings.introduced.map((f) => findingRow(report, f, headComponents)), '');
    head.push(...fixSection(report));
  }
  const supplyChain = [
    ...diff.newDirect.map((id) => `- New direct dependency ${code(name(id))}`),
    ...diff.newInstallScripts.map((id) => `- New install script: ${code(name(id))}`),
    ...diff.changes.filter((c) => c.sourceChanged).map((c) => `- Source changed: ${code(c.name)} ${c.before?.source ?? '?'} → ${c.after?.source ?? '?'}`),
    ...diff.signals.introduced.map((s) => `- New signal ${code(s.code)} on ${code(name(s.componentId))}`),
  ];
  if (supplyChain.length) head.push('### Supply chain', '', ...supplyChain, '');
  const resolved = [...diff.findings.resolved.map((f) => `- ${escape(f.primaryId)} in ${code(name(f.componentId))}`), ...diff.signals.resolved.map((s) => `- signal ${code(s.code)} on ${code(name(s.componentId))}`)];
  if (resolved.length) head.push(`### Resolved (${resolved.length})`, '', ...resolved, '');
  if (diff.findings.existing.length) {
    head.push(`<details><summary>Already on the base: ${diff.findings.existing.length} finding(s), not failing this change</summary>`, '');
    head.push(...diff.findings.existing.map((f) => `- ${escape(f.primaryId)} (${severityLabel(f.rating)}) in ${code(name(f.componentId))}`), '', '</details>', '');
  }
  let text = head.join('\n');
  if (diff.changes.length === 0) return `${text}No dependency changes.\n`;
  text += `\n<details><summary>Dependency changes (${diff.changes.length})</summary>\n\n| Change | Package | Before | After | Risk |\n|---|---|---|---|---|\n`;
  const close = '\n</details>\n';
  for (const [index, change] of diff.changes.entries()) {
    const row = `| ${changeLabel(change)} | ${code(change.name)} | ${escape(change.before?.version ?? '')} | ${escape(change.after?.version ?? '')} | ${riskLabel(change)} |\n`;
    const notice = `\n> **Truncated:** ${diff.changes.length - index} more change(s) are not shown. Run \`deptrust diff --format json\` for all of them.\n`;
    if (text.length + row.length + close.length + notice.length > limit) return `${text}${notice}${close}`;
    text += row;
  }
  return `${text}${close}`;
}

function findingRow(report: DiffReport, finding: Finding, components: ReadonlyMap<string, Component>): string {
  const component = components.get(finding.componentId);
  if (!component) return '';
  const plan = report.head.remediations.find((r) => r.componentId === component.id);
  // Risk is the component's score, as in every report (docs/scan.md).
  const risk = report.head.scores.find((s) => s.componentId === component.id)?.score;
  return `| ${risk ?? ''} | ${code(`${component.name}@${component.version}`)} | ${finding.ids.map(escape).join(', ')} | ${severityLabel(finding.rating)} | ${escape(fixLabel(finding, { plan, component }))} |`;
}

/** How to fix what the change introduces, step by step. */
function fixSection(report: DiffReport): string[] {
  const byId = componentsById(report.head.inventory);
  const plans = remediationsById(report.head.remediations);
  const names = (id: string): string => (id === '' ? 'the project' : byId.get(id)?.name ?? id);
  const lines: string[] = [];
  for (const id of new Set(report.diff.findings.introduced.map((f) => f.componentId))) {
    const plan = plans.get(id);
    const component = byId.get(id);
    if (!plan || !component) continue;
    lines.push(`- ${code(`${component.name}@${component.version}`)}:`, ...remediationSentences(plan, component, names).map((s) => `  - ${escape(s)}`));
  }
  return lines.length ? ['#### How to fix', '', ...lines, ''] : [];
}
