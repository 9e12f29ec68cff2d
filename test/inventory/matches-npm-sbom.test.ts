import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { cleanEnv } from '../helpers/clean-env.js';
import { nameVersions } from '../helpers/inventory.js';
import { fixtureProject } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp-dir.js';

const run = promisify(execFile);

test('the inventory lists the same name@version set as npm sbom on the same lockfile', async () => {
  const dir = fixtureProject('old-express-api');
  // npm ships with Node.js; it runs without the user's npm configuration or cache (and needs no network for this).
  const { stdout } = await run('npm', ['sbom', '--package-lock-only', '--sbom-format', 'cyclonedx'], { cwd: dir, env: cleanEnv(tempDir()), maxBuffer: 64 * 1024 * 1024 });
  const npmBom = JSON.parse(stdout) as { components: Array<{ name: string; group?: string; version: string }> };
  const fromNpm = [...new Set(npmBom.components.map((c) => `${c.group ? `${c.group}/` : ''}${c.name}@${c.version}`))].sort();
  const inventory = await loadInventory(dir);
  assert.ok(fromNpm.length > 500);
  assert.deepEqual(nameVersions(inventory), fromNpm);
});
