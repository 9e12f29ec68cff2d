import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { fixtureProject } from '../helpers/paths.js';
import { spawnCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

// A command loads only what it uses (docs/architecture.md: each command's
// modules load when it runs, one adapter per heavy dependency): a scan of an
// npm lockfile never loads arborist, node-postgres, the CycloneDX library,
// the JSON-schema compiler, the zip reader, npm's workspace matching when
// there are no workspaces or, for JSON output, the table drawer; `portfolio
// who` loads nothing of the scan. Such a package creeps into every start-up
// through one static import; a spawned CLI lists what it loaded.

/** The packages a spawned deptrust loaded (ES modules through a loader hook, CommonJS from require's cache at exit). */
async function packagesLoaded(args: readonly string[]): Promise<{ packages: Set<string>; code: number | null; stderr: string }> {
  const dir = tempDir();
  const list = path.join(dir, 'loaded.txt');
  const hooks = path.join(dir, 'hooks.mjs');
  writeFileSync(hooks, "import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) {\n  appendFileSync(process.env.LOADED_MODULES_FILE, `${url}\\n`);\n  return next(url, context);\n}\n");
  const register = path.join(dir, 'register.mjs');
  writeFileSync(
    register,
    [
      "import { appendFileSync } from 'node:fs';",
      "import { createRequire, register } from 'node:module';",
      `register(${JSON.stringify(pathToFileURL(hooks).href)});`,
      'const require = createRequire(import.meta.url);',
      "process.on('exit', () => appendFileSync(process.env.LOADED_MODULES_FILE, Object.keys(require.cache).join('\\n') + '\\n'));",
      '',
    ].join('\n'),
  );
  writeFileSync(list, '');
  const result = await spawnCli(args, { nodeArgs: ['--import', pathToFileURL(register).href], env: { LOADED_MODULES_FILE: list, DEPTRUST_OSV_DUMP_URL: 'http://127.0.0.1:9', DEPTRUST_RETRIES: '0' } });
  const packages = new Set<string>();
  for (const line of readFileSync(list, 'utf8').split('\n')) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(line);
    if (match?.[1]) packages.add(match[1]);
  }
  return { packages, code: result.code, stderr: result.stderr };
}

test('a scan of an npm lockfile, JSON out, loads none of the heavy packages it does not use', async () => {
  const { packages, code, stderr } = await packagesLoaded(['scan', fixtureProject('old-express-api'), '--no-registry', '--format', 'json', '-o', path.join(tempDir(), 'scan.json')]);
  assert.equal(code, 1, stderr);
  // What it does use: the lockfile reader's semver, SQLite, the CLI.
  for (const used of ['semver', 'better-sqlite3', 'commander']) assert.ok(packages.has(used), `${used} is loaded`);
  // The example declares no workspaces: npm's workspace matching (map-workspaces, minimatch) is not needed either.
  // (glob is: the download of OSV's dump, tried first with an empty database, caches through cacache, which uses it.)
  const unexpected = ['@npmcli/arborist', 'pg', '@cyclonedx/cyclonedx-library', 'ajv', 'yauzl', 'cli-table3', '@npmcli/map-workspaces', 'minimatch'].filter((name) => packages.has(name));
  assert.deepEqual(unexpected, []);
});

test('portfolio who on the local store, JSON out, loads neither the scan nor the report packages', async () => {
  const { packages, code, stderr } = await packagesLoaded(['portfolio', 'who', 'lodash@<4.17.21', '--format', 'json']);
  assert.equal(code, 0, stderr);
  for (const used of ['semver', 'better-sqlite3', 'commander']) assert.ok(packages.has(used), `${used} is loaded`);
  const unexpected = ['@npmcli/arborist', 'pg', '@cyclonedx/cyclonedx-library', 'ajv', 'yauzl', 'cli-table3', '@babel/parser', 'js-yaml', 'packageurl-js'].filter((name) => packages.has(name));
  assert.deepEqual(unexpected, []);
});

test('deptrust --version loads no command: commander and the package manifest only', async () => {
  const { packages, code, stderr } = await packagesLoaded(['--version']);
  assert.equal(code, 0, stderr);
  assert.deepEqual([...packages], ['commander']);
});
