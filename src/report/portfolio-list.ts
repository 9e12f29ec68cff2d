import Table from 'cli-table3';
import type { RecordHeader } from '../model/portfolio.js';
import { escape } from './markdown-text.js';
import { countsLabel, projectLabel, shortCommit, shortTime } from './portfolio-labels.js';
import { escapeJsonControls, neutralizeControls } from './control-characters.js';

export type PortfolioFormat = 'table' | 'json' | 'markdown';

/** `portfolio list`: the latest record of every project and branch. */
export function renderPortfolioList(headers: readonly RecordHeader[], format: PortfolioFormat): string {
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
  const rows = headers.map((header) => [
    projectLabel(header.project),
    header.branch,
    shortTime(header.recordedAt),
    shortCommit(header.commit),
    String(header.componentCount),
    countsLabel(header.counts),
    String(header.highestRisk),
    header.verdict.passed ? 'pass' : `fail (${header.verdict.violations})`,
  ]);
  const head = ['Project', 'Branch', 'Recorded (UTC)', 'Commit', 'Components', 'Findings', 'Highest risk', 'Policy'];
  const summary = `${headers.length} project branch(es) recorded.`;
  if (format === 'markdown') {
    const lines = ['## deptrust portfolio', '', summary, ''];
    if (rows.length > 0) lines.push(`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`));
    return `${lines.join('\n')}\n`;
  }
  if (rows.length === 0) return 'No project has been recorded yet (deptrust scan --record).\n';
  const table = new Table({ head, style: { head: [], border: [], compact: false } });
  for (const row of rows) table.push(row.map((cell) => neutralizeControls(cell)));
  return `${table.toString()}\n${summary}\n`;
}
