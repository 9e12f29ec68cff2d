// A pull-request comment that fits GitHub's limit as a whole: GitHub rejects
// a comment body over 65,536 characters, and a rejected comment shows nothing.
import { neutralizeControls } from './control-characters.js';

/** GitHub's limit on a comment body, in characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** What deptrust allows itself: the limit less a margin for what a workflow adds around the file. */
export const MARKDOWN_LIMIT = 65_000;

/** One part of a comment: a heading and a table header, its rows (or blocks, or list items), closing lines. */
export interface MarkdownSection {
  /** What the rows are, for the truncation notice (`policy violations`, `findings`). */
  label: string;
  /** Lower gets room first: the verdict's evidence before the long lists. */
  priority: number;
  /** Lines shown whenever the section is (heading, blank line, table header). */
  head: string[];
  /** Each row is one or more whole lines; a row is shown whole or not at all. */
  rows: string[];
  /** Lines after the rows (a blank line, `</details>`). */
  tail: string[];
}

export interface CapOptions {
  limit: number;
  /** Where the whole report is, for the notice (`report.json, written by this run`). */
  fullReport: string;
}

const rowsLeftOut = (count: number, label: string): string => `_… ${count.toLocaleString('en-US')} more ${label} not shown here._`;

/**
 * Joins the preamble and sections (in document order) into at most
 * `limit` characters (UTF-16 units, never fewer than GitHub counts): every
 * heading, table header and closing line is kept; rows are given room in
 * priority order, each section cut after its last row that fits, and a
 * notice under the preamble says how many rows were left out and where the
 * full report is.
 */
export function renderCappedMarkdown(preamble: readonly string[], sections: readonly MarkdownSection[], options: CapOptions): string {
  // Control characters are neutralised before anything is measured (callers escape too; this is the guarantee).
  const lines = (list: readonly string[]): string => list.map((line) => `${neutralizeControls(line)}\n`).join('');
  const rowText = (row: string): string => neutralizeControls(row.endsWith('\n') ? row : `${row}\n`, { keepNewlines: true });
  const total = sections.reduce((sum, section) => sum + section.rows.length, 0);
  // Room for the fixed parts, the notice and every section's "N more" line at their longest.
  const fixed =
    lines(preamble).length +
    notice(total, total, options.fullReport).length +
    sections.reduce((sum, s) => sum + lines(s.head).length + lines(s.tail).length + `\n${rowsLeftOut(s.rows.length, s.label)}\n`.length, 0);
  let room = options.limit - fixed;
  const shown = new Map<MarkdownSection, number>();
  for (const section of [...sections].sort((a, b) => a.priority - b.priority)) {
    let count = 0;
    for (const row of section.rows) {
      const size = rowText(row).length;
      if (size > room) break;
      room -= size;
      count++;
    }
    shown.set(section, count);
  }
  const omitted = sections.reduce((sum, s) => sum + s.rows.length - (shown.get(s) ?? 0), 0);
  let text = lines(preamble) + (omitted > 0 ? notice(omitted, total, options.fullReport) : '');
  for (const section of sections) {
    const count = shown.get(section) ?? 0;
    text += lines(section.head) + section.rows.slice(0, count).map(rowText).join('');
    // A blank line first: a line right after a table would be read as one of its rows.
    if (count < section.rows.length) text += `\n${rowsLeftOut(section.rows.length - count, section.label)}\n`;
    text += lines(section.tail);
  }
  // The fixed parts alone can pass the limit only with absurd input (a huge project name): cut hard then.
  return text.length <= options.limit ? text : `${text.slice(0, options.limit - 80)}\n\n_… cut to fit GitHub's comment limit._\n`;
}

function notice(omitted: number, total: number, fullReport: string): string {
  return (
    `> **Truncated:** ${omitted.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows are left out to keep this comment under ` +
    `GitHub's ${GITHUB_COMMENT_LIMIT.toLocaleString('en-US')}-character limit. The full report: ${fullReport}.\n\n`
  );
}
