import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { matchInventory } from '../../src/match/match-inventory.js';
import { vulnerabilityCheck } from '../../src/match/vulnerable-versions.js';
import type { OsvRecord } from '../../src/model/advisory.js';
import type { Component } from '../../src/model/component.js';
import type { PackumentSummary } from '../../src/model/packument.js';
import type { MetaVulnerability, Remediation } from '../../src/model/remediation.js';
import { buildFixPlan } from '../../src/remediation/fix-plan.js';
import { findMetaVulnerabilities } from '../../src/remediation/meta-vulnerabilities.js';
import { planRemediations } from '../../src/remediation/plan-remediation.js';
import { VersionPicker } from '../../src/remediation/version-picker.js';
import { installSpec, remediationSentences } from '../../src/report/remediation-labels.js';
import { writeNpmProject, type LockedPackage, type ProjectManifest } from '../helpers/npm-project.js';
import { makeComponent } from '../helpers/make-component.js';
import { osvRecord } from '../helpers/osv-records.js';
import { tempDir } from '../helpers/temp-dir.js';

const root = tempDir();
let projects = 0;

/** tiny-parse before 2.1.0 is vulnerable. */
const TINY = osvRecord('GHSA-t1ny-0000-0003', 'tiny-parse', [{ introduced: '0' }, { fixed: '2.1.0' }]);

/** A packument as the registry client keeps it: each version with its declared dependencies. */
function packument(name: string, versions: Record<string, Record<string, string>>, extra: { latest?: string; deprecated?: string[] } = {}): PackumentSummary {
  const keys = Object.keys(versions);
  return {
    name,
    latest: extra.latest ?? keys[keys.length - 1] ?? '',
    versions: Object.fromEntries(keys.map((v) => [v, { dependencies: versions[v] ?? {}, ...(extra.deprecated?.includes(v) ? { deprecated: 'use a newer version' } : {}) }])),
  };
}

const TINY_VERSIONS = packument('tiny-parse', { '2.0.0': {}, '2.0.1': {}, '2.1.0': {}, '3.0.0': {} }, { latest: '2.1.0' });

interface Scenario {
  components: Map<string, Component>;
  remediations: Remediation[];
  metas: MetaVulnerability[];
  label: (id: string) => string;
}

async function scenario(manifest: ProjectManifest, packages: LockedPackage[], records: OsvRecord[], packuments: PackumentSummary[]): Promise<Scenario> {
  const dir = writeNpmProject(path.join(root, `p${++projects}`), manifest, packages);
  const inventory = await loadInventory(dir);
  const { findings } = matchInventory(inventory, records);
  const known = new Map(packuments.map((p) => [p.name, p]));
  const context = { inventory, picker: new VersionPicker((name) => known.get(name)), isVulnerable: vulnerabilityCheck(records), overrides: manifest.overrides };
  const byId = new Map(inventory.components.map((c) => [c.id, `${c.name}@${c.version}`]));
  return { components: new Map(inventory.components.map((c) => [c.id, c])), remediations: planRemediations(findings, context), metas: findMetaVulnerabilities(findings, context), label: (id) => (id === '' ? '<root>' : byId.get(id) ?? id) };
}

/** `action name from→to parents` per step, for compact assertions. */
function steps(s: Scenario): string[] {
  return s.remediations.flatMap((r) =>
    r.steps.map((step) => {
      const what = step.dependency ? ` ${step.dependency.name} ${step.dependency.from}→${step.dependency.to}${step.dependency.withinRange ? ' within range' : ''}${step.dependency.semverMajor ? ' major' : ''}` : '';
      const override = step.override ? ` ${step.override.key}=${step.override.spec}${step.override.replaces.map((x) => ` replaces ${x.path}=${x.spec}`).join('')}` : '';
      return `${s.label(r.componentId)} → ${r.target ?? 'none'}: ${step.action}${what}${override} [${step.parents.map(s.label).join(', ')}]`;
    }),
  );
}

test('refreshing the lockfile is enough when the version npm would pick for every parent range is clean', async () => {
  const s = await scenario(
    { name: 'app', dependencies: { 'web-kit': '^1.0.0' } },
    [{ name: 'web-kit', version: '1.0.0', dependencies: { 'tiny-parse': '^2.0.0' } }, { name: 'tiny-parse', version: '2.0.0' }],
    [TINY],
    [packument('web-kit', { '1.0.0': { 'tiny-parse': '^2.0.0' } }), TINY_VERSIONS],
  );
  assert.deepEqual(steps(s), ['tiny-parse@2.0.0 → 2.1.0: refresh-lockfile [web-kit@1.0.0]']);
  assert.equal(s.remediations[0]?.verified, true);
  assert.deepEqual(s.metas, []);
});

test('a parent range that admits only vulnerable versions: upgrade the direct dependency to its lowest version whose tree is clean, skipping deprecated ones', async () => {
  const s = await scenario(
    { name: 'app', dependencies: { 'web-kit': '^1.0.0' } },
    [{ name: 'web-kit', version: '1.0.0', dependencies: { 'tiny-parse': '~2.0.0' } }, { name: 'tiny-parse', version: '2.0.0' }],
    [TINY],
    [
      packument(
        'web-kit',
        { '1.0.0': { 'tiny-parse': '~2.0.0' }, '1.0.1': { 'tiny-parse': '~2.0.0' }, '1.1.0': { 'tiny-parse': '^2.1.0' }, '1.2.0': { 'tiny-parse': '^2.1.0' }, '2.0.0': { 'tiny-parse': '^3.0.0' } },
        { deprecated: ['1.1.0'] },
      ),
      TINY_VERSIONS,
    ],
  );
  assert.deepEqual(steps(s), ['tiny-parse@2.0.0 → 2.1.0: upgrade-direct web-kit 1.0.0→1.2.0 within range [web-kit@1.0.0]']);
  // npm's meta-vulnerability: web-kit@1.0.0 allows only vulnerable tiny-parse.
  assert.deepEqual(
    s.metas.map((m) => `${s.label(m.componentId)} via ${m.via.name} ${m.via.spec}: ${m.advisoryIds.join()}`),
    ['web-kit@1.0.0 via tiny-parse ~2.0.0: GHSA-t1ny-0000-0003'],
  );
});

test('a path that no upgrade fixes gets an overrides entry that replaces the stale one; meta-vulnerabilities propagate up', async () => {
  const s = await scenario(
    { name: 'app', dependencies: { 'app-core': '^1.0.0' }, overrides: { 'tiny-parse': '2.0.0' } },
    [
      { name: 'app-core', version: '1.0.0', dependencies: { 'stuck-lib': '^1.0.0' } },
      { name: 'stuck-lib', version: '1.0.0', dependencies: { 'tiny-parse': '2.0.0' } },
      { name: 'tiny-parse', version: '2.0.0' },
    ],
    [TINY],
    [
      packument('app-core', { '1.0.0': { 'stuck-lib': '^1.0.0' }, '1.5.0': { 'stuck-lib': '^1.1.0' } }),
      packument('stuck-lib', { '1.0.0': { 'tiny-parse': '2.0.0' }, '1.1.0': { 'tiny-parse': '2.0.1' } }),
      TINY_VERSIONS,
    ],
  );
  assert.deepEqual(steps(s), ['tiny-parse@2.0.0 → 2.1.0: override tiny-parse=^2.1.0 replaces tiny-parse=2.0.0 [stuck-lib@1.0.0]']);
  assert.deepEqual(
    s.metas.map((m) => `${s.label(m.componentId)} via ${m.via.name}`),
    // app-core's range ^1.0.0 admits stuck-lib 1.0.0 and 1.1.0, and both pin a vulnerable tiny-parse.
    ['app-core@1.0.0 via stuck-lib', 'stuck-lib@1.0.0 via tiny-parse'],
  );
  assert.deepEqual(buildFixPlan(s.remediations, s.components), {
    update: [],
    upgrade: [],
    overrides: [{ key: 'tiny-parse', spec: '^2.1.0', replaces: [{ path: 'tiny-parse', spec: '2.0.0' }], fixes: ['tiny-parse@2.0.0'] }],
    noFix: [],
    held: [],
  });
});

test('an override into another major says so: the parents get a major they never declared', async () => {
  // Found with request@2.88.0, whose ~2.4.3 held tough-cookie 2.4.3 (GHSA-72xf-g2v4-qvf3, fixed in 4.1.3): the plan forced ^4.1.3 without a word.
  const before3 = osvRecord('GHSA-t1ny-0000-0009', 'tiny-parse', [{ introduced: '0' }, { fixed: '3.0.0' }]);
  const s = await scenario(
    { name: 'app', dependencies: { 'old-lib': '^1.0.0' } },
    [{ name: 'old-lib', version: '1.0.0', dependencies: { 'tiny-parse': '~2.0.0' } }, { name: 'tiny-parse', version: '2.0.0' }],
    [before3],
    [packument('old-lib', { '1.0.0': { 'tiny-parse': '~2.0.0' } }), TINY_VERSIONS],
  );
  assert.deepEqual(steps(s), ['tiny-parse@2.0.0 → 3.0.0: override tiny-parse=^3.0.0 [old-lib@1.0.0]']);
  assert.equal(s.remediations[0]?.steps[0]?.override?.semverMajor, true);
  assert.equal(buildFixPlan(s.remediations, s.components).overrides[0]?.semverMajor, true);
  const [component] = [...s.components.values()].filter((c) => c.name === 'tiny-parse');
  assert.ok(component && s.remediations[0]);
  assert.match(remediationSentences(s.remediations[0], component, (id) => id)[0] ?? '', /\(semver-major: 2\.0\.0 → 3\.0\.0\)/);
});

test('a package the project declares itself and that also comes through a pinned parent: upgrade it, and override with a $reference', async () => {
  const s = await scenario(
    { name: 'app', dependencies: { 'tiny-parse': '2.0.0', 'stuck-lib': '1.0.0' } },
    [{ name: 'stuck-lib', version: '1.0.0', dependencies: { 'tiny-parse': '2.0.0' } }, { name: 'tiny-parse', version: '2.0.0' }],
    [TINY],
    [packument('stuck-lib', { '1.0.0': { 'tiny-parse': '2.0.0' } }), TINY_VERSIONS],
  );
  assert.deepEqual(steps(s), [
    'tiny-parse@2.0.0 → 2.1.0: upgrade-direct tiny-parse 2.0.0→2.1.0 [<root>]',
    'tiny-parse@2.0.0 → 2.1.0: override tiny-parse=$tiny-parse [stuck-lib@1.0.0]',
  ]);
});

test('an npm: alias the project declares is upgraded under its alias', async () => {
  const s = await scenario({ name: 'app', dependencies: { parser: 'npm:tiny-parse@2.0.0' } }, [{ name: 'tiny-parse', version: '2.0.0', alias: 'parser' }], [TINY], [TINY_VERSIONS]);
  assert.deepEqual(steps(s), ['tiny-parse@2.0.0 → 2.1.0: upgrade-direct parser 2.0.0→2.1.0 [<root>]']);
  const dependency = s.remediations[0]?.steps[0]?.dependency;
  assert.ok(dependency);
  assert.equal(installSpec(dependency), 'parser@npm:tiny-parse@^2.1.0');
});

test('an npm: alias whose range admits the fix is refreshed under its alias: npm update names what is installed', async () => {
  // Found applying a plan to "legacy": "npm:lodash@^4.17.15": `npm update lodash` left the alias at 4.17.15; `npm update legacy` moved it.
  const s = await scenario({ name: 'app', dependencies: { parser: 'npm:tiny-parse@^2.0.0' } }, [{ name: 'tiny-parse', version: '2.0.0', alias: 'parser' }], [TINY], [TINY_VERSIONS]);
  assert.deepEqual(steps(s), ['tiny-parse@2.0.0 → 2.1.0: refresh-lockfile [<root>]']);
  assert.equal(s.remediations[0]?.steps[0]?.alias, 'parser');
  assert.deepEqual(buildFixPlan(s.remediations, s.components).update, ['parser']);
});

test('no published version free of the advisory: no fix; without registry data the target comes from the advisory, unverified', async () => {
  const abandoned = osvRecord('GHSA-aban-0000-0004', 'abandoned', [{ introduced: '0' }]);
  const none = await scenario({ name: 'app', dependencies: { abandoned: '^1.0.0' } }, [{ name: 'abandoned', version: '1.0.0' }], [abandoned], [
    packument('abandoned', { '1.0.0': {}, '1.0.1': {} }),
  ]);
  assert.deepEqual(steps(none), ['abandoned@1.0.0 → none: no-fix [<root>]']);

  const offline = await scenario(
    { name: 'app', dependencies: { 'web-kit': '^1.0.0' } },
    [{ name: 'web-kit', version: '1.0.0', dependencies: { 'tiny-parse': '^2.0.0' } }, { name: 'tiny-parse', version: '2.0.0' }],
    [TINY],
    [],
  );
  assert.deepEqual(steps(offline), ['tiny-parse@2.0.0 → 2.1.0: refresh-lockfile [web-kit@1.0.0]']);
  assert.equal(offline.remediations[0]?.verified, false);
  assert.deepEqual(offline.metas, [], 'no meta-vulnerability without the registry versions');
});

test('the fix plan folds upgrades of one dependency to the highest version needed and leaves out refreshes they cover', async () => {
  const components = new Map(['a', 'b', 'kit'].map((name) => [`${name}@1.0.0`, makeComponent(name, '1.0.0', { id: `${name}@1.0.0` })]));
  const upgrade = (component: string, to: string): Remediation => ({
    componentId: component,
    advisoryIds: ['X'],
    target: '9.9.9',
    verified: true,
    steps: [{ action: 'upgrade-direct', dependency: { name: 'kit', from: '1.0.0', to, semverMajor: false, withinRange: true }, parents: ['kit@1.0.0'] }],
  });
  const plan = buildFixPlan(
    [upgrade('a@1.0.0', '1.2.0'), upgrade('b@1.0.0', '1.4.0'), { componentId: 'kit@1.0.0', advisoryIds: ['Y'], target: '1.1.0', verified: true, steps: [{ action: 'refresh-lockfile', parents: [''] }] }],
    components,
  );
  assert.deepEqual(plan.upgrade, [{ name: 'kit', from: '1.0.0', to: '1.4.0', semverMajor: false, withinRange: true, fixes: ['a@1.0.0', 'b@1.0.0'] }]);
  assert.deepEqual(plan.update, []);
});

test('an upgrade in one workspace does not stand for the refresh another workspace needs', () => {
  // Found with pnpm and yarn 1 on a monorepo: packages/shared pins lodash 4.17.15, packages/worker declares ^4.17.15.
  // Moving shared's pin left worker's locked 4.17.15 in place (3 findings remaining) because the refresh was dropped.
  const workspace = (folder: string): Component => makeComponent(`@m/${folder}`, '1.0.0', { id: `@m/${folder}@1.0.0`, isWorkspace: true, locations: [`packages/${folder}`] });
  const components = new Map([workspace('shared'), workspace('worker'), makeComponent('lodash', '4.17.15', { id: 'lodash@4.17.15' })].map((c) => [c.id, c]));
  const remediation: Remediation = {
    componentId: 'lodash@4.17.15',
    advisoryIds: ['GHSA-35jh-r3h4-6jhm'],
    target: '4.17.21',
    verified: true,
    steps: [
      { action: 'refresh-lockfile', parents: ['@m/worker@1.0.0'] },
      { action: 'upgrade-direct', dependency: { name: 'lodash', from: '4.17.15', to: '4.17.21', semverMajor: false, withinRange: false, workspace: 'packages/shared' }, parents: ['@m/shared@1.0.0'] },
    ],
  };
  assert.deepEqual(buildFixPlan([remediation], components).update, ['lodash']);
  // The same declaration upgraded: its own install refreshes it.
  const same = { ...remediation, steps: [{ ...remediation.steps[0], parents: ['@m/shared@1.0.0'] } as Remediation['steps'][number], remediation.steps[1] as Remediation['steps'][number]] };
  assert.deepEqual(buildFixPlan([same], components).update, []);
});

test('verified targets: an upgrade whose own subtree brings in an advisory as severe as the finding is passed over for the next version', async () => {
  // web-kit 1.1.0 fixes tiny-parse but pulls in hash-lite 1.0.0 (another advisory: without severities every advisory is as severe as any other).
  const HASH = osvRecord('GHSA-hash-0000-0009', 'hash-lite', [{ introduced: '0' }, { fixed: '2.0.0' }]);
  const s = await scenario(
    { name: 'app', dependencies: { 'web-kit': '^1.0.0' } },
    [{ name: 'web-kit', version: '1.0.0', dependencies: { 'tiny-parse': '~2.0.0' } }, { name: 'tiny-parse', version: '2.0.0' }],
    [TINY, HASH],
    [
      packument('web-kit', { '1.0.0': { 'tiny-parse': '~2.0.0' }, '1.1.0': { 'tiny-parse': '^2.1.0', 'hash-lite': '^1.0.0' }, '1.2.0': { 'tiny-parse': '^2.1.0', 'hash-lite': '^2.0.0' } }),
      TINY_VERSIONS,
      packument('hash-lite', { '1.0.0': {}, '2.0.0': {} }),
    ],
  );
  assert.deepEqual(steps(s), ['tiny-parse@2.0.0 → 2.1.0: upgrade-direct web-kit 1.0.0→1.2.0 within range [web-kit@1.0.0]']);
});

test('minimal plans: a path through a package the project upgrades anyway needs no upgrade of its own; an override beats a semver-major', async () => {
  // root → request → hoek, and root → tool → request (the same copy) → hoek: the request upgrade fixes both paths.
  // root → legacy → hoek: only legacy 2.0.0 (a major) moves hoek, so hoek is overridden instead.
  const HOEK = osvRecord('GHSA-hoek-0000-0008', 'hoek', [{ introduced: '0' }, { fixed: '4.2.1' }]);
  const s = await scenario(
    { name: 'app', dependencies: { request: '~2.81.0', tool: '^1.0.0' } },
    [
      { name: 'request', version: '2.81.0', dependencies: { hoek: '2.x' } },
      { name: 'tool', version: '1.0.0', dependencies: { request: '^2.81.0' } },
      { name: 'hoek', version: '2.16.3' },
    ],
    [HOEK],
    [
      packument('request', { '2.81.0': { hoek: '2.x' }, '2.88.0': { hoek: '^4.2.1' } }),
      packument('tool', { '1.0.0': { request: '^2.81.0' }, '2.0.0': { request: '^2.88.0' } }),
      packument('hoek', { '2.16.3': {}, '4.2.1': {} }),
    ],
  );
  assert.deepEqual(steps(s), ['hoek@2.16.3 → 4.2.1: upgrade-direct request 2.81.0→2.88.0 [request@2.81.0]']);

  const major = await scenario(
    { name: 'app', dependencies: { legacy: '^1.0.0' } },
    [{ name: 'legacy', version: '1.0.0', dependencies: { hoek: '2.x' } }, { name: 'hoek', version: '2.16.3' }],
    [HOEK],
    [packument('legacy', { '1.0.0': { hoek: '2.x' }, '1.1.0': { hoek: '2.x' }, '2.0.0': { hoek: '^4.2.1' } }), packument('hoek', { '2.16.3': {}, '4.2.1': {} })],
  );
  assert.deepEqual(steps(major), ['hoek@2.16.3 → 4.2.1: override hoek=^4.2.1 [legacy@1.0.0]']);
});
