import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { makeZip } from '../helpers/make-zip.js';
import { fixtureProject, repoRoot } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

// 53 Node.js Security WG advisories on packages the example API installs
// (test/fixtures/advisories/nswg-sample/README.md), in a zip laid out like OSV's npm/all.zip.
const folder = path.join(repoRoot, 'test', 'fixtures', 'advisories', 'nswg-sample');
const files = readdirSync(folder).filter((name) => name.endsWith('.json'));

test('the Node.js Security WG advisories import and find exactly the affected components of the example API', async () => {
  const dir = tempDir();
  const zip = await makeZip(path.join(dir, 'all.zip'), Object.fromEntries(files.map((name) => [name, readFileSync(path.join(folder, name))])));
  const db = path.join(dir, 'nswg.db');
  const imported = await runCli(['db', 'import', zip], { env: { DEPTRUST_DB: db } });
  assert.equal(imported.code, 0, imported.stderr);
  assert.equal(imported.stdout, `imported ${files.length} records: ${files.length} new, 0 updated, 0 unchanged, 0 other ecosystems skipped, 0 invalid skipped\n`);
  const scan = await runCli(['scan', fixtureProject('old-express-api'), '--offline', '--no-registry', '--format', 'json', '--reproducible'], { env: { DEPTRUST_DB: db } });
  const result = JSON.parse(scan.stdout) as { findings: Array<{ ids: string[]; component: { name: string; version: string } }> };
  // Checked by hand against each advisory's original range (database_specific.source_range):
  // handlebars 4.0.11 < 4.6.0; hoek 2.16.3 < 4.2.1; lodash 4.17.4 < 4.17.11 and < 4.17.5 (not in
  // >=4.17.15 <4.17.19); morgan 1.9.0 < 1.9.1; mpath 0.3.0 < 0.5.1. Everything else installed is
  // outside its ranges, at a fixed version itself (cookie-signature 1.0.6, hawk 3.1.3,
  // stringstream 0.0.6, tunnel-agent 0.6.0) or past a last_affected (eslint-scope 3.7.3).
  assert.deepEqual(
    result.findings.map((f) => `${f.component.name}@${f.component.version} ${f.ids.filter((id) => id.startsWith('NSWG')).join(',')}`).sort(),
    [
      'handlebars@4.0.11 NSWG-ECO-519',
      'hoek@2.16.3 NSWG-ECO-367',
      'lodash@4.17.4 NSWG-ECO-368',
      'lodash@4.17.4 NSWG-ECO-493',
      'morgan@1.9.0 NSWG-ECO-473',
      'mpath@0.3.0 NSWG-ECO-491',
    ],
  );
  assert.equal(scan.code, 1);
});
