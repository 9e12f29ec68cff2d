import assert from 'node:assert/strict';
import { test } from 'node:test';
import cdx from '@cyclonedx/cyclonedx-library';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { renderCycloneDx, type CycloneDxOptions } from '../../src/report/cyclonedx.js';
import { validateCycloneDxJson } from '../../src/report/validate-cyclonedx.js';
import { sriToHexHashes } from '../../src/report/sri-hashes.js';
import { assertGolden } from '../helpers/golden.js';
import { fixtureProject } from '../helpers/paths.js';

const base: CycloneDxOptions = { spec: '1.6', format: 'json', reproducible: true, tool: { name: 'deptrust', version: '0.0.0-test' } };

interface BomJson {
  metadata: { component: { 'bom-ref': string }; lifecycles: Array<{ phase: string }>; tools: { components: Array<{ name: string }> } };
  components: Array<Record<string, unknown> & { 'bom-ref': string; name: string; version: string }>;
  dependencies: Array<{ ref: string; dependsOn?: string[] }>;
  serialNumber?: string;
}

function parse(json: string): BomJson {
  return JSON.parse(json) as BomJson;
}

for (const fixture of ['dependency-flags', 'non-registry-sources', 'workspaces-shared-dependency', 'aliased-dependency']) {
  test(`SBOM of ${fixture} matches its golden file and the CycloneDX 1.6 schema`, async () => {
    const inventory = await loadInventory(fixtureProject(fixture));
    const json = renderCycloneDx(inventory, base);
    assert.deepEqual(await validateCycloneDxJson(JSON.parse(json), '1.6'), []);
    assertGolden(`sbom/${fixture}.cdx.json`, json);
  });
}

test('the SBOM carries every component, the root and a dependency entry for each', async () => {
  const inventory = await loadInventory(fixtureProject('dependency-flags'));
  const bom = parse(renderCycloneDx(inventory, base));
  assert.equal(bom.components.length, inventory.components.length);
  const refs = new Set(bom.dependencies.map((d) => d.ref));
  assert.ok(refs.has(bom.metadata.component['bom-ref']));
  for (const component of bom.components) assert.ok(refs.has(component['bom-ref']), component.name);
  assert.deepEqual(bom.metadata.lifecycles, [{ phase: 'pre-build' }]);
  assert.deepEqual(bom.metadata.tools.components.map((c) => c.name), ['deptrust']);
  const chalk = bom.components.find((c) => c.name === 'chalk');
  assert.equal(chalk?.['scope'], 'excluded');
  assert.deepEqual((chalk?.['properties'] as Array<{ name: string; value: string }> | undefined)?.filter((p) => p.name.startsWith('cdx:')), [
    { name: 'cdx:npm:package:development', value: 'true' },
    { name: 'cdx:npm:package:path', value: 'node_modules/chalk' },
  ]);
  assert.equal(bom.components.find((c) => c.name === 'bufferutil')?.['scope'], 'optional');
  assert.equal(bom.components.find((c) => c.name === 'react')?.['scope'], 'required');
});

test('without --reproducible the SBOM has a serial number and timestamp; with it, two runs are byte-identical', async () => {
  const inventory = await loadInventory(fixtureProject('aliased-dependency'));
  const live = parse(renderCycloneDx(inventory, { ...base, reproducible: false, serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79', timestamp: new Date('2026-01-02T03:04:05Z') }));
  assert.equal(live.serialNumber, 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79');
  assert.equal((live.metadata as unknown as { timestamp: string }).timestamp, '2026-01-02T03:04:05.000Z');
  const again = await loadInventory(fixtureProject('aliased-dependency'));
  assert.equal(renderCycloneDx(inventory, base), renderCycloneDx(again, base));
  assert.ok(!renderCycloneDx(inventory, base).includes('serialNumber'));
});

for (const spec of ['1.4', '1.5'] as const) {
  test(`CycloneDX ${spec} output validates against the ${spec} schema`, async () => {
    const inventory = await loadInventory(fixtureProject('non-registry-sources'));
    const json = renderCycloneDx(inventory, { ...base, spec });
    assert.equal(parse(json).components.length, 4);
    assert.deepEqual(await validateCycloneDxJson(JSON.parse(json), spec), []);
  });
}

test('XML output is a CycloneDX 1.6 document with the same components', async () => {
  const inventory = await loadInventory(fixtureProject('dependency-flags'));
  const xml = renderCycloneDx(inventory, { ...base, format: 'xml' });
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<bom xmlns="http:\/\/cyclonedx.org\/schema\/bom\/1.6"/);
  assert.equal(xml.match(/<component type="library"/g)?.length, inventory.components.length);
  assertGolden('sbom/dependency-flags.cdx.xml', xml);
});

test('our schema validator agrees with the CycloneDX library validator, on good and broken documents', async () => {
  const inventory = await loadInventory(fixtureProject('non-registry-sources'));
  const good = renderCycloneDx(inventory, base);
  const library = new cdx.Validation.JsonStrictValidator(cdx.Spec.Version.v1dot6);
  assert.equal(await library.validate(good), null);
  const duplicated = parse(good);
  duplicated.components.push(structuredClone(duplicated.components[0] as BomJson['components'][number]));
  const badScope = parse(good);
  (badScope.components[0] as Record<string, unknown>)['scope'] = 'sometimes';
  for (const broken of [duplicated, badScope]) {
    assert.notEqual(await library.validate(JSON.stringify(broken)), null);
    assert.notDeepEqual(await validateCycloneDxJson(broken, '1.6'), []);
  }
});

test('SRI integrity becomes hex hashes with the right algorithm', () => {
  // [integrity, expected]
  const cases: Array<[string | undefined, Array<{ algorithm: string; hex: string }>]> = [
    [undefined, []],
    ['', []],
    ['sha1-qmrQ7Tq5bR0X8c0w9hsf2XNyY/4=', [{ algorithm: 'SHA-1', hex: 'aa6ad0ed3ab96d1d17f1cd30f61b1fd973726 3fe'.replace(' ', '') }]],
    ['sha512-AAAA sha1-AAAA', [{ algorithm: 'SHA-512', hex: '000000' }, { algorithm: 'SHA-1', hex: '000000' }]],
    ['md5-AAAA', []],
    ['sha256-!!!', []],
  ];
  for (const [integrity, expected] of cases) assert.deepEqual(sriToHexHashes(integrity), expected, String(integrity));
});

test('properties: npm: aliases under deptrust:alias (not in the cdx:npm taxonomy), workspaces carry no alias; metadata.component has the project purl', async () => {
  interface Bom { metadata: { component: { purl?: string; name: string; group?: string } }; components: Array<{ name: string; group?: string; properties?: Array<{ name: string; value: string }> }> }
  const render = async (fixture: string): Promise<Bom> => JSON.parse(renderCycloneDx(await loadInventory(fixtureProject(fixture)), base)) as Bom;
  const aliased = await render('aliased-dependency');
  const properties = aliased.components.flatMap((c) => (c.properties ?? []).map((p) => `${c.name} ${p.name}=${p.value}`));
  assert.ok(properties.includes('ms deptrust:alias=ms-old'), properties.join('\n'));
  assert.ok(properties.every((p) => !p.includes('cdx:npm:package:alias')));
  // Only names of CycloneDX's cdx:npm taxonomy, or ours.
  assert.ok(properties.every((p) => /^\S+ (cdx:npm:package:(development|bundled|path)|deptrust:[a-z-]+)=/.test(p)), properties.join('\n'));
  assert.equal(aliased.metadata.component.purl, 'pkg:npm/aliased-dependency@1.0.0');
  const workspaces = await render('workspaces-shared-dependency');
  const workspaceAliases = workspaces.components.flatMap((c) => (c.properties ?? []).filter((p) => p.name.endsWith('alias')).map((p) => `${c.group ?? ''}/${c.name}=${p.value}`));
  assert.deepEqual(workspaceAliases, [], 'a workspace folder name (packages/api) is no alias');
  assert.equal(workspaces.metadata.component.purl, 'pkg:npm/workspaces-shared-dependency@1.0.0');
});
