/**
 * Text fitted to a terminal width. Everything here counts UTF-16 code units
 * of text without escape sequences: the reports hold package names, ids and
 * ASCII prose, whose characters each take one column.
 */

const ELLIPSIS = '…';

/** `text` cut to `width` columns, ending in an ellipsis when something was cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length <= width) return text;
  if (width === 1) return ELLIPSIS;
  return `${text.slice(0, width - 1).trimEnd()}${ELLIPSIS}`;
}

/**
 * Items joined by `separator`, as many as fit in `width`, then `+N` for the
 * rest (`GHSA-1, CVE-2 +3`): a list cut where a reader can still count it.
 */
export function fitList(items: readonly string[], width: number, separator = ', '): string {
  const whole = items.join(separator);
  if (whole.length <= width) return whole;
  for (let shown = items.length - 1; shown >= 1; shown--) {
    const text = `${items.slice(0, shown).join(separator)} +${items.length - shown}`;
    if (text.length <= width) return text;
  }
  const rest = items.length > 1 ? ` +${items.length - 1}` : '';
  return `${truncate(items[0] ?? '', width - rest.length)}${rest}`.slice(0, Math.max(0, width));
}

/**
 * Prose wrapped at word boundaries to lines of at most `width` columns; the
 * lines after the first start with `indent`. A word longer than a line is cut.
 */
export function wrapText(text: string, width: number, indent = ''): string[] {
  // A line's own leading spaces stay (an indented list item), and so do its continuations'.
  const lead = /^ */.exec(text)?.[0] ?? '';
  if (lead !== '') return wrapText(text.slice(lead.length), width - lead.length, indent).map((line) => `${lead}${line}`);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const prefix = lines.length === 0 ? '' : indent;
    const candidate = line === '' ? `${prefix}${word}` : `${line} ${word}`;
    if (candidate.length <= width || line === '') {
      line = candidate.length <= width ? candidate : truncate(candidate, width);
      continue;
    }
    lines.push(line);
    const next = `${indent}${word}`;
    line = next.length <= width ? next : truncate(next, width);
  }
  if (line !== '') lines.push(line);
  return lines;
}
