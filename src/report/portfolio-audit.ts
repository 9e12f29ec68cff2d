import type { ProjectAudit, RecordedFinding } from '../model/portfolio.js';
import type { IgnoreRule } from '../model/policy.js';
import { code, escape } from './markdown-text.js';
import { projectLabel, severityWord, shortCommit, shortTime, tableProse, type PortfolioFormat, type PortfolioTableOptions } from './portfolio-labels.js';
import { escapeJsonControls, neutralizeControls } from './control-characters.js';
import { renderFittedTable, type Column, type FitStep } from './fit-columns.js';
import { fitList } from './fit-text.js';

export interface AuditReportContext {
  /** Left out for reproducible output. */
  auditedAt?: Date;
  /** The advisory data used, in words. */
  data: { source: string; updatedAt?: string };
  failOn: string;
}

const REASON = { withdrawn: 'withdrawn', 'not-affected': 'no longer affected' } as const;

function findingJson(finding: RecordedFinding) {
  return { purl: finding.purl, name: finding.name, version: finding.version, primaryId: finding.primaryId, ids: finding.ids, severity: finding.severity, malicious: finding.malicious, fixedVersions: finding.fixedVersions };
}

function ruleJson(rule: IgnoreRule) {
  return { id: rule.id, reason: rule.reason, expires: rule.expires };
}

/** `portfolio audit`: what is new since each project's record (or its last stored audit). */
export function renderPortfolioAudit(audits: readonly ProjectAudit[], context: AuditReportContext, format: PortfolioFormat, table: PortfolioTableOptions = { width: 80 }): string {
  const withNews = audits.filter((audit) => audit.added.length > 0 || audit.resolved.length > 0 || audit.ignoreExpired.length > 0);
  const count = (of: (audit: ProjectAudit) => readonly unknown[]): number => audits.reduce((n, audit) => n + of(audit).length, 0);
  const added = count((audit) => audit.added);
  const failing = count((audit) => audit.failing);
  const resolved = count((audit) => audit.resolved);
  const ignored = count((audit) => audit.ignored);
  const ignoreExpired = count((audit) => audit.ignoreExpired);
  const affected = audits.filter((audit) => audit.added.length > 0).length;
  const summary =
    `${audits.length} project branch(es) audited against ${context.data.source}${context.data.updatedAt ? ` (updated ${context.data.updatedAt.slice(0, 10)})` : ''}: ` +
    `${added} new finding(s) in ${affected} project branch(es)${ignored > 0 ? ` (${ignored} ignored by the project's rules)` : ''}` +
    `${ignoreExpired > 0 ? `, ${ignoreExpired} whose ignore rule expired` : ''}, ${failing} failing --fail-on ${context.failOn}; ${resolved} resolved.`;
  if (format === 'json') {
    const projects = audits.map((audit) => {
      const ignoredBy = new Map(audit.ignored.map(({ finding, rule }) => [finding, rule]));
      return {
        project: audit.header.project,
        branch: audit.header.branch,
        commit: audit.header.commit ?? null,
        recordedAt: audit.header.recordedAt,
        since: audit.since,
        findings: audit.current.length,
        added: audit.added.map((finding) => {
          const rule = ignoredBy.get(finding);
          return { ...findingJson(finding), failsPolicy: audit.failing.includes(finding), ignoredBy: rule ? ruleJson(rule) : null };
        }),
        ignoreExpired: audit.ignoreExpired.map(({ finding, rule }) => ({ ...findingJson(finding), failsPolicy: audit.failing.includes(finding), rule: ruleJson(rule) })),
        resolved: audit.resolved.map(({ finding, reason }) => ({ ...findingJson(finding), reason })),
      };
    });
    return `${escapeJsonControls(
      JSON.stringify({ schemaVersion: 1, auditedAt: context.auditedAt?.toISOString() ?? null, advisoryData: context.data, failOn: context.failOn, summary: { projects: audits.length, added, failing, ignored, ignoreExpired, resolved }, projects }, null, 2),
    )}\n`;
  }
  const rows: AuditRow[] = [];
  for (const audit of withNews) {
    const ignoredBy = new Map(audit.ignored.map(({ finding, rule }) => [finding, rule]));
    for (const finding of audit.added) {
      const rule = ignoredBy.get(finding);
      rows.push({ audit, finding, change: rule ? `new (ignored until ${rule.expires})` : audit.failing.includes(finding) ? 'NEW (fails)' : 'new' });
    }
    for (const { finding } of audit.ignoreExpired) rows.push({ audit, finding, change: audit.failing.includes(finding) ? 'ignore expired (fails)' : 'ignore expired' });
    for (const { finding, reason } of audit.resolved) rows.push({ audit, finding, change: REASON[reason] });
  }
  if (format === 'markdown') {
    const lines = ['## deptrust portfolio audit', '', escape(summary), ''];
    if (rows.length > 0) {
      lines.push(`| ${AUDIT_COLUMNS.map((column) => column.header).join(' | ')} |`, `|${AUDIT_COLUMNS.map(() => '---').join('|')}|`);
      for (const row of rows) lines.push(`| ${AUDIT_COLUMNS.map((column) => (column.header === 'Package' ? code : escape)(column.cell(row, Number.POSITIVE_INFINITY))).join(' | ')} |`);
    } else {
      lines.push('Nothing new since the last record or audit of any project.');
    }
    return `${lines.join('\n')}\n`;
  }
  if (rows.length === 0) return `${neutralizeControls(summary)}\nNothing new since the last record or audit of any project.\n`;
  const fitted = renderFittedTable(AUDIT_COLUMNS, rows, AUDIT_STEPS, table);
  return `${fitted.text}\n${tableProse(`${summary}${fitted.cut ? ' Cut to fit the terminal: --wide shows every column whole.' : ''}`, table)}\n`;
}

interface AuditRow {
  audit: ProjectAudit;
  finding: RecordedFinding;
  change: string;
}

const AUDIT_COLUMNS: ReadonlyArray<Column<AuditRow>> = [
  { header: 'Project', cell: ({ audit }) => projectLabel(audit.header.project) },
  { header: 'Branch', cell: ({ audit }) => `${audit.header.branch} ${shortCommit(audit.header.commit)}` },
  { header: 'Change', cell: ({ change }) => change },
  { header: 'Package', cell: ({ finding }) => `${finding.name}@${finding.version}` },
  { header: 'Advisory', cell: ({ finding }, width) => fitList(finding.ids, width, ' ') },
  { header: 'Severity', cell: ({ finding }) => severityWord(finding) },
  { header: 'Fixed in', cell: ({ finding }) => finding.fixedVersions[0] ?? '-' },
  { header: 'Since (UTC)', cell: ({ audit }) => shortTime(audit.since) },
];

/** Least important first: an advisory's other ids, the time, the commit, the fix; width freed later goes back to the package first. */
const AUDIT_STEPS: readonly FitStep[] = [
  { shrink: 'Advisory', to: 19 },
  { shrink: 'Project', to: 28 },
  { drop: 'Since (UTC)' },
  { shrink: 'Branch', to: 12 },
  { drop: 'Fixed in' },
  { shrink: 'Project', to: 16 },
  { shrink: 'Change', to: 12 },
  { shrink: 'Package', to: 20 },
];
