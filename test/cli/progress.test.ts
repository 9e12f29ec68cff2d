import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { test } from 'node:test';
import { inventoryProgress } from '../../src/cli/inventory-progress.js';
import { createProgress } from '../../src/cli/progress.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { fixtureProject } from '../helpers/paths.js';

function terminal(isTTY = true): { isTTY: boolean; written: string[]; write(text: string): boolean } {
  const written: string[] = [];
  return { isTTY, written, write: (text) => written.push(text) > 0 };
}

test('a phase is one line on a terminal, redrawn with its time once it passes a second, and cleared at the end', async () => {
  const stream = terminal();
  const progress = createProgress(true, stream, {});
  progress.phase('reading the dependency tree');
  assert.deepEqual(stream.written, ['\r\x1b[2Kreading the dependency tree…']);
  await delay(1300);
  assert.equal(stream.written.at(-1), '\r\x1b[2Kreading the dependency tree… 1 s');
  progress.phase('matching advisories');
  progress.finish();
  assert.equal(stream.written.at(-1), '\r\x1b[2K');
  const count = stream.written.length;
  await delay(300);
  assert.equal(stream.written.length, count, 'nothing is drawn after finish');
});

// [why progress stays silent, enabled, isTTY, env]
const silent: Array<[string, boolean, boolean, Record<string, string>]> = [
  ['--no-progress', false, true, {}],
  ['stderr is not a terminal', true, false, {}],
  ['CI=true', true, true, { CI: 'true' }],
  ['CI=1', true, true, { CI: '1' }],
];
for (const [why, enabled, isTTY, env] of silent) {
  test(`no progress at all when ${why}`, () => {
    const stream = terminal(isTTY);
    const progress = createProgress(enabled, stream, env);
    progress.phase('reading the dependency tree');
    progress.update('registry metadata', 1, 10);
    progress.finish();
    assert.deepEqual(stream.written, []);
  });
}

test('CI=false or CI=0 does not count as CI', () => {
  for (const value of ['false', '0']) {
    const stream = terminal();
    createProgress(true, stream, { CI: value }).phase('scoring');
    assert.equal(stream.written.length, 1);
  }
});

test('reading the tree draws its own progress from inside (it never yields): the lockfile, packages counted to the end, components, paths', async () => {
  const stream = terminal();
  const progress = createProgress(true, stream, {});
  const steps: string[] = [];
  const report = inventoryProgress(progress);
  await loadInventory(fixtureProject('old-express-api'), { onProgress: (step, done, total) => (steps.push(`${step} ${done}/${total}`), report(step, done, total)) });
  progress.finish();
  assert.equal(steps[0], 'lockfile 0/0');
  assert.ok(steps.includes('packages 636/636'), steps.join(', '));
  assert.ok(steps.some((step) => step.startsWith('components ')));
  assert.equal(steps.at(-1), 'paths 0/0');
  const drawn = stream.written.join('');
  for (const text of ['reading the lockfile…', 'reading the dependency tree: packages', 'counting dependency paths…']) assert.ok(drawn.includes(text), text);
  // The same reading in CI draws nothing.
  const quiet = terminal();
  await loadInventory(fixtureProject('old-express-api'), { onProgress: inventoryProgress(createProgress(true, quiet, { CI: 'true' })) });
  assert.deepEqual(quiet.written, []);
});
