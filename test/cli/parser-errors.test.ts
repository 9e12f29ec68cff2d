import assert from 'node:assert/strict';
import path from 'node:path';
import { before, test } from 'node:test';
import { osvRecord } from '../helpers/osv-records.js';
import { fixtureProject } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir, writeTree } from '../helpers/temp-dir.js';

// The command line as docs/exit-codes.md promises it: parser errors are one
// `deptrust: ...` line with exit 2; `--fail-on moderate` is medium; --help
// names the database path actually used.

const work = tempDir();
const db = path.join(work, 'deptrust.db');
const env = { DEPTRUST_DB: db };

before(async () => {
  // One medium (GitHub's "moderate") advisory against ms@2.0.0 in nested-duplicate-versions.
  const record = osvRecord('GHSA-m0de-rate-0001', 'ms', [{ introduced: '0' }, { fixed: '2.0.1' }], { database_specific: { severity: 'MODERATE' } });
  const imported = await runCli(['db', 'import', writeTree(path.join(work, 'advisories'), { 'GHSA-m0de-rate-0001.json': record })], { env });
  assert.equal(imported.code, 0, imported.stderr);
});

for (const [args, message] of [
  [['scan', '--bogus'], /^deptrust: unknown option '--bogus' \(run "deptrust scan --help" for usage\)\n$/],
  [['scan', '--fail-on', 'extreme'], /^deptrust: option '--fail-on <severity>' argument 'extreme' is invalid\. expected one of critical, high, medium \(or moderate\), low, none \(run "deptrust scan --help" for usage\)\n$/],
  [['db', 'imprt'], /^deptrust: unknown command 'imprt'.*\(run "deptrust db --help" for usage\)\n$/],
  [['diff', '.'], /^deptrust: required option '--base <git-ref\|lockfile>' not specified \(run "deptrust diff --help" for usage\)\n$/],
  [['explain'], /^deptrust: missing required argument 'package' \(run "deptrust explain --help" for usage\)\n$/],
] as const) {
  test(`parser error \`deptrust ${args.join(' ')}\`: one "deptrust: ..." line, exit 2`, async () => {
    const result = await runCli(args, { env });
    assert.equal(result.code, 2);
    assert.match(result.stderr, message);
    assert.equal(result.stdout, '');
  });
}

test('--fail-on moderate is medium: the moderate advisory fails the scan (exit 1), --fail-on high passes it (exit 0)', async () => {
  const dir = fixtureProject('nested-duplicate-versions');
  const moderate = await runCli(['scan', dir, '--offline', '--no-registry', '--fail-on', 'moderate', '--format', 'json'], { env });
  assert.equal(moderate.code, 1, moderate.stderr);
  const verdict = (JSON.parse(moderate.stdout) as { verdict: { failOn: string; violations: Array<{ rule: string }> } }).verdict;
  assert.equal(verdict.failOn, 'medium');
  assert.deepEqual(verdict.violations.map((v) => v.rule), ['fail-on medium']);
  const high = await runCli(['scan', dir, '--offline', '--no-registry', '--fail-on', 'high'], { env });
  assert.equal(high.code, 0, high.stderr);
});

test('a policy file with "severity": "moderate" is medium too', async () => {
  const config = writeTree(tempDir(), { '.deptrust.json': { failOn: { severity: 'moderate' } } });
  const result = await runCli(['scan', fixtureProject('nested-duplicate-versions'), '--offline', '--no-registry', '--config', path.join(config, '.deptrust.json')], { env });
  assert.equal(result.code, 1, result.stderr);
});

test('--help shows the database path in use: $XDG_CACHE_HOME honoured, $DEPTRUST_DB first', async () => {
  const cache = path.join(work, 'xdg-cache');
  const fromXdg = await runCli(['scan', '--help'], { env: { DEPTRUST_DB: '', XDG_CACHE_HOME: cache } });
  assert.equal(fromXdg.code, 0);
  assert.ok(fromXdg.stdout.replace(/\s+/g, ' ').includes(`(default: ${path.join(cache, 'deptrust', 'deptrust.db')}, from $XDG_CACHE_HOME/deptrust/deptrust.db)`), fromXdg.stdout);
  assert.doesNotMatch(fromXdg.stdout, /~\/\.cache/);
  for (const command of [['sbom'], ['explain'], ['db', 'status']]) {
    const help = await runCli([...command, '--help'], { env: { DEPTRUST_DB: db, XDG_CACHE_HOME: cache } });
    assert.ok(help.stdout.replace(/\s+/g, ' ').includes(`(default: ${db}, from $DEPTRUST_DB)`), `${command.join(' ')}: ${help.stdout}`);
  }
});
