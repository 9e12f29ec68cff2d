import type { Component, DependencyPath, Inventory } from '../model/component.js';
import { escapeJsonControls, joinReportLines, neutralizeControls } from './control-characters.js';
import type { ScanResult } from '../model/scan-result.js';
import type { DirectDependencyCost } from '../model/reduce.js';
import type { DependencyUsage, UsageAnalysis } from '../model/usage.js';
import { costSentence } from './reduce.js';
import { fixLabel, severityLabel } from './finding-labels.js';
import { metaVulnerabilityLabel, remediationSentences } from './remediation-labels.js';
import { findingJson, pathsJson, remediationJson } from './json.js';
import { componentsById, pathLabel } from './path-label.js';
import { managerCommands } from './manager-commands.js';

export interface ExplainInput {
  inventory: Inventory;
  query: string;
  matches: readonly Component[];
  /** The scan of the same tree, when advisory data was available. */
  scan?: ScanResult;
  /** For each match, the shortest path that gives it its scope (shown first). */
  scopePaths?: ReadonlyMap<string, DependencyPath>;
  /** Whether the project uses each dependency it declares (docs/reduce.md), for direct matches. */
  usage?: UsageAnalysis | undefined;
  /** For direct matches, what leaves the tree with each and what is inside (`deptrust reduce`'s facts). */
  costs?: readonly DirectDependencyCost[] | undefined;
}

function costOf(input: ExplainInput, component: Component): DirectDependencyCost | undefined {
  return input.costs?.find((cost) => cost.componentId === component.id);
}

/** The project's declarations of a direct component (by its name or an alias) and their verdicts. */
function usageOf(input: ExplainInput, component: Component): DependencyUsage[] {
  if (!component.direct || !input.usage) return [];
  const names = new Set([component.name, ...component.aliases]);
  return input.usage.dependencies.filter((d) => names.has(d.name));
}

/** `used: src/server.ts:3 import express`, or `unused: no evidence in …`. */
function usageLine(usage: DependencyUsage): string {
  const evidence = usage.evidence[0];
  const where = evidence
    ? `${evidence.file}${evidence.line > 0 ? `:${evidence.line}` : ''} ${evidence.kind} ${evidence.detail}`
    : usage.verdict === 'unknown'
      ? 'the project has no code to judge by'
      : 'no evidence in code, scripts, hooks, containers, CI or configuration';
  const verdict = usage.misplacement === 'dev-dependency-used-at-runtime' ? 'misplaced (a devDependency used at run time)' : usage.misplacement === 'runtime-dependency-used-only-in-development' ? 'misplaced (used only in development)' : usage.verdict;
  return `${usage.workspace ? `${usage.workspace}: ` : ''}${usage.declaredAs} ${verdict}: ${where}`;
}

/** The paths to show: the one that gives the component its scope first, then the sample in its order. */
function pathsToShow(input: ExplainInput, component: Component, maxPaths: number): DependencyPath[] {
  const sample = input.inventory.paths.get(component.id)?.sample ?? [];
  const first = input.scopePaths?.get(component.id);
  if (!first) return sample.slice(0, maxPaths);
  const key = first.join('\0');
  return [first, ...sample.filter((path) => path.join('\0') !== key)].slice(0, maxPaths);
}

export interface ExplainOptions {
  /** Paths printed per component; the rest are counted. */
  maxPaths: number;
}

/** Why each matching component is in the tree: every path from the root, its scope and source. */
export function renderExplainText(input: ExplainInput, options: ExplainOptions): string {
  const { inventory, matches } = input;
  if (matches.length === 0) return neutralizeControls(`${input.query} is not in the dependency tree of ${inventory.project.name}`) + '\n';
  const byId = componentsById(inventory);
  const lines: string[] = [];
  for (const component of matches) {
    const paths = inventory.paths.get(component.id) ?? { count: 0, sample: [] };
    lines.push(`${component.name}@${component.version}${component.aliases.length ? ` (installed as ${component.aliases.join(', ')})` : ''}`);
    lines.push(`  scope:   ${describeScope(component)}`);
    lines.push(`  source:  ${component.source.kind}${component.source.url ? ` ${component.source.url}` : ''}`);
    if (component.license) lines.push(`  license: ${component.license}`);
    if (component.hasInstallScript) lines.push('  runs an install script');
    lines.push(`  paths (${paths.count}):`);
    const shown = pathsToShow(input, component, options.maxPaths);
    for (const path of shown) lines.push(`    ${pathLabel(inventory, path, byId)}`);
    const hidden = paths.count - shown.length;
    if (hidden > 0) lines.push(`    … and ${hidden} more`);
    for (const usage of usageOf(input, component)) lines.push(`  usage:   ${usageLine(usage)}`);
    const cost = costOf(input, component);
    if (cost) lines.push(`  reduce:  ${costSentence(cost)}`);
    if (input.scan) lines.push(...scanLines(input.scan, component));
    lines.push('');
  }
  // Advisory text, names, URLs and licences come from outside: nothing in them may act on the terminal.
  return joinReportLines(lines);
}

export function renderExplainJson(input: ExplainInput, options: ExplainOptions): string {
  return escapeJsonControls(`${JSON.stringify(explainJsonDocument(input, options), null, 2)}\n`);
}

/** What `explain --format json` prints, as an object. */
export type ExplainJson = ReturnType<typeof explainJsonDocument>;

export function explainJsonDocument(input: ExplainInput, options: ExplainOptions) {
  const { inventory } = input;
  const byId = componentsById(inventory);
  const components = input.matches.map((component) => {
    const paths = inventory.paths.get(component.id) ?? { count: 0, sample: [] };
    return {
      id: component.id,
      name: component.name,
      version: component.version,
      aliases: component.aliases,
      purl: component.purl,
      scope: component.scope,
      direct: component.direct,
      depth: component.depth,
      source: component.source,
      license: component.license ?? null,
      hasInstallScript: component.hasInstallScript,
      pathCount: paths.count,
      paths: pathsToShow(input, component, options.maxPaths).map((path) => pathLabel(inventory, path, byId)),
      ...(component.direct && input.usage ? { usage: usageOf(input, component) } : {}),
      ...costJson(costOf(input, component)),
      // With advisory data: the findings, how to fix them and the parents that allow only vulnerable versions.
      ...(input.scan ? scanJson(input.scan, component, byId, options.maxPaths) : {}),
    };
  });
  return { query: input.query, project: inventory.project.name, components };
}

/** What `deptrust reduce --format json` says of a direct dependency, without what explain shows already (usage). */
function costJson(cost: DirectDependencyCost | undefined) {
  if (!cost) return {};
  const { exclusive, stillNeeded, advisories, malware, installScripts, signals, replacements } = cost;
  return { reduce: { exclusive, stillNeeded, advisories, malware, installScripts, signals, replacements } };
}

function describeScope(component: Component): string {
  const parts: string[] = [component.scope === 'devOptional' ? 'dev or optional' : component.scope === 'devAndOptional' ? 'dev and optional' : component.scope];
  parts.push(component.direct ? 'direct' : `transitive, depth ${component.depth}`);
  if (component.flags.peer) parts.push('peer');
  if (component.flags.bundled) parts.push('bundled');
  if (component.isWorkspace) parts.push('workspace package');
  return parts.join(', ');
}

/** Advisories, signals, exposure and the risk score with its reasons. */
function scanLines(scan: ScanResult, component: Component): string[] {
  const lines: string[] = [];
  const findings = scan.findings.filter((f) => f.componentId === component.id);
  lines.push(findings.length ? `  advisories (${findings.length}):` : '  advisories: none known');
  for (const finding of findings) {
    lines.push(`    ${finding.ids.join(', ')}: ${severityLabel(finding.rating)}, fix: ${fixLabel(finding, { plan: scan.remediations.find((r) => r.componentId === component.id), component, commands: managerCommands(scan.inventory) })}`);
    // One line: a line break in the summary would pass for a line of deptrust's own.
    if (finding.summary !== finding.primaryId) lines.push(`      ${neutralizeControls(finding.summary.replace(/\r?\n/g, ' '))}`);
  }
  const byId = componentsById(scan.inventory);
  const names = (id: string): string => (id === '' ? 'the project' : byId.get(id)?.name ?? id);
  const plan = scan.remediations.find((r) => r.componentId === component.id);
  if (plan) lines.push('  remediation:', ...remediationSentences(plan, component, names, managerCommands(scan.inventory)).map((sentence) => `    ${sentence}`));
  const metas = scan.metaVulnerabilities.filter((m) => m.componentId === component.id);
  if (metas.length) {
    lines.push('  meta-vulnerabilities (its declared range admits only vulnerable versions of a dependency):', ...metas.map((m) => `    ${metaVulnerabilityLabel(m, names)}`));
  }
  const signals = scan.signals.filter((s) => s.componentId === component.id);
  if (signals.length) lines.push(`  signals: ${signals.map((s) => `${s.code} (${Object.entries(s.evidence).map(([k, v]) => `${k}=${String(v)}`).join(', ')})`).join('; ')}`);
  const exposure = scan.exposure.get(component.id);
  if (exposure) {
    const reach = exposure.reachable === 'unknown' ? 'unknown' : exposure.reachable ? 'yes' : 'no';
    lines.push(`  exposure: ${exposure.runtime ? 'runtime' : exposure.devOnly ? 'dev only' : 'optional/peer'}, ${exposure.dependents} dependents, reached by the project's code: ${reach}`);
  }
  const score = scan.scores.find((s) => s.componentId === component.id);
  if (score) {
    lines.push(`  risk: ${score.score}/100${score.reasons.length ? '' : ' (nothing found)'}`);
    for (const reason of score.reasons) {
      lines.push(`    ${reason.code === 'exposure' ? `× ${reason.points}` : `+ ${reason.points}`}  ${reason.code}: ${reason.detail}`);
    }
  }
  return lines;
}

function scanJson(scan: ScanResult, component: Component, byId: ReadonlyMap<string, Component>, maxPaths: number) {
  const plan = scan.remediations.find((r) => r.componentId === component.id);
  const paths = pathsJson(scan.inventory, byId, maxPaths);
  return {
    findings: scan.findings.filter((f) => f.componentId === component.id).map((f) => findingJson(f, byId, paths)),
    remediation: plan ? remediationJson(plan, byId) : null,
    metaVulnerabilities: scan.metaVulnerabilities.filter((m) => m.componentId === component.id).map((m) => ({ via: m.via, advisoryIds: m.advisoryIds })),
    risk: scan.scores.find((s) => s.componentId === component.id)?.score ?? null,
  };
}
