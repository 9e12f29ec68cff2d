import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sampleProvider } from '../../src/advisories/providers.js';
import { SAMPLE_FILE } from '../../src/pipeline/data-files.js';
import { scanProject } from '../../src/pipeline/scan-project.js';
import { tempDir, writeTree } from '../helpers/temp-dir.js';

const sha512 = (seed: string): string => `sha512-${Buffer.from(seed.padEnd(64, '.')).toString('base64')}`;

/**
 * A package-lock.json as npm 10 writes one for a package with bundled
 * dependencies (tap, npm itself): the bundled packages come inside their
 * parent's tarball, so npm records neither `resolved` nor `integrity` for them.
 */
function lockfile(extraPackages: Record<string, object>): object {
  return {
    name: 'app',
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'app', version: '1.0.0', dependencies: { carrier: '1.0.0', ...(extraPackages['node_modules/inner'] ? { inner: '2.0.0' } : {}) } },
      'node_modules/carrier': {
        version: '1.0.0',
        resolved: 'https://registry.npmjs.org/carrier/-/carrier-1.0.0.tgz',
        integrity: sha512('carrier'),
        bundleDependencies: ['inner'],
        dependencies: { inner: '^2.0.0' },
      },
      'node_modules/carrier/node_modules/inner': { version: '2.0.0', inBundle: true, license: 'MIT' },
      ...extraPackages,
    },
  };
}

async function integritySignals(extraPackages: Record<string, object>): Promise<string[]> {
  const lock = lockfile(extraPackages) as { packages: Record<string, { dependencies?: object }> };
  const dir = writeTree(tempDir(), { 'package.json': { name: 'app', version: '1.0.0', dependencies: lock.packages['']?.dependencies }, 'package-lock.json': lock });
  const result = await scanProject(dir, { provider: sampleProvider(SAMPLE_FILE), now: () => new Date('2026-12-01T00:00:00Z') });
  return result.signals.filter((s) => s.code === 'missing-integrity' || s.code === 'weak-integrity').map((s) => `${s.componentId} ${s.code}`);
}

test('a bundled package has no tarball of its own: no missing-integrity signal (its parent\'s integrity covers it)', async () => {
  assert.deepEqual(await integritySignals({}), []);
});

test('a package bundled in one place and fetched without integrity in another is still missing integrity', async () => {
  const fetched = { version: '2.0.0', resolved: 'https://registry.npmjs.org/inner/-/inner-2.0.0.tgz' };
  assert.deepEqual(await integritySignals({ 'node_modules/inner': fetched }), ['pkg:npm/inner@2.0.0 missing-integrity']);
  // Where it is fetched with a hash, that hash is the component's, whichever install is read first.
  assert.deepEqual(await integritySignals({ 'node_modules/inner': { ...fetched, integrity: sha512('inner') } }), []);
});
