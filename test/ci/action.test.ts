import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { cleanEnv } from '../helpers/clean-env.js';
import { commitAll, gitInit } from '../helpers/git.js';
import { osvRecord } from '../helpers/osv-records.js';
import { binPath, fixtureProject, repoRoot } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir, writeTree } from '../helpers/temp-dir.js';

// The composite action (action.yml): its "Run deptrust" script is run here as
// GitHub would run it, with the inputs as environment variables, on a project
// in services/api of a repository.

const action = readFileSync(path.join(repoRoot, 'action.yml'), 'utf8');

/** The `run: |` block of the step named `name`, dedented. */
function stepScript(name: string): string {
  const lines = action.split('\n');
  const step = lines.findIndex((line) => line.trim() === `- name: ${name}`);
  const start = lines.findIndex((line, index) => index > step && line.trim() === 'run: |');
  assert.ok(step >= 0 && start > step, `step ${name} with a run block`);
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() !== '' && !line.startsWith('        ')) break;
    body.push(line.slice(8));
  }
  return body.join('\n');
}

const work = tempDir();
const repository = path.join(work, 'repo');
const project = path.join(repository, 'services', 'api');
const db = path.join(work, 'db', 'deptrust.db');

before(async () => {
  mkdirSync(path.dirname(project), { recursive: true });
  cpSync(fixtureProject('nested-duplicate-versions'), project, { recursive: true });
  gitInit(repository);
  commitAll(repository, 'api');
  const high = osvRecord('GHSA-aaaa-bbbb-cccc', 'ms', [{ introduced: '0' }, { fixed: '2.0.1' }], { severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' }] });
  const imported = await runCli(['db', 'import', writeTree(path.join(work, 'advisories'), { 'a.json': high })], { env: { DEPTRUST_DB: db } });
  assert.equal(imported.code, 0, imported.stderr);
});

function runAction(inputs: Record<string, string>): { code: number | null; stdout: string; stderr: string; outputs: Record<string, string> } {
  const githubOutput = path.join(work, `github-output-${Math.random().toString(36).slice(2)}`);
  const env = {
    ...cleanEnv(path.join(work, 'home')),
    DEPTRUST_DB: db,
    DEPTRUST_BIN: binPath,
    // db update reaches only a closed local port: it fails, warns, and the cached data is used.
    DEPTRUST_OSV_DUMP_URL: 'http://127.0.0.1:9/',
    DEPTRUST_OSV_API_URL: 'http://127.0.0.1:9/',
    DEPTRUST_RETRIES: '0',
    GITHUB_OUTPUT: githubOutput,
    BASE_REF: '',
    ...Object.fromEntries(['COMMAND', 'PROJECT', 'BASE', 'FAIL_ON', 'SARIF', 'MARKDOWN', 'JSON', 'SBOM', 'ARGS'].map((name) => [`INPUT_${name}`, ''])),
    ...inputs,
  };
  const result = spawnSync('bash', ['-c', stepScript('Run deptrust')], { cwd: repository, env, encoding: 'utf8' });
  const outputs = existsSync(githubOutput) ? Object.fromEntries(readFileSync(githubOutput, 'utf8').trim().split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])) : {};
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, outputs };
}

test('action.yml: every input is declared with a default and reaches the script only as an environment variable', () => {
  const inputs = [...action.slice(action.indexOf('\ninputs:'), action.indexOf('\noutputs:')).matchAll(/^ {2}([a-z-]+):$/gm)].map((m) => m[1]);
  assert.deepEqual(inputs, ['command', 'project', 'base', 'fail-on', 'sarif', 'markdown', 'json', 'sbom', 'args', 'node-version']);
  const script = stepScript('Run deptrust');
  assert.doesNotMatch(script, /\$\{\{/, 'no expression spliced into the script');
  for (const input of inputs.filter((name) => name !== 'node-version')) assert.match(action, new RegExp(`INPUT_${input?.toUpperCase().replace('-', '_')}: \\$\\{\\{ inputs\\.${input} \\}\\}`));
});

test('the action runs scan: exit 1 on the high advisory, SARIF located from the repository root, the comment and the SBOM written, outputs set', () => {
  const result = runAction({ INPUT_COMMAND: 'scan', INPUT_PROJECT: 'services/api', INPUT_FAIL_ON: 'high', INPUT_SARIF: 'deptrust.sarif', INPUT_MARKDOWN: 'deptrust.md', INPUT_SBOM: 'bom.json', INPUT_ARGS: '--no-registry --omit dev' });
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stdout, /::warning::deptrust db update failed/);
  assert.deepEqual(result.outputs, { 'exit-code': '1', sarif: 'deptrust.sarif', markdown: 'deptrust.md' });
  const sarif = readFileSync(path.join(repository, 'deptrust.sarif'), 'utf8');
  assert.match(sarif, /"uri": "services\/api\/package-lock\.json"/);
  assert.match(readFileSync(path.join(repository, 'deptrust.md'), 'utf8'), /^## deptrust: ❌ 1 finding\(s\) fail the policy/);
  assert.equal((JSON.parse(readFileSync(path.join(repository, 'bom.json'), 'utf8')) as { bomFormat: string }).bomFormat, 'CycloneDX');
});

test('the action runs diff against a base revision: nothing introduced, exit 0; fail-on moderate accepted', () => {
  const result = runAction({ INPUT_COMMAND: 'diff', INPUT_PROJECT: 'services/api', INPUT_BASE: 'main', INPUT_FAIL_ON: 'moderate', INPUT_MARKDOWN: 'diff.md', INPUT_ARGS: '--no-registry' });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.outputs['exit-code'], '0');
  assert.match(readFileSync(path.join(repository, 'diff.md'), 'utf8'), /^## deptrust diff: ✅ this change introduces no policy violation/);
});

test('the action refuses an unknown command and diff without a base outside a pull request (exit 2), before it updates the database', () => {
  const unknown = runAction({ INPUT_COMMAND: 'audit' });
  assert.equal(unknown.code, 2);
  assert.match(unknown.stdout, /::error::deptrust: unknown command 'audit'/);
  const diff = runAction({ INPUT_COMMAND: 'diff', INPUT_PROJECT: 'services/api' });
  assert.equal(diff.code, 2);
  assert.match(diff.stdout, /::error::deptrust diff needs the base input/);
  // The update would reach only a closed port and warn: a wrong input fails before it starts.
  for (const refused of [unknown, diff]) assert.doesNotMatch(refused.stdout, /db update/);
});

test('docs/ci.md: every deptrust command line uses flags the CLI accepts', async () => {
  const doc = readFileSync(path.join(repoRoot, 'docs', 'ci.md'), 'utf8');
  const commands = [...doc.matchAll(/npx deptrust ([a-z]+(?: [a-z]+)?) ([^\n]*)/g)].map((m) => ({ command: (m[1] ?? '').split(' ').filter((word) => ['scan', 'diff', 'sbom', 'db', 'update'].includes(word)), flags: [...(m[2] ?? '').matchAll(/(?<=\s|^)(--[a-z-]+|-o)\b/g)].map((f) => f[1] ?? '') }));
  assert.ok(commands.length >= 5, `${commands.length} command lines`);
  const helpOf = new Map<string, string>();
  for (const { command, flags } of commands) {
    const key = command.join(' ');
    if (!helpOf.has(key)) helpOf.set(key, (await runCli([...command, '--help'])).stdout);
    for (const flag of flags) assert.ok(helpOf.get(key)?.includes(flag === '-o' ? '-o, --output' : flag), `deptrust ${key} ${flag}`);
  }
});
