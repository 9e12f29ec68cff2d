import { neutralizeControls } from './control-characters.js';
import { drawTable } from './draw-table.js';
import { truncate } from './fit-text.js';

/** One column of a table that must fit the terminal. */
export interface Column<Row> {
  /** Names the column in the header and in the fitting steps. */
  header: string;
  /** The cell's text in `width` columns at most (`Infinity`: the whole text); it may say less rather than cut. */
  cell(row: Row, width: number): string;
  /** Decoration applied after fitting (colour); it must not change the visible width. */
  style?(row: Row, fitted: string): string;
}

/**
 * How a table gives up width, least important first: shrink a column down
 * to a width (only as far as needed), or drop it.
 */
export type FitStep = { shrink: string; to: number } | { drop: string };

export interface FitOptions {
  /** The terminal's width in columns. */
  width: number;
  /** Every column at its natural width, whatever the terminal. */
  wide?: boolean;
}

/**
 * A cell's text with control characters from outside (names, ids, advisory
 * text) shown as visible escapes, before it is measured: nothing in a cell
 * acts on the terminal, and the escapes take the columns they show.
 */
function cellText<Row>(column: Column<Row>, row: Row, width: number): string {
  return neutralizeControls(column.cell(row, width));
}

// A table is drawn `│ cell │ cell │` (draw-table.ts): one border per column plus one, and a space on each side of a cell.
const bordersFor = (columns: number): number => columns * 3 + 1;

/**
 * The columns kept and their widths: every column at its natural width if
 * the table fits, otherwise the steps are taken in order until it does.
 */
export function fitColumns<Row>(columns: ReadonlyArray<Column<Row>>, rows: readonly Row[], steps: readonly FitStep[], options: FitOptions): Array<{ column: Column<Row>; width: number }> {
  const naturalWidth = (column: Column<Row>): number => Math.max(column.header.length, ...rows.map((row) => cellText(column, row, Number.POSITIVE_INFINITY).length));
  const natural = new Map(columns.map((column) => [column.header, naturalWidth(column)]));
  const widths = new Map(natural);
  let kept = [...columns];
  const excess = (): number => kept.reduce((sum, column) => sum + (widths.get(column.header) ?? 0), 0) + bordersFor(kept.length) - options.width;
  if (!options.wide) {
    for (const step of steps) {
      if (excess() <= 0) break;
      if ('drop' in step) {
        kept = kept.filter((column) => column.header !== step.drop);
        continue;
      }
      const width = widths.get(step.shrink);
      if (width === undefined || width <= step.to) continue;
      widths.set(step.shrink, Math.max(step.to, width - excess()));
    }
  }
  // Width a later drop freed goes back to the columns shrunk before it, the last shrunk first.
  let slack = options.wide ? 0 : -excess();
  for (const step of [...steps].reverse()) {
    if (slack <= 0 || !('shrink' in step) || !kept.some((column) => column.header === step.shrink)) continue;
    const width = widths.get(step.shrink) ?? 0;
    const give = Math.min(slack, (natural.get(step.shrink) ?? width) - width);
    if (give <= 0) continue;
    widths.set(step.shrink, width + give);
    slack -= give;
  }
  return kept.map((column) => ({ column, width: widths.get(column.header) ?? column.header.length }));
}

export interface FittedTable {
  text: string;
  /** True when a column was dropped or a cell cut to fit the width. */
  cut: boolean;
}

/** The table drawn with one line per row, every cell fitted to its column: no line wider than `options.width` unless `wide` (or the steps run out). */
export function renderFittedTable<Row>(columns: ReadonlyArray<Column<Row>>, rows: readonly Row[], steps: readonly FitStep[], options: FitOptions): FittedTable {
  const fitted = fitColumns(columns, rows, steps, options);
  let cut = fitted.length < columns.length;
  const body = rows.map((row) =>
    fitted.map(({ column, width }) => {
      const whole = cellText(column, row, Number.POSITIVE_INFINITY);
      const text = options.wide || whole.length <= width ? whole : truncate(cellText(column, row, width), width);
      if (text !== whole) cut = true;
      return column.style ? column.style(row, text) : text;
    }),
  );
  const head = fitted.map(({ column, width }) => truncate(column.header, width));
  return { text: drawTable(head, body, fitted.map(({ width }) => width)), cut };
}
