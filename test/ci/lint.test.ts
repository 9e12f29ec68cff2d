import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { test } from 'node:test';
import { parse } from 'jsonc-parser';
import { repoRoot } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp-dir.js';

// `npm run lint` as a test, so that a lint error is a failing test in the
// summary CI reads: oxlint with the repository's .oxlintrc.json (eslint's and
// typescript-eslint's recommended rules, and the import rules of
// docs/architecture.md).

const oxlint = path.join(repoRoot, 'node_modules', 'oxlint', 'bin', 'oxlint');
const configFile = path.join(repoRoot, '.oxlintrc.json');

async function lint(cwd: string, args: readonly string[] = ['.']): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [oxlint, '--max-warnings', '0', '--format', 'unix', ...args], { cwd, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const failure = error as { code?: unknown; stdout?: string; stderr?: string; message: string };
    return { code: typeof failure.code === 'number' ? failure.code : -1, output: `${failure.stdout ?? ''}${failure.stderr ?? ''}${failure.message}` };
  }
}

test('oxlint: no error or warning in the repository (.oxlintrc.json)', async () => {
  const { code, output } = await lint(repoRoot);
  assert.equal(code, 0, output);
});

interface Override {
  files: string[];
  rules: Record<string, unknown>;
}

/** `typescript/no-restricted-imports`' first pattern of an override: the stage folders it may not import, and its message. */
function stageRule(override: Override): { group: string[]; message: string } | undefined {
  const rule = override.rules['typescript/no-restricted-imports'] as [string, { patterns: Array<{ group: string[]; message: string }> }] | undefined;
  return rule?.[1].patterns[0];
}

test('.oxlintrc.json: every stage folder of src/ has its import rule, which names every other stage it may not import', () => {
  const config = parse(readFileSync(configFile, 'utf8')) as { overrides: Override[] };
  const folders = readdirSync(path.join(repoRoot, 'src'), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  // model imports nothing, and graph and files (which every stage may import) only model (their own rules); types holds declarations for packages without any.
  const stages = folders.filter((folder) => !['model', 'graph', 'files', 'types'].includes(folder));
  for (const folder of [...stages, 'graph', 'files']) {
    const rule = config.overrides.filter((o) => o.files.length === 1 && o.files[0] === `src/${folder}/**/*.ts`).map(stageRule).find((r) => r !== undefined);
    assert.ok(rule, `src/${folder} has an import rule in .oxlintrc.json`);
    const allowed = /may import only (.+) \(docs\/architecture\.md\)$/.exec(rule.message)?.[1]?.split(', ') ?? [];
    assert.ok(allowed.includes('model'), rule.message);
    const expected = stages.filter((stage) => stage !== folder && !allowed.includes(stage)).flatMap((stage) => [`../${stage}/*`, `../../${stage}/*`]);
    assert.deepEqual([...rule.group].filter((entry) => !entry.endsWith('index.js')).sort(), expected.sort(), `src/${folder}: the stages it may not import`);
    assert.ok(rule.group.includes('../index.js') && rule.group.includes('../../index.js'), `src/${folder} may not import the public surface`);
  }
});

test('oxlint enforces the import rules: a stage importing another stage, a heavy dependency outside its adapter, process outside the CLI', async () => {
  const dir = tempDir();
  cpSync(configFile, path.join(dir, '.oxlintrc.json'));
  const write = (file: string, text: string): void => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  };
  write('src/match/bad.ts', "import { openDatabase } from '../store/db.js';\nimport type { Inventory } from '../model/inventory.js';\nexport const used: [typeof openDatabase, Inventory | undefined] = [openDatabase, undefined];\nexport const argv = process.argv;\n");
  write('src/inventory/sub/bad.ts', "import Arborist from '@npmcli/arborist';\nimport { loadInventory } from '../load-inventory.js';\nexport const used = [Arborist, loadInventory];\n");
  write('src/cli/fine.ts', "import type { Finding } from '../match/finding.js';\nimport { openDatabase } from '../store/db.js';\nexport const used: [typeof openDatabase, Finding | undefined] = [openDatabase, undefined];\nexport const argv = process.argv;\n");
  const { code, output } = await lint(dir);
  assert.notEqual(code, 0);
  const problems = output.split('\n').filter((line) => /^src\//.test(line)).map((line) => line.replace(/^(\S+?):\d+:\d+: .*\[(?:Error|Warning)\/([^\]]+)\]$/, '$1 $2')).sort();
  assert.deepEqual(problems, [
    'src/inventory/sub/bad.ts eslint(no-restricted-imports)',
    'src/match/bad.ts eslint(no-restricted-globals)',
    'src/match/bad.ts eslint(no-restricted-imports)',
  ]);
});
