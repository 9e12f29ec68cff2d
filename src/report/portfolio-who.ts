import Table from 'cli-table3';
import type { WhoRow } from '../model/portfolio.js';
import { code, escape } from './markdown-text.js';
import type { PortfolioFormat } from './portfolio-list.js';
import { projectLabel, shortCommit, shortTime } from './portfolio-labels.js';
import { escapeJsonControls, neutralizeControls } from './control-characters.js';

/** `portfolio who <name>[@range]`: every project whose latest record ships a matching version. */
export function renderPortfolioWho(query: { name: string; range?: string }, rows: readonly WhoRow[], format: PortfolioFormat): string {
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
  const head = ['Project', 'Branch', 'Version', 'Scope', 'Direct', 'Path', 'Commit', 'Recorded (UTC)'];
  const rowsOf = rows.map(({ record, component }) => [
    projectLabel(record.project),
    record.branch,
    component.version,
    component.scope,
    component.direct ? 'direct' : `transitive (depth ${component.depth})`,
    component.pathCount > 1 ? `${component.samplePath} (+${component.pathCount - 1} more)` : component.samplePath,
    shortCommit(record.commit),
    shortTime(record.recordedAt),
  ]);
  if (format === 'markdown') {
    const lines = [`## Who ships ${code(asked)}`, '', summary, ''];
    if (rowsOf.length > 0) lines.push(`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rowsOf.map((row) => `| ${row.map(escape).join(' | ')} |`));
    return `${lines.join('\n')}\n`;
  }
  if (rowsOf.length === 0) return `No recorded project ships ${neutralizeControls(asked)}.\n`;
  const table = new Table({ head, colWidths: [30, 12, 12, 8, 16, 40, 14, 18], wordWrap: true, wrapOnWordBoundary: false, style: { head: [], border: [], compact: false } });
  for (const row of rowsOf) table.push(row.map((cell) => neutralizeControls(cell)));
  return `${table.toString()}\n${neutralizeControls(summary)}\n`;
}
