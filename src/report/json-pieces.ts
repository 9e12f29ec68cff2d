/**
 * The text of `JSON.stringify(value, null, gap)` in pieces, made as they are
 * read: the members of objects and arrays down to `splitDepth` levels are
 * given one by one, everything deeper as one `JSON.stringify` each. A
 * report of 100,000 components (110 MB) is then written without ever being
 * one string (which JSON.stringify builds twice over while it makes it).
 *
 * Joined, the pieces are exactly JSON.stringify's text (ECMA-262,
 * SerializeJSONProperty): `toJSON` is called with the member's key; an
 * undefined, function or symbol member is left out of an object and is
 * `null` in an array; only own enumerable string keys are written, in
 * `Object.keys` order. `gap` is the indentation unit ('' for none).
 */
export function* jsonPieces(value: unknown, gap: string, splitDepth: number): Generator<string> {
  const prepared = toJsonValue(value, '');
  if (!skipped(prepared)) yield* piecesOf(prepared, '', gap, splitDepth);
}

function* piecesOf(value: unknown, indent: string, gap: string, depth: number): Generator<string> {
  if (depth === 0 || !splittable(value)) {
    const text = JSON.stringify(value, null, gap);
    // JSON.stringify indents nested lines from column 0; here they are `indent` deeper. Strings in JSON hold no raw newline.
    yield indent !== '' && gap !== '' ? text.replaceAll('\n', `\n${indent}`) : text;
    return;
  }
  const inner = indent + gap;
  const lineStart = gap === '' ? '' : `\n${inner}`;
  const close = gap === '' ? '' : `\n${indent}`;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    for (let index = 0; index < value.length; index++) {
      yield `${index === 0 ? '[' : ','}${lineStart}`;
      const item = toJsonValue(value[index], String(index));
      if (skipped(item)) yield 'null';
      else yield* piecesOf(item, inner, gap, depth - 1);
    }
    yield `${close}]`;
    return;
  }
  const record = value as Record<string, unknown>;
  let first = true;
  for (const key of Object.keys(record)) {
    const member = toJsonValue(record[key], key);
    if (skipped(member)) continue;
    yield `${first ? '{' : ','}${lineStart}${JSON.stringify(key)}${gap === '' ? ':' : ': '}`;
    first = false;
    yield* piecesOf(member, inner, gap, depth - 1);
  }
  yield first ? '{}' : `${close}}`;
}

/** An array or a plain object: what is split into members (anything else, a Map or a Date's string, is stringified whole). */
function splittable(value: unknown): value is object {
  if (Array.isArray(value)) return true;
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function toJsonValue(value: unknown, key: string): unknown {
  if ((typeof value === 'object' && value !== null) || typeof value === 'bigint') {
    const toJson: unknown = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJson === 'function') return (toJson as (key: string) => unknown).call(value, key);
  }
  return value;
}

function skipped(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}
