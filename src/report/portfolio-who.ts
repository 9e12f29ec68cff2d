import type { WhoRow } from '../model/portfolio.js';
import { code, escape } from './markdown-text.js';
import { projectLabel, shortCommit, shortTime, tableProse, type PortfolioFormat, type PortfolioTableOptions } from './portfolio-labels.js';
import { escapeJsonControls, neutralizeControls } from './control-characters.js';
import { renderFittedTable, type Column, type FitStep } from './fit-columns.js';

const pathText = ({ component }: WhoRow): string => (component.pathCount > 1 ? `${component.samplePath} (+${component.pathCount - 1} more)` : component.samplePath);

const WHO_COLUMNS: ReadonlyArray<Column<WhoRow>> = [
  { header: 'Project', cell: ({ record }) => projectLabel(record.project) },
  { header: 'Branch', cell: ({ record }) => record.branch },
  { header: 'Version', cell: ({ component }) => component.version },
  { header: 'Scope', cell: ({ component }) => component.scope },
  { header: 'Direct', cell: ({ component }) => (component.direct ? 'direct' : `transitive (depth ${component.depth})`) },
  { header: 'Path', cell: pathText },
  { header: 'Commit', cell: ({ record }) => shortCommit(record.commit) },
  { header: 'Recorded (UTC)', cell: ({ record }) => shortTime(record.recordedAt) },
];

/** Least important first: the commit, the scope and the time give way before the sample path does (width freed later goes back to the path first). */
const WHO_STEPS: readonly FitStep[] = [
  { shrink: 'Project', to: 28 },
  { shrink: 'Path', to: 24 },
  { drop: 'Commit' },
  { drop: 'Scope' },
  { drop: 'Recorded (UTC)' },
  { shrink: 'Branch', to: 12 },
  { shrink: 'Project', to: 16 },
  { shrink: 'Path', to: 12 },
  { drop: 'Path' },
];

/** `portfolio who <name>[@range]`: every project whose latest record ships a matching version. */
export function renderPortfolioWho(query: { name: string; range?: string }, rows: readonly WhoRow[], format: PortfolioFormat, table: PortfolioTableOptions = { width: 80 }): string {
  const asked = query.range === undefined ? query.name : `${query.name}@${query.range}`;
  const projects = new Set(rows.map((row) => `${row.record.project.key}\u0000${row.record.branch}`)).size;
  const summary = `${rows.length} match(es) of ${asked} in ${projects} project branch(es).`;
  if (format === 'json') {
    const matches = rows.map(({ record, component }) => ({
      project: record.project,
      branch: record.branch,
      commit: record.commit ?? null,
      recordedAt: record.recordedAt,
      name: component.name,
      version: component.version,
      purl: component.purl,
      scope: component.scope,
      direct: component.direct,
      depth: component.depth,
      pathCount: component.pathCount,
      samplePath: component.samplePath,
    }));
    return `${escapeJsonControls(JSON.stringify({ schemaVersion: 1, query: { name: query.name, range: query.range ?? null }, matches }, null, 2))}\n`;
  }
  if (format === 'markdown') {
    const lines = [`## Who ships ${code(asked)}`, '', summary, ''];
    if (rows.length > 0) {
      lines.push(`| ${WHO_COLUMNS.map((column) => column.header).join(' | ')} |`, `|${WHO_COLUMNS.map(() => '---').join('|')}|`);
      for (const row of rows) lines.push(`| ${WHO_COLUMNS.map((column) => escape(column.cell(row, Number.POSITIVE_INFINITY))).join(' | ')} |`);
    }
    return `${lines.join('\n')}\n`;
  }
  if (rows.length === 0) return `No recorded project ships ${neutralizeControls(asked)}.\n`;
  const fitted = renderFittedTable(WHO_COLUMNS, rows, WHO_STEPS, table);
  return `${fitted.text}\n${tableProse(`${summary}${fitted.cut ? ' Cut to fit the terminal: --wide shows every column whole.' : ''}`, table)}\n`;
}
