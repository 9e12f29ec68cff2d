import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exitCodeFor } from '../../src/cli/exit.js';
import { DataError, UsageError } from '../../src/model/errors.js';
import { ExitCode } from '../../src/model/exit-codes.js';

test('a bug exits 4, apart from data errors (3) and usage errors (2), with one line and no stack trace', () => {
  const lines: string[] = [];
  const code = exitCodeFor(new TypeError("Cannot read properties of undefined (reading 'id')\n    at somewhere"), (line) => lines.push(line), {});
  assert.equal(code, ExitCode.Internal);
  assert.equal(code, 4);
  assert.deepEqual(lines, ["deptrust: internal error: Cannot read properties of undefined (reading 'id') (please report it; set DEPTRUST_DEBUG=1 for details)"]);
  assert.equal(exitCodeFor(new DataError('no data'), () => undefined, {}), 3);
  assert.equal(exitCodeFor(new UsageError('bad flag'), () => undefined, {}), 2);
});

test('DEPTRUST_DEBUG=1 adds the stack trace of a bug, never of an expected error', () => {
  const bug: string[] = [];
  exitCodeFor(new Error('boom'), (line) => bug.push(line), { DEPTRUST_DEBUG: '1' });
  assert.equal(bug.length, 2);
  assert.match(bug[1] ?? '', /^Error: boom\n\s+at /);
  const expected: string[] = [];
  exitCodeFor(new DataError('the database is corrupt'), (line) => expected.push(line), { DEPTRUST_DEBUG: '1' });
  assert.deepEqual(expected, ['deptrust: the database is corrupt']);
});
