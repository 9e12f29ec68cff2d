import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fixtureProject, repoRoot } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

// ../shared is beside the repository on developer machines and in CI, but not
// on a fresh clone elsewhere: the test skips cleanly without it.
const sharedZip = path.join(repoRoot, '..', 'shared', 'advisories', 'nswg-npm-osv.zip');

test('the Node.js Security WG advisories (467 real records) import and find exactly the affected components', { skip: !existsSync(sharedZip) && 'shared/advisories/nswg-npm-osv.zip is not here' }, async () => {
  const db = path.join(tempDir(), 'nswg.db');
  const imported = await runCli(['db', 'import', sharedZip], { env: { DEPTRUST_DB: db } });
  assert.equal(imported.code, 0, imported.stderr);
  assert.equal(imported.stdout, 'imported 467 records: 467 new, 0 updated, 0 unchanged, 0 other ecosystems skipped, 0 invalid skipped\n');
  const scan = await runCli(['scan', fixtureProject('old-express-api'), '--offline', '--format', 'json', '--reproducible'], { env: { DEPTRUST_DB: db } });
  const result = JSON.parse(scan.stdout) as { findings: Array<{ ids: string[]; component: { name: string; version: string } }> };
  // Checked by hand against each advisory's original range (database_specific.source_range):
  // handlebars 4.0.11 < 4.6.0; hoek 2.16.3 < 4.2.1; lodash 4.17.4 < 4.17.11 and < 4.17.5;
  // morgan 1.9.0 < 1.9.1; mpath 0.3.0 < 0.5.1. Everything else installed is outside its ranges.
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
