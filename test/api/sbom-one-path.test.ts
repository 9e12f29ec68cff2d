import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { sbom, type WarningJson } from '../../src/index.js';
import { cleanEnv } from '../helpers/clean-env.js';
import { makeZip } from '../helpers/make-zip.js';
import { osvRecord } from '../helpers/osv-records.js';
import { fixtureProject } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const project = fixtureProject('nested-duplicate-versions'); // debug@2.6.9 > ms@2.0.0, ms@2.1.3
const records = [
  osvRecord('GHSA-aaaa-bbbb-cccc', 'ms', [{ introduced: '0' }, { fixed: '2.0.1' }], { severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' }] }),
  osvRecord('GHSA-dddd-eeee-ffff', 'debug', [{ introduced: '2.0.0' }, { fixed: '2.6.10' }], { database_specific: { severity: 'LOW' } }),
];

test('the library sbom() and deptrust sbom --reproducible write the same bytes: findings, VEX and warnings, or components only in XML', async () => {
  const home = tempDir('deptrust-home-');
  const db = path.join(home, 'deptrust.db');
  const zip = await makeZip(path.join(home, 'all.zip'), Object.fromEntries(records.map((r) => [`${r.id}.json`, JSON.stringify(r)])));
  assert.equal((await runCli(['db', 'import', zip, '--db', db])).code, 0);
  // An ignore rule becomes VEX; one that matches nothing is a warning both must report.
  const policy = path.join(home, 'policy.json');
  writeFileSync(
    policy,
    JSON.stringify({
      ignore: [
        { id: 'GHSA-dddd-eeee-ffff', package: 'debug', reason: 'not reachable from input', expires: '2099-01-01', justification: 'code_not_reachable' },
        { id: 'GHSA-0000-0000-0000', reason: 'withdrawn upstream', expires: '2099-01-01' },
      ],
    }),
  );

  const cases: Array<{ args: string[]; options: Parameters<typeof sbom>[1] }> = [
    { args: ['--config', policy], options: { config: policy } },
    { args: ['--format', 'xml', '--spec', '1.5', '--no-vulnerabilities', '--omit', 'dev'], options: { format: 'xml', spec: '1.5', vulnerabilities: false, omit: ['dev'] } },
  ];
  for (const { args, options } of cases) {
    const cli = await runCli(['sbom', project, '--db', db, '--reproducible', ...args], { home });
    assert.equal(cli.code, 0, cli.stderr);
    const warnings: WarningJson[] = [];
    const api = await sbom(project, { ...options, db, reproducible: true, env: cleanEnv(home), warn: (w) => warnings.push(w) });
    assert.equal(api.text, cli.stdout, args.join(' '));
    assert.deepEqual(warnings.map((w) => w.code), options?.config ? ['registry-metadata-unknown', 'ignore-rule-unused'] : []);
    assert.deepEqual(
      warnings.map((w) => `deptrust: warning: ${w.message}\n`).join(''),
      cli.stderr,
      'the same warnings, in the same order',
    );
  }
  const withFindings = await sbom(project, { db, reproducible: true, config: policy, env: cleanEnv(home) });
  assert.deepEqual(
    withFindings.bom.vulnerabilities?.map((v) => [v.id, v.analysis?.state]).sort(),
    [
      ['GHSA-aaaa-bbbb-cccc', undefined],
      ['GHSA-dddd-eeee-ffff', 'not_affected'],
    ],
  );
});
