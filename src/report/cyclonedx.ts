import cdx from '@cyclonedx/cyclonedx-library';
import parseSpdxExpression from 'spdx-expression-parse';
import type { Component, Inventory } from '../model/component.js';
import { ROOT_ID } from '../model/component.js';
import { sriToHexHashes } from './sri-hashes.js';

export type CycloneDxSpecVersion = '1.4' | '1.5' | '1.6';
export type CycloneDxFormat = 'json' | 'xml';

export interface CycloneDxOptions {
  spec: CycloneDxSpecVersion;
  format: CycloneDxFormat;
  /** Leaves out the serial number and timestamp (both vary per run). */
  reproducible: boolean;
  /** Used unless reproducible. */
  timestamp?: Date;
  /** `urn:uuid:…`, used unless reproducible. */
  serialNumber?: string;
  tool: { name: string; version: string };
}

const SPECS = {
  '1.4': cdx.Spec.Spec1dot4,
  '1.5': cdx.Spec.Spec1dot5,
  '1.6': cdx.Spec.Spec1dot6,
} as const;

/** Renders the inventory as a CycloneDX BOM, built with the CycloneDX library's model and serialisers. */
export function renderCycloneDx(inventory: Inventory, options: CycloneDxOptions): string {
  const bom = buildBom(inventory, options);
  const spec = SPECS[options.spec];
  // sortLists: every repository in the model is serialised in a stable order.
  if (options.format === 'xml') {
    const serializer = new cdx.Serialize.XmlSerializer(new cdx.Serialize.XML.Normalize.Factory(spec));
    return serializer.serialize(bom, { sortLists: true, space: 2 }) + '\n';
  }
  const serializer = new cdx.Serialize.JsonSerializer(new cdx.Serialize.JSON.Normalize.Factory(spec));
  return serializer.serialize(bom, { sortLists: true, space: 2 }) + '\n';
}

function buildBom(inventory: Inventory, options: CycloneDxOptions): cdx.Models.Bom {
  const bom = new cdx.Models.Bom();
  if (!options.reproducible) {
    if (options.serialNumber) bom.serialNumber = options.serialNumber;
    if (options.timestamp) bom.metadata.timestamp = options.timestamp;
  }
  // CycloneDX 1.5 `metadata.lifecycles`: a lockfile describes what will be
  // built (pre-build); node_modules is what was built.
  bom.metadata.lifecycles.add(
    inventory.sourceFile === 'node_modules' ? cdx.Enums.LifecyclePhase.Build : cdx.Enums.LifecyclePhase.PreBuild,
  );
  bom.metadata.tools.components.add(
    new cdx.Models.Component(cdx.Enums.ComponentType.Application, options.tool.name, {
      version: options.tool.version,
      bomRef: `tool:${options.tool.name}`,
    }),
  );

  const root = new cdx.Models.Component(cdx.Enums.ComponentType.Application, unscopedName(inventory.project.name), {
    bomRef: rootBomRef(inventory),
  });
  assignGroup(root, inventory.project.name);
  if (inventory.project.version) root.version = inventory.project.version;
  if (inventory.project.description) root.description = inventory.project.description;
  addLicense(root, inventory.project.license);
  bom.metadata.component = root;

  const byId = new Map<string, cdx.Models.Component>([[ROOT_ID, root]]);
  for (const component of inventory.components) {
    const model = toCdxComponent(component, inventory);
    byId.set(component.id, model);
    bom.components.add(model);
  }
  for (const edge of inventory.edges) {
    if (edge.to === undefined) continue;
    const from = byId.get(edge.from);
    const to = byId.get(edge.to);
    if (from && to && from !== to) from.dependencies.add(to.bomRef);
  }
  return bom;
}

export function rootBomRef(inventory: Inventory): string {
  return `root:${inventory.project.name}${inventory.project.version ? `@${inventory.project.version}` : ''}`;
}

function toCdxComponent(component: Component, inventory: Inventory): cdx.Models.Component {
  const model = new cdx.Models.Component(cdx.Enums.ComponentType.Library, unscopedName(component.name), {
    bomRef: component.id,
    version: component.version,
    purl: component.purl,
    scope: cdxScope(component),
  });
  assignGroup(model, component.name);
  for (const hash of sriToHexHashes(component.integrity)) {
    model.hashes.set(cdx.Enums.HashAlgorithm[hash.algorithm], hash.hex);
  }
  addLicense(model, component.license);
  addExternalReferences(model, component);
  addProperty(model, 'cdx:npm:package:development', component.flags.dev ? 'true' : undefined);
  addProperty(model, 'cdx:npm:package:bundled', component.flags.bundled ? 'true' : undefined);
  for (const location of component.locations) addProperty(model, 'cdx:npm:package:path', location);
  for (const alias of component.aliases) addProperty(model, 'cdx:npm:package:alias', alias);
  addProperty(model, 'deptrust:source', component.source.kind);
  addProperty(model, 'deptrust:scope', component.scope);
  addProperty(model, 'deptrust:direct', String(component.direct));
  addProperty(model, 'deptrust:paths', String(inventory.paths.get(component.id)?.count ?? 0));
  if (component.hasInstallScript) addProperty(model, 'deptrust:install-script', 'true');
  return model;
}

/** CycloneDX `scope`: required at runtime, optional, or excluded (dev only). */
function cdxScope(component: Component): cdx.Enums.ComponentScope {
  switch (component.scope) {
    case 'dev':
      return cdx.Enums.ComponentScope.Excluded;
    case 'optional':
    case 'devOptional':
      return cdx.Enums.ComponentScope.Optional;
    case 'prod':
      return cdx.Enums.ComponentScope.Required;
  }
}

function addExternalReferences(model: cdx.Models.Component, component: Component): void {
  const { ExternalReference } = cdx.Models;
  const { ExternalReferenceType } = cdx.Enums;
  const vcs = component.source.kind === 'git' ? component.source.url : component.repository;
  if (vcs) model.externalReferences.add(new ExternalReference(vcs, ExternalReferenceType.VCS));
  if (component.homepage) model.externalReferences.add(new ExternalReference(component.homepage, ExternalReferenceType.Website));
  if (component.bugs) model.externalReferences.add(new ExternalReference(component.bugs, ExternalReferenceType.IssueTracker));
  const { url, kind } = component.source;
  if (url && (kind === 'registry' || kind === 'tarball')) {
    const distribution = new ExternalReference(url, ExternalReferenceType.Distribution, { comment: 'as resolved in the lockfile' });
    for (const hash of sriToHexHashes(component.integrity)) {
      distribution.hashes.set(cdx.Enums.HashAlgorithm[hash.algorithm], hash.hex);
    }
    model.externalReferences.add(distribution);
  }
}

// The factory tries an SPDX id, then an SPDX expression (validated by spdx-expression-parse), then a named licence.
const licenseFactory = new cdx.Contrib.License.Factories.LicenseFactory((expression: string) => {
  parseSpdxExpression(expression);
});

/** SPDX id, SPDX expression, else a named licence; all as declared by the package (CycloneDX 1.6 `acknowledgement`). */
function addLicense(model: cdx.Models.Component, declared: string | undefined): void {
  if (!declared) return;
  const license = licenseFactory.makeFromString(declared);
  license.acknowledgement = cdx.Enums.LicenseAcknowledgement.Declared;
  model.licenses.add(license);
}

function addProperty(model: cdx.Models.Component, name: string, value: string | undefined): void {
  if (value !== undefined) model.properties.add(new cdx.Models.Property(name, value));
}

function assignGroup(model: cdx.Models.Component, fullName: string): void {
  const slash = fullName.indexOf('/');
  if (fullName.startsWith('@') && slash > 0) model.group = fullName.slice(0, slash);
}

function unscopedName(fullName: string): string {
  const slash = fullName.indexOf('/');
  return fullName.startsWith('@') && slash > 0 ? fullName.slice(slash + 1) : fullName;
}
