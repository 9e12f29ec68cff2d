import type { RecordHeader } from '../model/portfolio.js';
import { escape } from './markdown-text.js';
import { countsLabel, projectLabel, shortCommit, shortTime, tableProse, type PortfolioFormat, type PortfolioTableOptions } from './portfolio-labels.js';
import { escapeJsonControls } from './control-characters.js';
import { renderFittedTable, type Column, type FitStep } from './fit-columns.js';

/** `portfolio list`: the latest record of every project and branch. */
export function renderPortfolioList(headers: readonly RecordHeader[], format: PortfolioFormat, table: PortfolioTableOptions = { width: 80 }): string {
  if (format === 'json') {
    const projects = headers.map((header) => ({
      project: header.project,
      branch: header.branch,
      commit: header.commit ?? null,
      recordedAt: header.recordedAt,
      toolVersion: header.toolVersion,
      advisoryData: header.data,
      components: header.componentCount,
      findings: header.counts,
      highestRisk: header.highestRisk,
      verdict: header.verdict,
    }));
    return `${escapeJsonControls(JSON.stringify({ schemaVersion: 1, projects }, null, 2))}\n`;
  }
  const summary = `${headers.length} project branch(es) recorded.`;
  if (format === 'markdown') {
    const lines = ['## deptrust portfolio', '', summary, ''];
    if (headers.length > 0) {
      lines.push(`| ${LIST_COLUMNS.map((column) => column.header).join(' | ')} |`, `|${LIST_COLUMNS.map(() => '---').join('|')}|`);
      for (const header of headers) lines.push(`| ${LIST_COLUMNS.map((column) => escape(column.cell(header, Number.POSITIVE_INFINITY))).join(' | ')} |`);
    }
    return `${lines.join('\n')}\n`;
  }
  if (headers.length === 0) return 'No project has been recorded yet (deptrust scan --record).\n';
  const fitted = renderFittedTable(LIST_COLUMNS, headers, LIST_STEPS, table);
  return `${fitted.text}\n${tableProse(`${summary}${fitted.cut ? ' Cut to fit the terminal: --wide shows every column whole.' : ''}`, table)}\n`;
}

const LIST_COLUMNS: ReadonlyArray<Column<RecordHeader>> = [
  { header: 'Project', cell: (header) => projectLabel(header.project) },
  { header: 'Branch', cell: (header) => header.branch },
  { header: 'Recorded (UTC)', cell: (header) => shortTime(header.recordedAt) },
  { header: 'Commit', cell: (header) => shortCommit(header.commit) },
  { header: 'Components', cell: (header) => String(header.componentCount) },
  { header: 'Findings', cell: (header) => countsLabel(header.counts) },
  { header: 'Highest risk', cell: (header) => String(header.highestRisk) },
  { header: 'Policy', cell: (header) => (header.verdict.passed ? 'pass' : `fail (${header.verdict.violations})`) },
];

const LIST_STEPS: readonly FitStep[] = [
  { shrink: 'Findings', to: 24 },
  { shrink: 'Project', to: 28 },
  { drop: 'Commit' },
  { drop: 'Components' },
  { shrink: 'Branch', to: 12 },
  { drop: 'Highest risk' },
  { shrink: 'Findings', to: 12 },
  { shrink: 'Project', to: 16 },
];
