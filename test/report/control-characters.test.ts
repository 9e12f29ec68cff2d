import assert from 'node:assert/strict';
import path from 'node:path';
import { before, test } from 'node:test';
import { escapeJsonControls, neutralizeControls } from '../../src/report/control-characters.js';
import { osvRecord } from '../helpers/osv-records.js';
import { fixtureProject } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir, writeTree } from '../helpers/temp-dir.js';

// Terminal control sequences in text from outside (advisory records,
// aliases, package names, policy ids) must never reach a terminal or a
// comment live: clear-screen, window titles, carriage-return fakes.

const CLEAR_SCREEN = '\u001b[2J\u001b[H';
const WINDOW_TITLE = '\u001b]0;pwned\u0007';
const C1_CSI = '\u009b31m';
const CR_FAKE = '\rNo known advisories affect these components.';
/** Anything live: C0 except newline, DEL, C1. */
// eslint-disable-next-line no-control-regex -- looking for control characters is the point
const LIVE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

test('neutralizeControls shows every control character as a visible escape, keeps newlines only where asked, and is idempotent', () => {
  assert.equal(neutralizeControls(`a${CLEAR_SCREEN}b`), 'a\\x1b[2J\\x1b[Hb');
  assert.equal(neutralizeControls(WINDOW_TITLE), '\\x1b]0;pwned\\x07');
  assert.equal(neutralizeControls(C1_CSI), '\\x9b31m');
  assert.equal(neutralizeControls(`ok${CR_FAKE}`), 'ok\\rNo known advisories affect these components.');
  assert.equal(neutralizeControls('line 1\r\nline 2\n\u0000'), 'line 1\\r\\nline 2\\n\\x00');
  assert.equal(neutralizeControls('line 1\r\nline 2\nx\ry', { keepNewlines: true }), 'line 1\nline 2\nx\\ry');
  assert.equal(neutralizeControls('tab\tstays'), 'tab\tstays');
  // Bidirectional overrides and isolates reorder what follows them on the line (a table row): shown, not obeyed.
  assert.equal(neutralizeControls('\u202egnp.exe | fail'), '\\u202egnp.exe | fail');
  assert.equal(neutralizeControls('a\u2066b\u2069c', { keepNewlines: true }), 'a\\u2066b\\u2069c');
  assert.equal(neutralizeControls('עברית ok'), 'עברית ok');
  const once = neutralizeControls(`${CLEAR_SCREEN}${WINDOW_TITLE}${C1_CSI}${CR_FAKE}`);
  assert.equal(neutralizeControls(once), once);
  assert.doesNotMatch(once, LIVE);
  // JSON keeps the data (a parser reads the same string) but nothing live for a terminal showing the file.
  const json = escapeJsonControls(JSON.stringify({ summary: `x${C1_CSI}\u007f` }));
  assert.equal(json, '{"summary":"x\\u009b31m\\u007f"}');
  assert.deepEqual(JSON.parse(json), { summary: `x${C1_CSI}\u007f` });
});

const work = tempDir();
const env = { DEPTRUST_DB: path.join(work, 'deptrust.db') };
const project = fixtureProject('nested-duplicate-versions');

before(async () => {
  // OSV ids may not hold whitespace, but ESC and BEL pass its id rule: so may a hostile feed.
  const record = osvRecord(`GHSA-evil${WINDOW_TITLE}`, 'ms', [{ introduced: '0' }, { fixed: '2.0.1' }], {
    aliases: [`CVE-2099-${CLEAR_SCREEN}`],
    summary: `ReDoS in ms${CLEAR_SCREEN}${C1_CSI}${CR_FAKE}`,
    details: `Details${WINDOW_TITLE}\r\nmore`,
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' }],
    references: [{ type: 'WEB', url: `https://example.test/${CLEAR_SCREEN}` }],
  });
  const imported = await runCli(['db', 'import', writeTree(path.join(work, 'advisories'), { 'evil.json': record })], { env });
  assert.equal(imported.code, 0, imported.stderr);
  writeTree(work, { 'policy.json': { ignore: [{ id: `GHSA-nothing${CLEAR_SCREEN}${CR_FAKE}`, reason: `why${WINDOW_TITLE}`, expires: '2099-01-01' }] } });
});

for (const [what, args] of [
  ['scan (table, warnings on stderr)', ['scan', project, '--offline', '--no-registry', '--config', path.join(work, 'policy.json')]],
  ['scan -o markdown', ['scan', project, '--offline', '--no-registry', '-o', 'markdown']],
  ['explain', ['explain', 'ms', project]],
  ['fix --dry-run', ['fix', project, '--dry-run', '--offline', '--no-registry']],
  ['db status', ['db', 'status']],
] as const) {
  test(`${what}: no control character from the advisory, its aliases or the policy reaches stdout or stderr live`, async () => {
    const result = await runCli(args, { env });
    assert.ok(result.code !== null && result.code <= 1, `exit ${result.code}: ${result.stderr}`);
    assert.doesNotMatch(result.stdout, LIVE, JSON.stringify(result.stdout.match(new RegExp(`.{0,20}${LIVE.source}.{0,20}`))?.[0]));
    assert.doesNotMatch(result.stderr, LIVE, JSON.stringify(result.stderr));
    if (what !== 'db status') assert.match(result.stdout + result.stderr, /\\x1b/, 'shown, escaped');
  });
}

test('scan --format json keeps the advisory text as data (C0 escaped by JSON, C1 as \\u009b)', async () => {
  const result = await runCli(['scan', project, '--offline', '--no-registry', '--format', 'json'], { env });
  assert.doesNotMatch(result.stdout, LIVE);
  const report = JSON.parse(result.stdout) as { findings: Array<{ summary: string }> };
  assert.equal(report.findings[0]?.summary, `ReDoS in ms${CLEAR_SCREEN}${C1_CSI}${CR_FAKE}`);
});

test('a newline in a package name cannot start a line of its own in explain, fix and reduce, and suggested commands quote what a shell would act on', async () => {
  const alias = 'evil\nadvisories: none|x';
  const dir = writeTree(tempDir(), {
    'package.json': { name: 'app', version: '1.0.0', dependencies: { [alias]: 'npm:ms@2.0.0' } },
    'package-lock.json': {
      name: 'app',
      version: '1.0.0',
      lockfileVersion: 3,
      requires: true,
      packages: {
        '': { name: 'app', version: '1.0.0', dependencies: { [alias]: 'npm:ms@2.0.0' } },
        [`node_modules/${alias}`]: { name: 'ms', version: '2.0.0', resolved: 'https://registry.npmjs.org/ms/-/ms-2.0.0.tgz', integrity: 'sha512-Tpp60P6IUJDTuOq/5Z8cdskzJujfwqfOTkrwIwj7IRISpnkJnT6SyJ4PCPnGMoFjC9ddhal5KVIYtAt97ix05A==' },
      },
    },
  });
  for (const args of [['explain', 'ms', dir], ['fix', dir, '--dry-run', '--offline', '--no-registry'], ['reduce', dir, '--offline', '--no-registry']]) {
    const result = await runCli(args, { env });
    assert.ok(result.code !== null && result.code <= 1, `${args[0]}: exit ${result.code}: ${result.stderr}`);
    assert.ok(!result.stdout.split('\n').some((line) => line.startsWith('advisories: none')), `${args[0]}:\n${result.stdout}`);
    assert.match(result.stdout, /evil\\nadvisories: none\|x/, `${args[0]} shows the name, escaped`);
    if (args[0] === 'fix') assert.match(result.stdout, /npm install 'evil\\nadvisories: none\|x@npm:ms@\^2\.0\.1'/, result.stdout);
  }
});
