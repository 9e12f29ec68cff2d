import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { renderCycloneDx } from '../../src/report/cyclonedx.js';
import { startCycloneDxValidator } from '../../src/report/cyclonedx-validation.js';
import { fixtureProject } from '../helpers/paths.js';

test('documents validated at once through one worker each get their own answer; a validator closed unused leaves the worker to the next', async () => {
  const inventory = await loadInventory(fixtureProject('non-registry-sources'));
  const good = renderCycloneDx(inventory, { spec: '1.6', format: 'json', reproducible: true, tool: { name: 'deptrust', version: '0.0.0-test' } });
  const broken = JSON.stringify({ ...(JSON.parse(good) as object), version: 'one' });
  const documents = Array.from({ length: 8 }, (_, index) => (index % 3 === 1 ? broken : good));
  const answers = await Promise.all(documents.map((json) => startCycloneDxValidator('1.6').validate(json)));
  answers.forEach((issues, index) => {
    if (documents[index] === good) assert.deepEqual(issues, [], `document ${index}`);
    else assert.deepEqual(issues.map((issue) => issue.path), ['/version'], `document ${index}`);
  });
  const closed = startCycloneDxValidator('1.5');
  closed.close();
  assert.deepEqual((await startCycloneDxValidator('1.5').validate('{"bomFormat":"CycloneDX","specVersion":"1.5","version":"one"}')).map((issue) => issue.path), ['/version']);
});
