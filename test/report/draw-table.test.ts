import assert from 'node:assert/strict';
import { test } from 'node:test';
import Table from 'cli-table3';
import { drawTable, visibleLength } from '../../src/report/draw-table.js';
import { COLOUR_STYLE } from '../../src/report/terminal-style.js';

/** What one cli-table3 table draws for fitted one-line cells. */
function cliTable3(head: readonly string[], rows: ReadonlyArray<readonly string[]>, widths: readonly number[]): string {
  const table = new Table({ head: [...head], colWidths: widths.map((width) => width + 2), wordWrap: false, style: { head: [], border: [], compact: true, 'padding-left': 1, 'padding-right': 1 } });
  for (const row of rows) table.push([...row]);
  return table.toString();
}

test('drawTable, drawing in blocks, gives exactly what one cli-table3 table draws for fitted cells: plain, coloured, empty, full-width, no rows, and block edges', () => {
  const widths = [8, 3, 12];
  const head = ['Package', 'Sev', 'Fixed in'];
  let seed = 7;
  const random = (n: number): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % n;
  };
  const words = ['lodash', 'qs', '', '4.17.21', 'GHSA-xv…', 'a b c', '@s/n', 'x'.repeat(8)];
  const rows = Array.from({ length: 200 }, () =>
    widths.map((width, column) => {
      const text = (words[random(words.length)] ?? '').slice(0, width);
      return column === 1 && random(2) === 0 ? COLOUR_STYLE.severity('critical', text.slice(0, 3)) : text;
    }),
  );
  assert.equal(drawTable(head, rows, widths), cliTable3(head, rows, widths));
  for (const count of [0, 1, 63, 64, 65, 128, 129]) assert.equal(drawTable(head, rows.slice(0, count), widths), cliTable3(head, rows.slice(0, count), widths), `${count} rows`);
  assert.equal(drawTable(['A'], [['']], [1]), cliTable3(['A'], [['']], [1]));
});

test('visibleLength leaves colours out', () => {
  assert.equal(visibleLength(COLOUR_STYLE.severity('malware', 'MALWARE')), 7);
  assert.equal(visibleLength('plain'), 5);
});
