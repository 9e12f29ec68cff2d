import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { osvRecord } from '../helpers/osv-records.js';
import { fixtureProject, repoRoot } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir, writeTree } from '../helpers/temp-dir.js';

const project = fixtureProject('nested-duplicate-versions');

// [policy, expected stderr]
const invalid: Array<[unknown, RegExp]> = [
  [{ failOn: { severity: 'extreme' } }, /policy\.json: \/failOn\/severity: must be equal to one of the allowed values \("critical", "high", "medium", "moderate", "low", "none"\)/],
  [{ ignore: [{ id: 'GHSA-x', reason: 'because it is fine' }] }, /\/ignore\/0: must have required property 'expires'/],
  [{ ignore: [{ id: 'GHSA-x', reason: 'because it is fine', expires: '2026-02-30' }] }, /\/ignore\/0\/expires: "2026-02-30" is not a real date/],
  [{ ignore: [{ id: 'GHSA-x', reason: 'because it is fine', expires: '2026-12-01', versions: 'not a range!' }] }, /\/ignore\/0\/versions: "not a range!" is not a semver range/],
  [{ failOn: { licenses: { deny: ['Not-A-Licence'] } } }, /\/failOn\/licenses\/deny\/0: "Not-A-Licence" is not an SPDX licence id/],
  [{ failon: {} }, /policy\.json: \/: unknown key "failon"/],
  ['{ "failOn": ', /malformed JSON in .*policy\.json at line 1, column 13: Unexpected end of JSON input/],
  ['{\n  "version": 1,\n  // a comment\n}', /malformed JSON in .*policy\.json at line 3, column 3: Expected double-quoted property name/],
  [Buffer.from('{"ignore":[{"id":"GHSA-\xff","reason":"because it is fine","expires":"2099-01-01"}]}', 'latin1'), /policy\.json is not valid UTF-8 \(line 1\)$/m],
];

for (const [policy, expected] of invalid) {
  test(`an invalid policy file exits 2 and names the JSON path: ${expected.source.slice(0, 50)}`, async () => {
    const file = path.join(tempDir(), 'policy.json');
    writeFileSync(file, typeof policy === 'string' || Buffer.isBuffer(policy) ? policy : JSON.stringify(policy));
    const result = await runCli(['scan', project, '--config', file, '--offline'], { env: { DEPTRUST_DB: path.join(tempDir(), 'x.db') } });
    assert.equal(result.code, 2);
    assert.match(result.stderr, expected);
    assert.equal(result.stderr.split('\n').filter(Boolean).length, 1);
  });
}

test('a policy file is read as project files are: a FIFO is refused at once (the read would block for ever), a byte order mark is allowed', async () => {
  const dir = tempDir();
  const fifo = path.join(dir, 'fifo.json');
  execFileSync('mkfifo', [fifo]);
  const db = path.join(dir, 'x.db');
  const refused = await runCli(['scan', project, '--config', fifo, '--offline'], { env: { DEPTRUST_DB: db } });
  assert.equal(refused.code, 2);
  assert.equal(refused.stderr, `deptrust: ${fifo} is not a regular file\n`);
  const bom = path.join(dir, 'bom.json');
  writeFileSync(bom, `\uFEFF${JSON.stringify({ failOn: { severity: 'extreme' } })}`);
  const read = await runCli(['scan', project, '--config', bom, '--offline'], { env: { DEPTRUST_DB: db } });
  assert.equal(read.code, 2);
  assert.match(read.stderr, /bom\.json: \/failOn\/severity: must be equal to one of the allowed values/);
});

test('deptrust init writes a starter policy that validates, and refuses to overwrite it', async () => {
  const dir = writeTree(tempDir(), { 'package.json': { name: 'x' } });
  const first = await runCli(['init', dir]);
  assert.equal(first.code, 0, first.stderr);
  const written = JSON.parse(readFileSync(path.join(dir, '.deptrust.json'), 'utf8')) as { failOn: { severity: string }; ignore: unknown[]; $schema?: string };
  assert.equal(written.failOn.severity, 'high');
  // No placeholder rule to warn "matched nothing", and no $schema that points nowhere (deptrust is not installed here).
  assert.deepEqual(written.ignore, []);
  assert.equal(written.$schema, undefined);
  const again = await runCli(['init', dir]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /\.deptrust\.json exists already \(use --force to replace it\)/);
});

test('deptrust init points $schema at the schema the installed package ships, and the policy is silent as written', async () => {
  const dir = writeTree(tempDir(), { 'package.json': { name: 'x' } });
  cpSync(project, dir, { recursive: true });
  // deptrust installed in the project, as `npm install -D deptrust` leaves it.
  mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  symlinkSync(repoRoot, path.join(dir, 'node_modules', 'deptrust'), 'dir');
  const init = await runCli(['init', dir]);
  assert.equal(init.code, 0, init.stderr);
  const written = JSON.parse(readFileSync(path.join(dir, '.deptrust.json'), 'utf8')) as { $schema?: string };
  assert.equal(written.$schema, 'node_modules/deptrust/docs/schemas/policy.v1.schema.json');
  assert.ok(existsSync(path.join(dir, written.$schema)));

  const db = path.join(tempDir(), 'silent.db');
  const records = path.join(tempDir(), 'records.json');
  writeFileSync(records, JSON.stringify(osvRecord('GHSA-s1le-0000-0001', 'left-pad', [{ introduced: '0' }, { fixed: '0.0.1' }])));
  assert.equal((await runCli(['db', 'import', records], { env: { DEPTRUST_DB: db } })).code, 0);
  const scan = await runCli(['scan', dir, '--offline', '--no-registry'], { env: { DEPTRUST_DB: db } });
  assert.equal(scan.code, 0, scan.stderr);
  assert.doesNotMatch(scan.stderr, /warning/);
});
