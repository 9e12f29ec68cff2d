import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { validateCycloneDxJson } from '../../src/report/validate-cyclonedx.js';
import { fixtureProject } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir, writeTree } from '../helpers/temp-dir.js';

test('deptrust sbom -o writes a valid CycloneDX 1.6 file and says so on stderr', async () => {
  const out = path.join(tempDir(), 'bom.json');
  const result = await runCli(['sbom', fixtureProject('old-express-api'), '-o', out]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /wrote .*bom\.json: CycloneDX 1\.6 json, \d+ components/);
  const bom = JSON.parse(readFileSync(out, 'utf8')) as { specVersion: string; serialNumber: string; components: unknown[] };
  assert.equal(bom.specVersion, '1.6');
  assert.match(bom.serialNumber, /^urn:uuid:[0-9a-f-]{36}$/);
  assert.ok(bom.components.length > 500);
  assert.deepEqual(await validateCycloneDxJson(bom, '1.6'), []);
  assert.deepEqual(readdirSync(path.dirname(out)), ['bom.json'], 'no temporary file is left behind');
});

test('deptrust sbom writes to stdout, honours --spec, --omit and --reproducible', async () => {
  const dir = fixtureProject('dependency-flags');
  const full = await runCli(['sbom', dir, '--reproducible', '--spec', '1.5']);
  assert.equal(full.code, 0, full.stderr);
  const bom = JSON.parse(full.stdout) as { specVersion: string; components: Array<{ name: string }> };
  assert.equal(bom.specVersion, '1.5');
  assert.deepEqual(await validateCycloneDxJson(bom, '1.5'), []);
  const again = await runCli(['sbom', dir, '--reproducible', '--spec', '1.5']);
  assert.equal(again.stdout, full.stdout, 'reproducible output is byte-identical');
  const noDev = await runCli(['sbom', dir, '--reproducible', '--omit', 'dev']);
  const names = (JSON.parse(noDev.stdout) as { components: Array<{ name: string }> }).components.map((c) => c.name);
  assert.ok(!names.includes('chalk'));
  assert.ok(names.includes('react-dom'));
});

test('deptrust sbom --format xml', async () => {
  const result = await runCli(['sbom', fixtureProject('aliased-dependency'), '--format', 'xml', '--reproducible']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /<bom xmlns="http:\/\/cyclonedx.org\/schema\/bom\/1.6"/);
});

// [args, expected stderr, exit code]
const badInvocations: Array<[string[], RegExp, number]> = [
  [['sbom', '/definitely/not/here'], /^deptrust: cannot read project directory \/definitely\/not\/here: no such file\n$/, 2],
  [['sbom', '--spec', '2.0'], /option '--spec <version>' argument '2.0' is invalid\. expected one of 1\.6, 1\.5, 1\.4/, 2],
  [['sbom', '--omit', 'prod'], /expected one of dev, optional, peer/, 2],
  [['sbom', '--bogus'], /unknown option '--bogus'/, 2],
  [['frobnicate'], /unknown command 'frobnicate'/, 2],
];

for (const [args, stderr, code] of badInvocations) {
  test(`deptrust ${args.join(' ')} fails with exit ${code} and one clear message`, async () => {
    const result = await runCli(args);
    assert.equal(result.code, code);
    assert.match(result.stderr, stderr);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(result.stdout, '');
  });
}

test('a malformed lockfile exits 2 naming the file and position, and an existing output file is left untouched', async () => {
  const dir = writeTree(tempDir(), { 'package.json': { name: 'x', version: '1.0.0' }, 'package-lock.json': '{ "lockfileVersion": 3, "packages": { } ' });
  const out = path.join(dir, 'bom.json');
  writeFileSync(out, 'previous SBOM');
  const result = await runCli(['sbom', dir, '-o', out]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^deptrust: malformed JSON in .*package-lock\.json at line 1, column \d+: /);
  assert.equal(readFileSync(out, 'utf8'), 'previous SBOM');
});

test('an output path in a missing folder exits 2 and writes nothing', async () => {
  const out = path.join(tempDir(), 'missing', 'bom.json');
  const result = await runCli(['sbom', fixtureProject('aliased-dependency'), '-o', out]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^deptrust: cannot write .*bom\.json: no such file\n$/);
  assert.equal(existsSync(out), false);
});

test('an out-of-sync lockfile warns on stderr and still writes the SBOM', async () => {
  const source = fixtureProject('aliased-dependency');
  const dir = writeTree(tempDir(), {
    'package.json': { name: 'aliased-dependency', version: '1.0.0', dependencies: { ms: '^3.0.0', 'ms-old': 'npm:ms@0.7.1' } },
    'package-lock.json': readFileSync(path.join(source, 'package-lock.json'), 'utf8'),
  });
  const result = await runCli(['sbom', dir, '--reproducible']);
  assert.equal(result.code, 0);
  assert.match(result.stderr, /warning: package-lock\.json is out of sync with package\.json: ms@\^3\.0\.0 is not satisfied/);
  assert.ok(JSON.parse(result.stdout));
});
