import type { ProjectIdentity, RecordedFinding, SeverityCounts } from '../model/portfolio.js';
import { RECORD_SEVERITIES } from '../model/portfolio.js';
import { neutralizeControls } from './control-characters.js';
import { wrapText } from './fit-text.js';

/** The formats of every portfolio report. */
export type PortfolioFormat = 'table' | 'json' | 'markdown';

/** Where a table is printed: the width it fits (`wide`: every column whole). */
export interface PortfolioTableOptions {
  width: number;
  wide?: boolean;
}

/** The key when it starts with the name (`name`, `name (folder)`), else `name (repository#folder)`. */
export function projectLabel(project: ProjectIdentity): string {
  return project.key.startsWith(project.name) ? project.key : `${project.name} (${project.key})`;
}

/** `1 critical, 2 high` (malware first), or `none`. */
export function countsLabel(counts: SeverityCounts): string {
  const parts = RECORD_SEVERITIES.filter((level) => counts[level] > 0).map((level) => `${counts[level]} ${level}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

export function severityWord(finding: Pick<RecordedFinding, 'malicious' | 'severity'>): string {
  return finding.malicious ? 'MALWARE' : finding.severity;
}

/** The date and minute of an ISO time, in UTC. */
export function shortTime(iso: string): string {
  return iso.length >= 16 ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso;
}

export function shortCommit(commit: string | undefined): string {
  return commit ? commit.slice(0, 12) : '-';
}

/** A closing line under a table, its recorded strings neutralised, wrapped to the table's width (not with --wide). */
export function tableProse(text: string, table: PortfolioTableOptions): string {
  const safe = neutralizeControls(text);
  return table.wide ? safe : wrapText(safe, table.width).join('\n');
}
