import { createRequire } from 'node:module';
import type TableClass from 'cli-table3';

/**
 * cli-table3 (a dozen modules with its dependencies), loaded when the first
 * table is drawn: JSON, SARIF and Markdown output never need it, and a quick
 * command such as `portfolio who --format json` would spend a tenth of its
 * start-up loading it.
 */
let tableClass: typeof TableClass | undefined;
function Table(): typeof TableClass {
  tableClass ??= createRequire(import.meta.url)('cli-table3') as typeof TableClass;
  return tableClass;
}

/**
 * A box-drawn table of one-line cells, each already fitted to its column,
 * drawn by cli-table3 (compact, a space of padding each side):
 *
 *   ┌──────┬─────┐
 *   │ Name │ Ver │
 *   ├──────┼─────┤
 *   │ a    │ 1.0 │
 *   └──────┴─────┘
 *
 * cli-table3 lays out row and column spans by comparing every cell with every
 * earlier row's cells, so one table of 1,300 rows (`portfolio who`) takes
 * seconds. The columns' widths are fixed here, so the rows are drawn in
 * blocks and the blocks joined where their borders meet: the same text as
 * one table, in time linear in the rows.
 */
const ROWS_PER_BLOCK = 64;

// Our own colours (terminal-style.ts) are SGR sequences; the cell texts had their control characters neutralised before they were styled.
// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g;

/** The columns a text takes on the terminal: one per UTF-16 code unit once colours are left out (fit-text.ts). */
export function visibleLength(text: string): number {
  return text.includes('\u001b') ? text.replace(SGR, '').length : text.length;
}

function drawBlock(head: readonly string[], rows: ReadonlyArray<readonly string[]>, widths: readonly number[]): string[] {
  const table = new (Table())({
    head: [...head],
    colWidths: widths.map((width) => width + 2),
    wordWrap: false,
    style: { head: [], border: [], compact: true, 'padding-left': 1, 'padding-right': 1 },
  });
  for (const row of rows) table.push([...row]);
  return table.toString().split('\n');
}

export function drawTable(head: readonly string[], rows: ReadonlyArray<readonly string[]>, widths: readonly number[]): string {
  const lines = drawBlock(head, rows.slice(0, ROWS_PER_BLOCK), widths);
  for (let start = ROWS_PER_BLOCK; start < rows.length; start += ROWS_PER_BLOCK) {
    // A block without a head opens with the top border: the previous block's bottom border gives way to its rows.
    lines.pop();
    lines.push(...drawBlock([], rows.slice(start, start + ROWS_PER_BLOCK), widths).slice(1));
  }
  return lines.join('\n');
}
