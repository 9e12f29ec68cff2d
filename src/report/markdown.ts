import type { Component } from '../model/component.js';
import type { Finding } from '../model/finding.js';
import type { ScanResult } from '../model/scan-result.js';
import { firstPathLabel, fixLabel, severityLabel } from './finding-labels.js';
import { metaVulnerabilityLabel, remediationSentences, remediationsById } from './remediation-labels.js';
import { componentsById } from './path-label.js';
import { summaryLine } from './summary.js';
import { code, escape, escapeHtml } from './markdown-text.js';

/** GitHub rejects comments over 65,536 characters; stay under with room for the notice. */
export const MARKDOWN_LIMIT = 65_000;

export interface MarkdownOptions {
  now: Date;
  /** Findings that break the policy (their primary id and component), with the rule broken. */
  violations: ReadonlyArray<{ componentId: string; primaryId: string; rule: string }>;
  failOn: string;
  limit?: number;
}

/**
 * A pull-request comment: the verdict and summary, a table of what fails the
 * policy, then every finding in a collapsible block. Cut at a finding
 * boundary, with a notice, when it would pass the size limit.
 */
export function renderMarkdown(result: ScanResult, options: MarkdownOptions): string {
  const limit = options.limit ?? MARKDOWN_LIMIT;
  const byId = componentsById(result.inventory);
  const plans = remediationsById(result.remediations);
  const head: string[] = [];
  const failed = options.violations.length > 0;
  head.push(`## deptrust: ${failed ? `❌ ${options.violations.length} finding(s) fail the policy` : '✅ the policy passes'}`, '');
  head.push(summaryLine(result, options.now), '');
  if (failed) {
    head.push(`### What fails the policy (\`--fail-on ${options.failOn}\`; malware always fails)`, '');
    head.push('| Risk | Package | Advisory | Severity | Fix | Rule |', '|---:|---|---|---|---|---|');
    const findingsByKey = new Map(result.findings.map((f) => [`${f.componentId}\0${f.primaryId}`, f]));
    // Risk is the component's score, as in every report (docs/scan.md).
    const riskOf = new Map(result.scores.map((s) => [s.componentId, s.score]));
    for (const violation of options.violations) {
      const finding = findingsByKey.get(`${violation.componentId}\0${violation.primaryId}`);
      const component = byId.get(violation.componentId);
      if (!finding || !component) continue;
      head.push(`| ${riskOf.get(component.id) ?? ''} | ${code(`${component.name}@${component.version}`)} | ${finding.ids.map(escape).join(', ')} | ${severityLabel(finding.rating)} | ${escape(fixLabel(finding, { plan: plans.get(component.id), component }))} | ${escape(violation.rule)} |`);
    }
    head.push('');
  }
  const top = result.risk.top.slice(0, 5);
  if (top.length > 0) {
    head.push('### Components to act on first', '');
    for (const { componentId, score } of top) {
      const component = byId.get(componentId);
      head.push(`- **${score}** ${code(component ? `${component.name}@${component.version}` : componentId)}`);
    }
    head.push('');
  }
  if (result.metaVulnerabilities.length > 0) {
    const names = (id: string): string => {
      const c = byId.get(id);
      return c ? `${c.name}@${c.version}` : id;
    };
    head.push('### Parents that allow only vulnerable versions (meta-vulnerabilities)', '');
    for (const meta of result.metaVulnerabilities.slice(0, 10)) head.push(`- ${escape(metaVulnerabilityLabel(meta, names))}`);
    if (result.metaVulnerabilities.length > 10) head.push(`- … ${result.metaVulnerabilities.length - 10} more (\`--format json\` lists all)`);
    head.push('');
  }
  const blocks = result.findings.map((finding) => findingBlock(result, finding, byId));
  let text = head.join('\n');
  if (blocks.length > 0) text += `\n### All findings (${blocks.length})\n\n`;
  let shown = 0;
  for (const block of blocks) {
    const notice = truncationNotice(blocks.length - shown);
    if (text.length + block.length + notice.length > limit) {
      text += notice;
      return text;
    }
    text += block;
    shown++;
  }
  return text;
}

function findingBlock(result: ScanResult, finding: Finding, byId: ReturnType<typeof componentsById>): string {
  const component = byId.get(finding.componentId);
  if (!component) return '';
  const lines = [
    '<details>',
    `<summary><b>${escapeHtml(component.name)}@${escapeHtml(component.version)}</b>: ${escapeHtml(finding.primaryId)} (${escapeHtml(severityLabel(finding.rating))}, weight ${finding.risk ?? '?'})</summary>`,
    '',
    `- **Advisories:** ${finding.ids.map(escape).join(', ')}`,
    `- **Summary:** ${escape(finding.summary)}`,
    ...fixLines(result, finding, component, byId),
    `- **Path:** ${code(firstPathLabel(result.inventory, component, byId))}`,
    ...finding.advisories.flatMap((a) => a.references.slice(0, 3)).map((r) => `- [${escape(r.type)}](${r.url})`),
    '',
    '</details>',
    '',
  ];
  return `${lines.join('\n')}\n`;
}

/** The remediation's steps, one bullet each; the short label when there is no plan. */
function fixLines(result: ScanResult, finding: Finding, component: Component, byId: ReturnType<typeof componentsById>): string[] {
  const plan = result.remediations.find((r) => r.componentId === component.id);
  if (!plan) return [`- **Fix:** ${escape(fixLabel(finding))}`];
  const names = (id: string): string => (id === '' ? 'the project' : byId.get(id)?.name ?? id);
  return [`- **Fix:** ${escape(fixLabel(finding, { plan, component }))}`, ...remediationSentences(plan, component, names).map((s) => `  - ${escape(s)}`)];
}

function truncationNotice(remaining: number): string {
  return `\n> **Truncated:** ${remaining} more finding(s) are not shown to keep this comment under GitHub's size limit. Run \`deptrust scan --format json\` for all of them.\n`;
}
