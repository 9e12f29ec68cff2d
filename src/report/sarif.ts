import { createHash } from 'node:crypto';
import { dependencyGraphOf } from '../graph/dependency-graph.js';
import { ROOT_ID, type Component } from '../model/component.js';
import type { Finding, Severity } from '../model/finding.js';
import type { ScanResult } from '../model/scan-result.js';
import type { Signal, SignalCode } from '../model/signal.js';
import { fixLabel, severityLabel } from './finding-labels.js';
import { remediationsById } from './remediation-labels.js';
import { componentsById, pathLabel } from './path-label.js';
import { escapeJsonControls } from './control-characters.js';
import { escape, httpUrl, link } from './markdown-text.js';
import { managerCommands } from './manager-commands.js';

export interface SarifOptions {
  tool: { name: string; version: string };
  /** Only these findings (e.g. what a diff introduces); all when undefined. */
  findings?: readonly Finding[];
  /** Only these signals; all when undefined and `findings` is not given, none when it is. */
  signals?: readonly Signal[];
  /** Policy violations that are not advisories or signals (licence, source, registry host), as results of their own. */
  policyViolations?: ReadonlyArray<{ componentId: string; rule: string }>;
}

/** Policy rules about what a component is, rather than what is known against it (docs/policy.md). */
const POLICY_RULES: ReadonlyArray<{ prefix: string; id: string; name: string; text: string }> = [
  { prefix: 'license ', id: 'deptrust/policy-license', name: 'DeniedLicense', text: "The component's licence is denied by the policy (failOn.licenses.deny)." },
  { prefix: 'source ', id: 'deptrust/policy-source', name: 'SourceNotAllowed', text: 'The component comes from a kind of source the policy does not allow (failOn.sources.allow).' },
  { prefix: 'registry host ', id: 'deptrust/policy-registry-host', name: 'RegistryHostNotAllowed', text: 'The component comes from a registry host the policy does not allow (failOn.registryHosts.allow).' },
];

/** Signals that are security results in their own right (SARIF rules under `deptrust/`). */
const SIGNAL_RULES: Partial<Record<SignalCode, { name: string; text: string; level: 'error' | 'warning' | 'note'; severity: string }>> = {
  malware: { name: 'MaliciousPackage', text: 'A malicious-package advisory names this package.', level: 'error', severity: '10.0' },
  typosquat: { name: 'TyposquatName', text: 'The package name is one or two edits from a popular package.', level: 'warning', severity: '7.0' },
  'install-script': { name: 'InstallScript', text: 'The package runs a script when it is installed.', level: 'note', severity: '4.0' },
  'non-registry-source': { name: 'NonRegistrySource', text: 'The package comes from outside the registry (git, tarball URL, local path).', level: 'warning', severity: '5.0' },
};

/** SARIF `level` from the severity: error for malware, critical and high; warning for medium and unknown; note for low. */
function levelFor(severity: Severity): 'error' | 'warning' | 'note' {
  if (severity === 'malware' || severity === 'critical' || severity === 'high') return 'error';
  if (severity === 'low') return 'note';
  return 'warning';
}

/** GitHub code scanning truncates or rejects longer rule descriptions. */
export const SARIF_DESCRIPTION_LIMIT = 1024;

/**
 * SARIF 2.1.0 (OASIS) as GitHub code scanning reads it: one rule per
 * advisory (its own id, so it survives aliases added later) and per risk
 * signal kind; one result per affected component, located at its entry in
 * the lockfile, with the package.json lines that declare it (under the name
 * they declare, an `npm:` alias's own) as related locations. Paths are
 * relative to the repository root (`%SRCROOT%`), since that is where GitHub
 * resolves them. `primaryLocationLineHash` hashes the rule, the package and
 * the lockfile, never a line or a version, so an alert (and its dismissal)
 * outlives line moves and upgrades that do not fix it.
 */
export function renderSarif(result: ScanResult, options: SarifOptions): string {
  const byId = componentsById(result.inventory);
  const fingerprints = new FingerprintCounter();
  const plans = remediationsById(result.remediations);
  const findings = options.findings ?? result.findings;
  const rules: object[] = [];
  const ruleIndex = new Map<string, number>();
  const addRule = (id: string, rule: object): number => {
    let index = ruleIndex.get(id);
    if (index === undefined) {
      index = rules.length;
      rules.push(rule);
      ruleIndex.set(id, index);
    }
    return index;
  };
  const results: object[] = [];
  for (const finding of [...findings].sort((a, b) => compare(a.primaryId, b.primaryId) || compare(a.componentId, b.componentId))) {
    const component = byId.get(finding.componentId);
    if (!component) continue;
    const index = addRule(finding.primaryId, advisoryRule(finding));
    results.push({
      ruleId: finding.primaryId,
      ruleIndex: index,
      level: levelFor(finding.rating.level),
      message: {
        text: `${component.name}@${component.version} is affected by ${finding.ids.join(', ')} (${severityLabel(finding.rating)}). Fix: ${fixLabel(finding, { plan: plans.get(component.id), component, commands: managerCommands(result.inventory) })}. ` +
          `Path: ${firstPath(result, component, byId)}.`,
      },
      ...placement(result, component),
      partialFingerprints: { primaryLocationLineHash: fingerprints.next(result, finding.primaryId, component) },
      properties: { purl: component.purl, risk: finding.risk ?? null, scope: component.scope, direct: component.direct },
    });
  }
  {
    for (const signal of [...(options.signals ?? (options.findings ? [] : result.signals))].sort((a, b) => compare(a.code, b.code) || compare(a.componentId, b.componentId))) {
      const rule = SIGNAL_RULES[signal.code];
      const component = byId.get(signal.componentId);
      if (!rule || !component) continue;
      const id = `deptrust/${signal.code}`;
      const index = addRule(id, {
        id,
        name: rule.name,
        shortDescription: { text: rule.text },
        fullDescription: { text: rule.text },
        help: { text: rule.text, markdown: `${rule.text} See deptrust's docs/scoring.md for the signal \`${signal.code}\`.` },
        defaultConfiguration: { level: rule.level },
        properties: { 'security-severity': rule.severity, tags: ['security', 'supply-chain', signal.code] },
      });
      results.push({
        ruleId: id,
        ruleIndex: index,
        level: rule.level,
        message: { text: `${component.name}@${component.version}: ${signal.code}${describeEvidence(signal)}` },
        ...placement(result, component),
        partialFingerprints: { primaryLocationLineHash: fingerprints.next(result, id, component) },
        properties: { purl: component.purl },
      });
    }
  }
  for (const violation of [...(options.policyViolations ?? [])].sort((a, b) => compare(a.rule, b.rule) || compare(a.componentId, b.componentId))) {
    const rule = POLICY_RULES.find((r) => violation.rule.startsWith(r.prefix));
    const component = byId.get(violation.componentId);
    if (!rule || !component) continue;
    const index = addRule(rule.id, {
      id: rule.id,
      name: rule.name,
      shortDescription: { text: rule.text },
      fullDescription: { text: rule.text },
      help: { text: rule.text, markdown: `${rule.text} See deptrust's docs/policy.md.` },
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['policy', 'supply-chain'] },
    });
    results.push({
      ruleId: rule.id,
      ruleIndex: index,
      level: 'error',
      message: { text: `${component.name}@${component.version}: ${violation.rule}` },
      ...placement(result, component),
      partialFingerprints: { primaryLocationLineHash: fingerprints.next(result, `${rule.id}:${violation.rule}`, component) },
      properties: { purl: component.purl },
    });
  }
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: options.tool.name, version: options.tool.version, rules } },
        // No absolute path: consumers (GitHub among them) resolve %SRCROOT% to their checkout.
        originalUriBaseIds: { [SRCROOT]: { description: { text: 'The root of the git repository holding the project.' } } },
        columnKind: 'unicodeCodePoints',
        results,
      },
    ],
  };
  return escapeJsonControls(`${JSON.stringify(sarif, null, 2)}\n`);
}

function advisoryRule(finding: Finding): object {
  const advisory = finding.advisories[0];
  const summary = finding.summary || finding.primaryId;
  const details = advisory?.details ?? summary;
  const references = finding.advisories.flatMap((a) => a.references).slice(0, 10);
  const fixedIn = finding.fix.fixedIn ? `Upgrade to ${finding.fix.fixedIn} or later (${finding.fix.lockfileRefreshFixes ? 'refreshing the lockfile is enough' : 'a declared range must change'}).` : 'No fixed version is known.';
  // GitHub code scanning reads `security-severity` (0–10) for its severity bands.
  const securitySeverity = finding.malicious ? 10 : (finding.rating.score ?? { critical: 9.5, high: 8, medium: 5.5, low: 2, unknown: 5.5, malware: 10 }[finding.rating.level]);
  const helpUri = references.map((r) => httpUrl(r.url)).find((url) => url !== undefined) ?? `https://osv.dev/vulnerability/${encodeURIComponent(finding.primaryId)}`;
  const body = details === summary ? [] : [...details.split(/\r?\n/), ''];
  return {
    id: finding.primaryId,
    name: finding.primaryId.replace(/[^A-Za-z0-9]/g, ''),
    shortDescription: { text: shorten(summary, 300) },
    // GitHub takes at most 1,024 characters here; the whole text is in `help`.
    fullDescription: { text: shorten(details, SARIF_DESCRIPTION_LIMIT) },
    helpUri,
    help: {
      text: [summary, '', ...body, fixedIn].join('\n'),
      // The advisory's own text is escaped line by line: its links and HTML never become live.
      markdown: [`**${escape(finding.ids.join(', '))}**: ${escape(summary)}`, '', ...body.map(escape), fixedIn, '', ...references.map((r) => `- ${link(r.type, r.url)}`)].join('\n'),
    },
    defaultConfiguration: { level: levelFor(finding.rating.level) },
    properties: {
      'security-severity': securitySeverity.toFixed(1),
      tags: ['security', 'vulnerability', finding.rating.level, ...(advisory?.cwes ?? [])],
    },
  };
}

/** At most `limit` UTF-16 units, cut at a word when one ends near the limit, with an ellipsis. */
export function shorten(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let cut = text.slice(0, limit - 1);
  // Never split a surrogate pair.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const space = cut.lastIndexOf(' ');
  return `${space > limit * 0.8 ? cut.slice(0, space) : cut}…`;
}

const SRCROOT = '%SRCROOT%';

/**
 * The result's one location (its entry in the lockfile; package.json for a
 * node_modules scan) and, as related locations, the lines of the root's and
 * workspaces' package.json that declare it, under the declared name.
 */
function placement(result: ScanResult, component: Component): { locations: object[]; relatedLocations?: object[] } {
  const { declarations } = result;
  const folder = declarations.projectFolder ?? '';
  const lockfile = declarations.lockfile;
  const primary = lockfile
    ? physical(folder, lockfile.file, component.locations.map((location) => lockfile.lines.get(location)).find((l) => l !== undefined))
    : physical(folder, result.inventory.sourceFile === 'node_modules' ? 'package.json' : result.inventory.sourceFile, undefined);
  const related: object[] = [];
  if (component.direct) {
    const manifests = new Map<string, { file: string; lines: Map<string, number> }>();
    if (declarations.manifest) manifests.set(ROOT_ID, declarations.manifest);
    const workspaceIds = new Map(result.inventory.components.filter((c) => c.isWorkspace).flatMap((c) => c.locations.map((location) => [location, c.id] as const)));
    for (const [workspace, manifest] of declarations.workspaceManifests ?? []) {
      const id = workspaceIds.get(workspace);
      if (id !== undefined) manifests.set(id, manifest);
    }
    const seen = new Set<string>();
    for (const edge of dependencyGraphOf(result.inventory.edges).incoming(component.id)) {
      if (edge.type === 'workspace') continue;
      const manifest = manifests.get(edge.from);
      const line = manifest?.lines.get(edge.name);
      if (!manifest || line === undefined || seen.has(`${manifest.file}:${line}`)) continue;
      seen.add(`${manifest.file}:${line}`);
      related.push({ id: related.length + 1, ...physical(folder, manifest.file, line), message: { text: `declared as ${edge.name}@${edge.spec}` } });
    }
  }
  return { locations: [primary], ...(related.length ? { relatedLocations: related } : {}) };
}

function physical(folder: string, file: string, line: number | undefined): { physicalLocation: object } {
  const uri = encodeURI(folder ? `${folder}/${file}` : file);
  return { physicalLocation: { artifactLocation: { uri, uriBaseId: SRCROOT }, ...(line !== undefined ? { region: { startLine: line } } : {}) } };
}

/**
 * `primaryLocationLineHash` values: a hash of the rule, the package name and
 * the lockfile's path from the repository root, then `:n` counting the
 * results that share it (two versions of one package) in result order.
 */
class FingerprintCounter {
  private readonly counts = new Map<string, number>();
  next(result: ScanResult, rule: string, component: Component): string {
    const folder = result.declarations.projectFolder ?? '';
    const lockfile = result.declarations.lockfile?.file ?? result.inventory.sourceFile;
    const hash = createHash('sha256').update(`${rule}\0${component.name}\0${folder ? `${folder}/` : ''}${lockfile}`).digest('hex').slice(0, 16);
    const count = (this.counts.get(hash) ?? 0) + 1;
    this.counts.set(hash, count);
    return `${hash}:${count}`;
  }
}

function firstPath(result: ScanResult, component: Component, byId: ReadonlyMap<string, Component>): string {
  const first = result.inventory.paths.get(component.id)?.sample[0];
  return first ? pathLabel(result.inventory, first, byId) : result.inventory.project.name;
}

function describeEvidence(signal: Signal): string {
  const entries = Object.entries(signal.evidence);
  return entries.length ? ` (${entries.map(([k, v]) => `${k}: ${String(v)}`).join(', ')})` : '';
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
