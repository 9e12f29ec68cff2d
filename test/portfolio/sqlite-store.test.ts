import assert from 'node:assert/strict';
import { test } from 'node:test';
import path from 'node:path';
import { SqlitePortfolioStore } from '../../src/store/sqlite-portfolio-store.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { storeContract } from './store-contract.js';

let stores = 0;
storeContract('SQLite', async () => SqlitePortfolioStore.open(path.join(tempDir(), `portfolio-${++stores}.db`)));

test('portfolio who reads no policy file when --store names the store, but checks one that --config names', async () => {
  const dir = tempDir();
  const store = path.join(dir, 'portfolio.db');
  const named = await runCli(['portfolio', 'who', 'lodash', '--store', store, '--format', 'json'], { cwd: dir });
  assert.equal(named.code, 0, named.stderr);
  const missing = await runCli(['portfolio', 'who', 'lodash', '--store', store, '--config', path.join(dir, 'missing.json')], { cwd: dir });
  assert.equal(missing.code, 2, missing.stderr);
  assert.match(missing.stderr, /^deptrust: .*missing\.json/);
});
