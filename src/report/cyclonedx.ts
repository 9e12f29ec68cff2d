// First: keeps the XML stringifier from loading until XML is asked for.
import './cyclonedx-lazy-xml.js';
import type * as CdxTypes from '@cyclonedx/cyclonedx-library';
import ContribLicense from '@cyclonedx/cyclonedx-library/Contrib/License';
import Enums from '@cyclonedx/cyclonedx-library/Enums';
import Models from '@cyclonedx/cyclonedx-library/Models';
import Serialize from '@cyclonedx/cyclonedx-library/Serialize';
import Spec from '@cyclonedx/cyclonedx-library/Spec';
import parseSpdxExpression from 'spdx-expression-parse';
import type { Component, Inventory } from '../model/component.js';
import { ROOT_ID } from '../model/component.js';
import type { Finding, SeverityRating } from '../model/finding.js';
import type { IgnoreRule } from '../model/policy.js';
import type { RiskScore, Signal } from '../model/signal.js';
import { fixLabel } from './finding-labels.js';
import { remediationSentences } from './remediation-labels.js';
import type { Remediation } from '../model/remediation.js';
import { sriToHexHashes } from './sri-hashes.js';
import { managerCommands } from './manager-commands.js';

// The parts of the library this file uses, each from its own entry point: the
// package root also loads its validators and contributions (about 50 ms and
// 120 modules at start-up) that deptrust does not use.
const cdx = { Contrib: { License: ContribLicense }, Enums, Models, Serialize, Spec };

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
  /** Findings, suppressions (VEX), risk scores and signals to carry in the SBOM (from a scan). */
  risk?: SbomRisk;
}

export interface SbomRisk {
  findings: readonly Finding[];
  suppressed: ReadonlyArray<{ componentId: string; primaryId: string; rule: IgnoreRule }>;
  scores: readonly RiskScore[];
  signals: readonly Signal[];
  /** How to fix each vulnerable component: becomes the vulnerability's `recommendation`. */
  remediations?: readonly Remediation[];
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

function buildBom(inventory: Inventory, options: CycloneDxOptions): CdxTypes.Models.Bom {
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

  const byId = new Map<string, CdxTypes.Models.Component>([[ROOT_ID, root]]);
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
  if (options.risk) addRisk(bom, byId, inventory, options.risk);
  return bom;
}

export function rootBomRef(inventory: Inventory): string {
  return `root:${inventory.project.name}${inventory.project.version ? `@${inventory.project.version}` : ''}`;
}

function toCdxComponent(component: Component, inventory: Inventory): CdxTypes.Models.Component {
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
function cdxScope(component: Component): CdxTypes.Enums.ComponentScope {
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

function addExternalReferences(model: CdxTypes.Models.Component, component: Component): void {
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
function addLicense(model: CdxTypes.Models.Component, declared: string | undefined): void {
  if (!declared) return;
  const license = licenseFactory.makeFromString(declared);
  license.acknowledgement = cdx.Enums.LicenseAcknowledgement.Declared;
  model.licenses.add(license);
}

function addProperty(model: CdxTypes.Models.Component, name: string, value: string | undefined): void {
  if (value !== undefined) model.properties.add(new cdx.Models.Property(name, value));
}

function assignGroup(model: CdxTypes.Models.Component, fullName: string): void {
  const slash = fullName.indexOf('/');
  if (fullName.startsWith('@') && slash > 0) model.group = fullName.slice(0, slash);
}

function unscopedName(fullName: string): string {
  const slash = fullName.indexOf('/');
  return fullName.startsWith('@') && slash > 0 ? fullName.slice(slash + 1) : fullName;
}

const METHODS: Readonly<Record<SeverityRating['method'], CdxTypes.Enums.Vulnerability.RatingMethod>> = {
  CVSSv4: cdx.Enums.Vulnerability.RatingMethod.CVSSv4,
  CVSSv31: cdx.Enums.Vulnerability.RatingMethod.CVSSv31,
  CVSSv3: cdx.Enums.Vulnerability.RatingMethod.CVSSv3,
  CVSSv2: cdx.Enums.Vulnerability.RatingMethod.CVSSv2,
  database: cdx.Enums.Vulnerability.RatingMethod.Other,
  none: cdx.Enums.Vulnerability.RatingMethod.Other,
};

const SEVERITIES: Readonly<Record<SeverityRating['level'], CdxTypes.Enums.Vulnerability.Severity>> = {
  malware: cdx.Enums.Vulnerability.Severity.Critical,
  critical: cdx.Enums.Vulnerability.Severity.Critical,
  high: cdx.Enums.Vulnerability.Severity.High,
  medium: cdx.Enums.Vulnerability.Severity.Medium,
  low: cdx.Enums.Vulnerability.Severity.Low,
  unknown: cdx.Enums.Vulnerability.Severity.Unknown,
};

/**
 * CycloneDX `vulnerabilities[]` (1.4+): one entry per advisory group, with its
 * ratings, CWEs, description, recommendation, advisories and the components it
 * affects. Findings an ignore rule covers become their own entry with a VEX
 * `analysis` (state not_affected, the rule's justification and reason), so a
 * suppression is recorded, never a silent gap. Risk scores and signals are
 * component properties under `deptrust:`.
 */
/** CycloneDX `vulnerabilities[].recommendation`: each affected component's remediation in words, else the short fix label. */
function recommendation(finding: Finding, componentIds: readonly string[], inventory: Inventory, remediations: readonly Remediation[]): string {
  const components = new Map(inventory.components.map((c) => [c.id, c]));
  const names = (id: string): string => (id === '' ? 'the project' : components.get(id)?.name ?? id);
  const texts = componentIds.flatMap((id) => {
    const plan = remediations.find((r) => r.componentId === id);
    const component = components.get(id);
    return plan && component ? [`${component.name}@${component.version}: ${remediationSentences(plan, component, names, managerCommands(inventory)).join(' ')}`] : [];
  });
  return texts.length > 0 ? texts.join(' ') : fixLabel(finding);
}

function addRisk(bom: CdxTypes.Models.Bom, byId: ReadonlyMap<string, CdxTypes.Models.Component>, inventory: Inventory, risk: SbomRisk): void {
  const { Vulnerability } = cdx.Models;
  const suppressedBy = new Map(risk.suppressed.map((s) => [`${s.componentId}\0${s.primaryId}`, s.rule]));
  const groups = new Map<string, { finding: Finding; rule: IgnoreRule | undefined; components: string[] }>();
  for (const finding of risk.findings) {
    const rule = suppressedBy.get(`${finding.componentId}\0${finding.primaryId}`);
    const key = `${finding.primaryId}\0${rule ? `${rule.id}|${rule.expires}|${rule.reason}` : ''}`;
    const group = groups.get(key) ?? { finding, rule, components: [] };
    group.components.push(finding.componentId);
    groups.set(key, group);
  }
  const versions = new Map(inventory.components.map((c) => [c.id, c.version]));
  for (const { finding, rule, components } of groups.values()) {
    const advisory = finding.advisories[0];
    const vulnerability = new Vulnerability.Vulnerability({
      bomRef: `vulnerability:${finding.primaryId}${rule ? ':not-affected' : ''}`,
      id: finding.primaryId,
      source: sourceFor(finding.primaryId),
      description: finding.summary,
      recommendation: recommendation(finding, components, inventory, risk.remediations ?? []),
    });
    if (advisory?.details) vulnerability.detail = advisory.details;
    if (advisory?.published && !Number.isNaN(Date.parse(advisory.published))) vulnerability.published = new Date(advisory.published);
    if (advisory?.modified && !Number.isNaN(Date.parse(advisory.modified))) vulnerability.updated = new Date(advisory.modified);
    for (const id of finding.ids.filter((id) => id !== finding.primaryId)) vulnerability.references.add(new Vulnerability.Reference(id, sourceFor(id)));
    const ratings = finding.advisories.flatMap((a) => (a.ratings.length > 0 ? a.ratings : [a.rating]));
    for (const rating of dedupeRatings(ratings)) {
      const model = new Vulnerability.Rating({ severity: SEVERITIES[rating.level], method: METHODS[rating.method] });
      if (rating.score !== undefined) model.score = rating.score;
      if (rating.vector) model.vector = rating.vector;
      vulnerability.ratings.add(model);
    }
    for (const cwe of new Set(finding.advisories.flatMap((a) => a.cwes))) {
      const number = Number(cwe.replace(/^CWE-/, ''));
      if (Number.isInteger(number) && number > 0) vulnerability.cwes.add(number);
    }
    for (const reference of finding.advisories.flatMap((a) => a.references).filter((r) => r.type === 'ADVISORY' || r.type === 'WEB').slice(0, 10)) {
      try {
        vulnerability.advisories.add(new Vulnerability.Advisory(reference.url));
      } catch {
        // a reference that is not a URL is left out
      }
    }
    for (const componentId of [...new Set(components)].sort()) {
      const target = byId.get(componentId);
      if (!target) continue;
      const affect = new Vulnerability.Affect(target.bomRef);
      affect.versions.add(new Vulnerability.AffectedSingleVersion(versions.get(componentId) ?? '', { status: rule ? cdx.Enums.Vulnerability.AffectStatus.Unaffected : cdx.Enums.Vulnerability.AffectStatus.Affected }));
      vulnerability.affects.add(affect);
    }
    if (rule) {
      vulnerability.analysis = new Vulnerability.Analysis({
        state: cdx.Enums.Vulnerability.AnalysisState.NotAffected,
        ...(rule.justification ? { justification: justificationFor(rule.justification) } : {}),
        detail: `${rule.reason} (deptrust ignore rule, until ${rule.expires})`,
      });
    }
    if (finding.risk !== undefined) vulnerability.properties.add(new cdx.Models.Property('deptrust:risk', String(finding.risk)));
    if (finding.malicious) vulnerability.properties.add(new cdx.Models.Property('deptrust:malicious', 'true'));
    bom.vulnerabilities.add(vulnerability);
  }
  for (const score of risk.scores) {
    const model = byId.get(score.componentId);
    if (!model || score.score === 0) continue;
    model.properties.add(new cdx.Models.Property('deptrust:risk-score', String(score.score)));
    for (const reason of score.reasons) model.properties.add(new cdx.Models.Property('deptrust:risk-reason', `${reason.code} ${reason.code === 'exposure' ? 'x' : '+'}${reason.points}: ${reason.detail}`));
  }
  for (const signal of risk.signals) {
    byId.get(signal.componentId)?.properties.add(new cdx.Models.Property('deptrust:signal', signal.code));
  }
}

function sourceFor(id: string): CdxTypes.Models.Vulnerability.Source {
  if (id.startsWith('GHSA-')) return new cdx.Models.Vulnerability.Source({ name: 'GitHub Advisory Database', url: `https://github.com/advisories/${id}` });
  if (id.startsWith('CVE-')) return new cdx.Models.Vulnerability.Source({ name: 'NVD', url: `https://nvd.nist.gov/vuln/detail/${id}` });
  return new cdx.Models.Vulnerability.Source({ name: 'OSV', url: `https://osv.dev/vulnerability/${id}` });
}

function justificationFor(value: IgnoreRule['justification']): CdxTypes.Enums.Vulnerability.AnalysisJustification | undefined {
  const all = Object.values(cdx.Enums.Vulnerability.AnalysisJustification);
  return all.find((candidate) => candidate === value);
}

function dedupeRatings(ratings: readonly SeverityRating[]): SeverityRating[] {
  const seen = new Set<string>();
  return ratings.filter((rating) => {
    const key = `${rating.method}|${rating.vector ?? rating.level}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
