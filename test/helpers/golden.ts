import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths.js';

/**
 * Compares `actual` with test/golden/<name>. With UPDATE_GOLDEN=1 the file
 * is written instead (and the test passes): review the diff before
 * committing. A missing golden file fails, so a test never passes by
 * writing the output it was meant to check.
 */
export function assertGolden(name: string, actual: string): void {
  const file = path.join(repoRoot, 'test', 'golden', name);
  if (process.env['UPDATE_GOLDEN'] === '1') {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) assert.fail(`golden file test/golden/${name} is missing; run with UPDATE_GOLDEN=1 to write it, then review and commit it`);
  assert.equal(actual, readFileSync(file, 'utf8'), `output differs from test/golden/${name} (UPDATE_GOLDEN=1 rewrites it)`);
}
