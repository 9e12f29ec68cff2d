/**
 * A box-drawn table of one-line cells, each already fitted to its column:
 *
 *   ┌──────┬─────┐
 *   │ Name │ Ver │
 *   ├──────┼─────┤
 *   │ a    │ 1.0 │
 *   └──────┴─────┘
 *
 * It draws what cli-table3 draws for such a table (compact, a space of
 * padding each side), in time linear in the cells: cli-table3 lays out row
 * and column spans by comparing every cell with every earlier row's cells,
 * and measures each cell through a freshly built regular expression, which
 * made a 1,300-row `portfolio who` take seconds.
 */

// Our own colours (terminal-style.ts) are SGR sequences; the cell texts had their control characters neutralised before they were styled.
// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g;

/** The columns a text takes on the terminal: one per UTF-16 code unit once colours are left out (fit-text.ts). */
export function visibleLength(text: string): number {
  return text.includes('\u001b') ? text.replace(SGR, '').length : text.length;
}

export function drawTable(head: readonly string[], rows: ReadonlyArray<readonly string[]>, widths: readonly number[]): string {
  const rule = (left: string, middle: string, right: string): string => `${left}${widths.map((width) => '─'.repeat(width + 2)).join(middle)}${right}`;
  const line = (cells: readonly string[]): string => `│${widths.map((width, index) => {
    const cell = cells[index] ?? '';
    return ` ${cell}${' '.repeat(Math.max(0, width - visibleLength(cell)))} `;
  }).join('│')}│`;
  const lines = [rule('┌', '┬', '┐'), line(head)];
  if (rows.length > 0) lines.push(rule('├', '┼', '┤'));
  for (const row of rows) lines.push(line(row));
  lines.push(rule('└', '┴', '┘'));
  return lines.join('\n');
}
