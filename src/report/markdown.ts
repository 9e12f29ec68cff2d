import type { Component } from '../model/component.js';
import type { Finding } from '../model/finding.js';
import type { ScanResult } from '../model/scan-result.js';
import { firstPathLabel, fixLabel, severityLabel } from './finding-labels.js';
import { metaVulnerabilityLabel, remediationSentences, remediationsById } from './remediation-labels.js';
import { componentsById } from './path-label.js';
import { summaryLine } from './summary.js';
import { code, escape, escapeHtml, link, withoutLocalPaths } from './markdown-text.js';
import { MARKDOWN_LIMIT, renderCappedMarkdown, type MarkdownSection } from './markdown-budget.js';
import { managerCommands } from './manager-commands.js';

export { MARKDOWN_LIMIT } from './markdown-budget.js';

export interface MarkdownOptions {
  now: Date;
  /** What breaks the policy (the finding's primary id, '' for other rules), with the rule broken. */
  violations: ReadonlyArray<{ componentId: string; primaryId: string; rule: string }>;
  failOn: string;
  /** Characters at most (default MARKDOWN_LIMIT, under GitHub's 65,536). */
  limit?: number;
  /** Where the full report is, named in the truncation notice (default: how to get it with `--format json`). */
  fullReport?: string;
}

/**
 * A pull-request comment: the verdict and summary, a table of what fails the
 * policy, the components to act on first, then every finding in a
 * collapsible block. Capped as a whole at the limit (markdown-budget.ts):
 * rows are left out, the policy table's last, with a notice counting them.
 */
export function renderMarkdown(result: ScanResult, options: MarkdownOptions): string {
  const byId = componentsById(result.inventory);
  const plans = remediationsById(result.remediations);
  const failed = options.violations.length > 0;
  const preamble = [
    `## deptrust: ${failed ? `❌ ${options.violations.length} finding(s) fail the policy` : '✅ the policy passes'}`,
    '',
    // The advisory data's description may name a local archive: only its file name is shown.
    escape(withoutLocalPaths(summaryLine(result, options.now))),
    '',
  ];
  const sections: MarkdownSection[] = [];
  if (failed) {
    const findingsByKey = new Map(result.findings.map((f) => [`${f.componentId}\0${f.primaryId}`, f]));
    // Risk is the component's score, as in every report (docs/scan.md).
    const riskOf = new Map(result.scores.map((s) => [s.componentId, s.score]));
    const rows = options.violations.map((violation) => {
      const component = byId.get(violation.componentId);
      const name = code(component ? `${component.name}@${component.version}` : violation.componentId);
      const finding = findingsByKey.get(`${violation.componentId}\0${violation.primaryId}`);
      if (!finding || !component) return `| ${riskOf.get(violation.componentId) ?? ''} | ${name} | | | | ${escape(violation.rule)} |`;
      return `| ${riskOf.get(component.id) ?? ''} | ${name} | ${finding.ids.map(escape).join(', ')} | ${severityLabel(finding.rating)} | ${escape(fixLabel(finding, { plan: plans.get(component.id), component, commands: managerCommands(result.inventory) }))} | ${escape(violation.rule)} |`;
    });
    sections.push({
      label: 'policy violations',
      priority: 1,
      head: [`### What fails the policy (${code(`--fail-on ${options.failOn}`)}; malware always fails)`, '', '| Risk | Package | Advisory | Severity | Fix | Rule |', '|---:|---|---|---|---|---|'],
      rows,
      tail: [''],
    });
  }
  const top = result.risk.top.slice(0, 5);
  if (top.length > 0) {
    sections.push({
      label: 'components',
      priority: 0,
      head: ['### Components to act on first', ''],
      rows: top.map(({ componentId, score }) => {
        const component = byId.get(componentId);
        return `- **${score}** ${code(component ? `${component.name}@${component.version}` : componentId)}`;
      }),
      tail: [''],
    });
  }
  if (result.metaVulnerabilities.length > 0) {
    const names = (id: string): string => {
      const c = byId.get(id);
      return c ? `${c.name}@${c.version}` : id;
    };
    const more = result.metaVulnerabilities.length - 10;
    sections.push({
      label: 'meta-vulnerabilities',
      priority: 2,
      head: ['### Parents that allow only vulnerable versions (meta-vulnerabilities)', ''],
      rows: [...result.metaVulnerabilities.slice(0, 10).map((meta) => `- ${escape(metaVulnerabilityLabel(meta, names))}`), ...(more > 0 ? [`- … ${more} more (\`--format json\` lists all)`] : [])],
      tail: [''],
    });
  }
  if (result.findings.length > 0) {
    sections.push({
      label: 'findings',
      priority: 3,
      head: [`### All findings (${result.findings.length})`, ''],
      rows: result.findings.map((finding) => findingBlock(result, finding, byId)).filter((block) => block !== ''),
      tail: [],
    });
  }
  return renderCappedMarkdown(preamble, sections, {
    limit: options.limit ?? MARKDOWN_LIMIT,
    fullReport: options.fullReport ?? 'run `deptrust scan --format json` for every finding',
  });
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
    ...finding.advisories.flatMap((a) => a.references.slice(0, 3)).map((r) => `- ${link(r.type, r.url)}`),
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
  const commands = managerCommands(result.inventory);
  return [`- **Fix:** ${escape(fixLabel(finding, { plan, component, commands }))}`, ...remediationSentences(plan, component, names, commands).map((s) => `  - ${escape(s)}`)];
}
