import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { osvRecord } from '../helpers/osv-records.js';
import { fixtureProject } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const project = fixtureProject('old-express-api');

interface ReduceJson {
  schemaVersion: number;
  dependencies: Array<{ name: string; usage: Array<{ verdict: string; evidence: Array<{ file: string; line: number }> }>; exclusive: string[]; stillNeeded: boolean; advisories: Array<{ id: string }>; installScripts: string[]; replacements: Array<{ kind: string; use: string }> }>;
  duplicates: Array<{ name: string; versions: string[]; foldTo: string }>;
  totals: { components: number; direct: number };
}

test('deptrust reduce on the example API: what leaves with each direct dependency, what is inside, what could replace it', async () => {
  const dir = tempDir();
  const db = path.join(dir, 'reduce.db');
  const records = path.join(dir, 'mpath.json');
  // A public advisory (CVE-2018-16490, mpath < 0.5.1), in mongoose's exclusive subtree.
  writeFileSync(records, JSON.stringify(osvRecord('GHSA-h466-j336-74wx', 'mpath', [{ introduced: '0' }, { fixed: '0.5.1' }], { aliases: ['CVE-2018-16490'], database_specific: { severity: 'HIGH' } })));
  assert.equal((await runCli(['db', 'import', records], { env: { DEPTRUST_DB: db } })).code, 0);

  const json = await runCli(['reduce', project, '--format', 'json', '--offline', '--no-registry'], { env: { DEPTRUST_DB: db } });
  assert.equal(json.code, 0, json.stderr);
  const report = JSON.parse(json.stdout) as ReduceJson;
  assert.equal(report.schemaVersion, 1);
  assert.equal(report.totals.direct, 25);
  const byName = new Map(report.dependencies.map((d) => [d.name, d]));
  const mongoose = byName.get('mongoose');
  assert.ok(mongoose?.exclusive.includes('pkg:npm/mpath@0.3.0'));
  assert.deepEqual(mongoose?.advisories.map((a) => a.id), ['GHSA-h466-j336-74wx']);
  assert.ok((byName.get('nodemon')?.exclusive.length ?? 0) > 100, 'nodemon drags in more than a hundred packages');
  assert.ok((byName.get('bcrypt')?.installScripts.length ?? 0) >= 1);
  assert.equal(byName.get('request')?.stillNeeded, true, 'other packages still need request');
  assert.ok(byName.get('moment')?.replacements.some((r) => r.use === 'day.js'), 'e18e suggests day.js for moment');
  // Ranked by savings: nothing below outranks what is above.
  assert.equal(report.dependencies[0]?.name, 'nodemon');
  assert.deepEqual(byName.get('nodemon')?.usage.map((u) => u.verdict), ['unused'], 'no script or configuration runs nodemon');
  assert.deepEqual(mongoose?.usage[0]?.evidence[0], { kind: 'import', source: 'code', file: 'src/orders.js', line: 5, context: 'runtime', detail: 'mongoose' });

  // explain gives the same facts for a direct dependency (JSON and a line of text); a transitive one has none.
  const explained = await runCli(['explain', 'mongoose', project, '--format', 'json'], { env: { DEPTRUST_DB: db } });
  const [explainedMongoose] = (JSON.parse(explained.stdout) as { components: Array<{ reduce?: Record<string, unknown> }> }).components;
  const fromReduce = JSON.parse(json.stdout).dependencies.find((d: { name: string }) => d.name === 'mongoose') as Record<string, unknown>;
  const reduceFacts = Object.fromEntries(['exclusive', 'stillNeeded', 'advisories', 'malware', 'installScripts', 'signals', 'replacements'].map((key) => [key, fromReduce[key]]));
  assert.deepEqual(explainedMongoose?.reduce, reduceFacts);
  assert.match((await runCli(['explain', 'mongoose', project], { env: { DEPTRUST_DB: db } })).stdout, /\n {2}reduce: {2}mongoose \(used, src\/orders\.js:5\): 15 packages, 1 advisory \(1 high\)\n/);
  assert.doesNotMatch((await runCli(['explain', 'mpath', project], { env: { DEPTRUST_DB: db } })).stdout, /reduce:/);

  const table = await runCli(['reduce', project, '--offline', '--no-registry'], { env: { DEPTRUST_DB: db } });
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /^ {2}remove nodemon: \d+ packages, 1 install script$/m);
  // mongoose is used: its cost is shown, never advice to remove it.
  assert.match(table.stdout, /^ {2}mongoose \(used, src\/orders\.js:5\): 15 packages, 1 advisory \(1 high\)$/m);
  assert.doesNotMatch(table.stdout, /remove mongoose/);
  assert.ok(table.stdout.split('\n').every((line) => line.length <= 80), 'fits 80 columns');

  const markdown = path.join(dir, 'reduce.md');
  assert.equal((await runCli(['reduce', project, '--format', 'markdown', '-o', markdown, '--offline', '--no-registry'], { env: { DEPTRUST_DB: db } })).code, 0);
  assert.match(readFileSync(markdown, 'utf8'), /\| `moment@2\.19\.1` \| prod \| used \| 0 \| 0 \| 0 \| \[day\.js\]\(https:\/\/e18e\.dev\/docs\/replacements\/moment\)/);
});
