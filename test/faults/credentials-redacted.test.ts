import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { writeNpmProject } from '../helpers/npm-project.js';
import { osvRecord } from '../helpers/osv-records.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const SECRETS = ['s3cr3t-pass', 'npm_TOKENabc123', 'ghp_gitTOKEN456', 'sig-XYZ789'];

test('credentials in resolved URLs and declared specs never reach the database, the outputs or stderr', async () => {
  const dir = tempDir();
  const project = path.join(dir, 'project');
  const tarball = 'https://deploy:s3cr3t-pass@npm.example.com/private/-/private-1.0.0.tgz?token=npm_TOKENabc123';
  const git = 'git+https://ghp_gitTOKEN456@github.com/example/lib.git#0123456789abcdef0123456789abcdef01234567';
  writeNpmProject(project, { name: 'app', dependencies: { private: tarball, lib: git, ms: '2.0.0' } }, [
    { name: 'private', version: '1.0.0', resolved: tarball },
    { name: 'lib', version: '2.0.0', resolved: git },
    { name: 'ms', version: '2.0.0' },
  ]);
  // A homepage with a signed query, as some private registries write them.
  const manifest = JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ ...manifest, homepage: 'https://docs.example.com/app?sig=sig-XYZ789' }));
  const db = path.join(dir, 'deptrust.db');
  const record = path.join(dir, 'GHSA-cred-test-0001.json');
  writeFileSync(record, JSON.stringify(osvRecord('GHSA-cred-test-0001', 'ms', [{ introduced: '0' }, { fixed: '2.0.1' }])));
  const env = { DEPTRUST_DB: db };
  assert.equal((await runCli(['db', 'import', record], { env })).code, 0);

  const json = path.join(dir, 'report.json');
  const sbom = path.join(dir, 'bom.json');
  const first = await runCli(['scan', project, '--offline', '--fail-on', 'none', '-o', `json=${json}`, '-o', 'table'], { env });
  assert.equal(first.code, 0, first.stderr);
  // The second scan reads the inventory from the cache written by the first.
  const second = await runCli(['scan', project, '--offline', '--fail-on', 'none', '-o', 'markdown'], { env });
  assert.equal(second.code, 0, second.stderr);
  const bom = await runCli(['sbom', project, '-o', sbom], { env });
  assert.equal(bom.code, 0, bom.stderr);

  const stored = [db, `${db}-wal`].filter(existsSync).map((file) => readFileSync(file).toString('latin1')).join('');
  assert.match(stored, /npm\.example\.com\/private/, 'the inventory cache holds the project (the test reads the right bytes)');
  for (const secret of SECRETS) {
    assert.equal(stored.includes(secret), false, `${secret} is stored in the database`);
    for (const [name, text] of Object.entries({ stdout: first.stdout + second.stdout, stderr: first.stderr + second.stderr + bom.stderr, json: readFileSync(json, 'utf8'), sbom: readFileSync(sbom, 'utf8') })) {
      assert.equal(text.includes(secret), false, `${secret} is in the ${name}`);
    }
  }
});
