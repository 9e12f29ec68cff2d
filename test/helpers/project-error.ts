import assert from 'node:assert/strict';
import { ProjectError } from '../../src/model/errors.js';

/**
 * For `assert.rejects` / `assert.throws`: the error is what the CLI prints as
 * one `deptrust: …` line with exit 2 (docs/exit-codes.md), a ProjectError of
 * one line matching `pattern`.
 */
export function oneLineProjectError(pattern: RegExp): (error: unknown) => true {
  return (error) => {
    assert.ok(error instanceof ProjectError, `expected a ProjectError, got ${String(error)}`);
    assert.equal(error.exitCode, 2);
    assert.match(error.message, pattern);
    assert.ok(!error.message.includes('\n'), `one line: ${error.message}`);
    return true;
  };
}
