import { createHash } from 'node:crypto';
import type { Component } from '../model/component.js';
import type { Finding, Severity } from '../model/finding.js';
import type { ScanResult } from '../model/scan-result.js';
import type { Signal, SignalCode } from '../model/signal.js';
import { fixLabel, severityLabel } from './finding-labels.js';
import { remediationsById } from './remediation-labels.js';
import { componentsById, pathLabel } from './path-label.js';

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

/**
 * SARIF 2.1.0 (OASIS): one rule per advisory group and per risk signal kind,
 * one result per affected component, located at the component's entry in the
 * lockfile and, for direct dependencies, at its declaration in package.json.
 * `partialFingerprints` hash the rule, the package and its version, so they
 * are stable across runs and unaffected by line moves.
 */
export function renderSarif(result: ScanResult, options: SarifOptions): string {
  const byId = componentsById(result.inventory);
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
        text: `${component.name}@${component.version} is affected by ${finding.ids.join(', ')} (${severityLabel(finding.rating)}). Fix: ${fixLabel(finding, { plan: plans.get(component.id), component })}. ` +
          `Path: ${firstPath(result, component, byId)}.`,
      },
      locations: locations(result, component),
      partialFingerprints: { 'deptrust/v1': fingerprint(finding.primaryId, component) },
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
        locations: locations(result, component),
        partialFingerprints: { 'deptrust/v1': fingerprint(id, component) },
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
      locations: locations(result, component),
      partialFingerprints: { 'deptrust/v1': fingerprint(`${rule.id}:${violation.rule}`, component) },
      properties: { purl: component.purl },
    });
  }
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: options.tool.name, version: options.tool.version, rules } },
        columnKind: 'unicodeCodePoints',
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

function advisoryRule(finding: Finding): object {
  const advisory = finding.advisories[0];
  const summary = finding.summary || finding.primaryId;
  const details = advisory?.details ? advisory.details.slice(0, 2000) : summary;
  const references = finding.advisories.flatMap((a) => a.references).slice(0, 10);
  const fixedIn = finding.fix.fixedIn ? `Upgrade to ${finding.fix.fixedIn} or later (${finding.fix.lockfileRefreshFixes ? 'refreshing the lockfile is enough' : 'a declared range must change'}).` : 'No fixed version is known.';
  // GitHub code scanning reads `security-severity` (0–10) for its severity bands.
  const securitySeverity = finding.malicious ? 10 : (finding.rating.score ?? { critical: 9.5, high: 8, medium: 5.5, low: 2, unknown: 5.5, malware: 10 }[finding.rating.level]);
  return {
    id: finding.primaryId,
    name: finding.primaryId.replace(/[^A-Za-z0-9]/g, ''),
    shortDescription: { text: summary.slice(0, 300) },
    fullDescription: { text: details },
    helpUri: references[0]?.url ?? `https://osv.dev/vulnerability/${finding.primaryId}`,
    help: {
      text: `${summary}\n\n${fixedIn}`,
      markdown: [`**${finding.ids.join(', ')}**: ${summary}`, '', fixedIn, '', ...references.map((r) => `- [${r.type}](${r.url})`)].join('\n'),
    },
    defaultConfiguration: { level: levelFor(finding.rating.level) },
    properties: {
      'security-severity': securitySeverity.toFixed(1),
      tags: ['security', 'vulnerability', finding.rating.level, ...(advisory?.cwes ?? [])],
    },
  };
}

function locations(result: ScanResult, component: Component): object[] {
  const found: object[] = [];
  const lockfile = result.declarations.lockfile;
  if (lockfile) {
    const line = component.locations.map((location) => lockfile.lines.get(location)).find((l) => l !== undefined);
    found.push(physical(lockfile.file, line));
  }
  const manifest = result.declarations.manifest;
  if (manifest && component.direct) {
    const line = [component.name, ...component.aliases].map((name) => manifest.lines.get(name)).find((l) => l !== undefined);
    if (line !== undefined) found.push(physical(manifest.file, line));
  }
  if (found.length === 0) found.push(physical(result.inventory.sourceFile === 'node_modules' ? 'package.json' : result.inventory.sourceFile, undefined));
  return found;
}

function physical(uri: string, line: number | undefined): object {
  return { physicalLocation: { artifactLocation: { uri }, ...(line !== undefined ? { region: { startLine: line } } : {}) } };
}

function firstPath(result: ScanResult, component: Component, byId: ReadonlyMap<string, Component>): string {
  const first = result.inventory.paths.get(component.id)?.sample[0];
  return first ? pathLabel(result.inventory, first, byId) : result.inventory.project.name;
}

function fingerprint(ruleId: string, component: Component): string {
  return createHash('sha256').update(`${ruleId}\0${component.name}\0${component.version}\0${component.source.kind}`).digest('hex').slice(0, 32);
}

function describeEvidence(signal: Signal): string {
  const entries = Object.entries(signal.evidence);
  return entries.length ? ` (${entries.map(([k, v]) => `${k}: ${String(v)}`).join(', ')})` : '';
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
