import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allDistinct } from '../../src/schema/json-schema-validator.js';

// JSON Schema `uniqueItems`: no two items are equal JSON values (key order never matters).
// [items, distinct]
const CASES: Array<[unknown[], boolean]> = [
  [[], true],
  [[1, 2, 3], true],
  [[1, 1], false],
  [[1, '1'], true],
  [[null, 'null'], true],
  [[{ a: 1, b: 2 }, { b: 2, a: 1 }], false],
  [[{ a: { x: [1, 2] } }, { a: { x: [2, 1] } }], true],
  [[{ a: { x: [1, { p: 1, q: 2 }] } }, { a: { x: [1, { q: 2, p: 1 }] } }], false],
  [[{ a: { b: 1 } }, { a: { b: 2 } }, { a: { b: 1 } }], false],
  [[{ a: { b: 1 } }, { a: { b: 2 } }, { a: { b: 3 } }], true],
  [[[1, 2], [1, 2]], false],
  [[[1, 2], [2, 1]], true],
  [[{ a: [] }, { a: {} }], true],
];

test('allDistinct decides uniqueItems as JSON equality, whatever the key order', () => {
  for (const [items, distinct] of CASES) assert.equal(allDistinct(items), distinct, JSON.stringify(items));
});
