import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, cpSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { validateCycloneDxJson } from '../../src/report/validate-cyclonedx.js';
import { makeZip } from '../helpers/make-zip.js';
import { osvRecord } from '../helpers/osv-records.js';
import { fixtureProject } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const msHigh = osvRecord('GHSA-aaaa-bbbb-cccc', 'ms', [{ introduced: '0' }, { fixed: '2.0.1' }], {
  aliases: ['CVE-2099-0001'],
  severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' }],
  database_specific: { cwe_ids: ['CWE-1333'] },
});

async function setup(expires: string) {
  const dir = tempDir();
  const project = path.join(dir, 'project');
  cpSync(fixtureProject('nested-duplicate-versions'), project, { recursive: true });
  writeFileSync(
    path.join(project, '.deptrust.json'),
    JSON.stringify({ ignore: [{ id: 'CVE-2099-0001', package: 'ms', versions: '<2.0.1', reason: 'We never parse untrusted durations', expires, justification: 'code_not_reachable' }] }),
  );
  const db = path.join(dir, 'd.db');
  const zip = await makeZip(path.join(dir, 'all.zip'), { 'a.json': JSON.stringify(msHigh) });
  const imported = await runCli(['db', 'import', zip], { env: { DEPTRUST_DB: db } });
  assert.equal(imported.code, 0, imported.stderr);
  return { project, db, dir };
}

test('a finding ignored with a reason is VEX in the SBOM (not a gap), and the scan passes', async () => {
  const { project, db, dir } = await setup('2099-12-31');
  const bom = path.join(dir, 'bom.json');
  const sbom = await runCli(['sbom', project, '-o', bom, '--reproducible'], { env: { DEPTRUST_DB: db } });
  assert.equal(sbom.code, 0, sbom.stderr);
  const document = JSON.parse(readFileSync(bom, 'utf8')) as { vulnerabilities: Array<{ id: string; analysis?: { state: string; justification: string; detail: string }; affects: Array<{ ref: string }>; cwes: number[] }> };
  assert.deepEqual(await validateCycloneDxJson(document, '1.6'), []);
  assert.equal(document.vulnerabilities.length, 1);
  const [vex] = document.vulnerabilities;
  assert.deepEqual(vex?.analysis, { state: 'not_affected', justification: 'code_not_reachable', detail: 'We never parse untrusted durations (deptrust ignore rule, until 2099-12-31)' });
  assert.deepEqual(vex?.affects.map((a) => a.ref), ['pkg:npm/ms@2.0.0']);
  assert.deepEqual(vex?.cwes, [1333]);

  const scan = await runCli(['scan', project, '--offline', '--no-registry', '--format', 'json'], { env: { DEPTRUST_DB: db } });
  assert.equal(scan.code, 0, scan.stderr);
  const verdict = (JSON.parse(scan.stdout) as { verdict: { suppressed: Array<{ primaryId: string; rule: { reason: string } }> } }).verdict;
  assert.deepEqual(verdict.suppressed.map((s) => [s.primaryId, s.rule.reason]), [['GHSA-aaaa-bbbb-cccc', 'We never parse untrusted durations']]);
});

test('an expired ignore rule fails the build again and says so', async () => {
  const { project, db } = await setup('2020-01-01');
  const scan = await runCli(['scan', project, '--offline', '--no-registry'], { env: { DEPTRUST_DB: db } });
  assert.equal(scan.code, 1);
  assert.match(scan.stderr, /warning: ignore rule for CVE-2099-0001 in ms expired on 2020-01-01: it no longer applies/);
  assert.match(scan.stderr, /policy failed: 1 violation\(s\) \(fail-on high\)/);
});
