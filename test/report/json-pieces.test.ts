import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonPieces } from '../../src/report/json-pieces.js';

const sample = {
  schemaVersion: 2,
  empty: { list: [], object: {}, nested: [[], {}] },
  skipped: { gone: undefined, fn: () => 1, symbol: Symbol('s'), kept: null },
  list: [1, 'two', undefined, () => 3, Symbol('x'), { a: [{ b: 'c\n"d"' }] }, [[1, [2, [3]]]]],
  date: new Date(Date.UTC(2026, 11, 1)),
  withToJson: { toJSON: (key: string) => ({ key, map: new Map([['a', 1]]) }) },
  text: 'tab\t quote" backslash\\ newline\n unicode é 😀 \u2028',
  numbers: [0, -0, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 1e21],
  nullPrototype: Object.assign(Object.create(null) as object, { x: { y: [1] } }),
  components: Array.from({ length: 3 }, (_, index) => ({ id: `pkg:npm/p${index}@1.0.0`, paths: { count: index, sample: [`root > p${index}`] } })),
};

test('jsonPieces joined is JSON.stringify, byte for byte, with and without indentation and at every split depth', () => {
  for (const gap of ['', '  ', '\t']) {
    for (let depth = 0; depth <= 5; depth++) {
      for (const value of [sample, sample.list, sample.empty, [], {}, 'text', 42, null]) {
        assert.equal([...jsonPieces(value, gap, depth)].join(''), JSON.stringify(value, null, gap), `gap ${JSON.stringify(gap)}, depth ${depth}`);
      }
    }
  }
});

test('jsonPieces gives the members of a split list one piece each, made only when read', () => {
  let made = 0;
  const items = Array.from({ length: 4 }, (_, index) => ({ toJSON: () => ({ index, made: ++made }) }));
  const pieces = jsonPieces({ items }, '', 2);
  assert.equal(made, 0);
  assert.equal(pieces.next().value, '{"items":');
  assert.equal(pieces.next().value, '[');
  assert.equal(pieces.next().value, '{"index":0,"made":1}');
  assert.equal(made, 1);
  assert.equal([...pieces].join(''), ',{"index":1,"made":2},{"index":2,"made":3},{"index":3,"made":4}]}');
});
