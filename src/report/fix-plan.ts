import type { FixPlan } from '../model/remediation.js';
import { escapeJsonControls, joinReportLines } from './control-characters.js';
import type { ScanResult } from '../model/scan-result.js';
import { remediationJson } from './json.js';
import { componentsById } from './path-label.js';
import { installSpec, managerCommands, overrideValue } from './manager-commands.js';
import { remediationSentences } from './remediation-labels.js';

/** `deptrust fix --dry-run` as text: the commands and the package.json edit, then each component's remediation. */
export function renderFixPlanText(plan: FixPlan, result: ScanResult): string {
  const byId = componentsById(result.inventory);
  const label = (id: string): string => {
    const c = byId.get(id);
    return c ? `${c.name}@${c.version}` : id;
  };
  const commands = managerCommands(result.inventory);
  const lines: string[] = [];
  const vulnerable = new Set(result.findings.map((f) => f.componentId)).size;
  if (vulnerable === 0) return 'Nothing to fix: no known advisory affects these components.\n';
  lines.push(`Dry run: nothing was changed. The plan for ${result.findings.length} finding(s) in ${vulnerable} component(s):`, '');
  const numbered: string[] = [];
  const heading = (text: string): string => { numbered.push(text); return `${numbered.length}. ${text}`; };
  if (plan.update.length) {
    lines.push(heading('Refresh the lockfile (the declared ranges already admit fixed versions):'), `     ${commands.update(plan.update)}`);
    // One copy serves every parent: a parent whose range admits no clean version holds it until its own step moves it.
    for (const h of plan.held) {
      const holders = h.heldBy.map((p) => `${p.parent} (${h.name} ${p.spec})${p.movedBy === undefined ? '' : `, moved by: ${p.movedBy}`}`);
      lines.push(`       ${h.name} is held down by ${holders.join('; ')}: the refresh fixes it once ${h.heldBy.length === 1 ? 'that parent moves' : 'those parents move'} (run it after the steps below)`);
    }
    lines.push('');
  }
  if (plan.upgrade.length) {
    lines.push(heading('Upgrade direct dependencies:'));
    // One command per package.json: the root's, then each workspace's (the plan is sorted that way).
    const workspaceOf = (u: FixPlan['upgrade'][number]): string | undefined => (commands.perWorkspace ? u.workspace : undefined);
    // The root's package.json first, then each workspace's.
    const workspaces = [...new Set(plan.upgrade.map(workspaceOf))].sort((a, b) => (a === b ? 0 : a === undefined ? -1 : b === undefined ? 1 : a < b ? -1 : 1));
    for (const workspace of workspaces) {
      // One spec per dependency when the manager finds the declaring workspaces itself.
      const here = [...new Map(plan.upgrade.filter((u) => workspaceOf(u) === workspace).map((u) => [u.name, u])).values()];
      const within = here.filter((u) => u.withinRange);
      const beyond = here.filter((u) => !u.withinRange);
      if (within.length) lines.push(`     ${commands.update(within.map((u) => u.name), workspace)}`);
      if (beyond.length) lines.push(`     ${commands.install(beyond.map(installSpec), workspace)}`);
    }
    for (const u of plan.upgrade) lines.push(`       ${u.name} ${u.from} → ${u.to}${u.workspace === undefined ? '' : ` in ${u.workspace}`}${u.semverMajor ? ' (semver-major: check its changelog)' : ''}, fixes ${u.fixes.join(', ')}`);
    lines.push('');
  }
  if (plan.overrides.length) {
    // npm's "overrides", pnpm's "pnpm": { "overrides" }, yarn's "resolutions", bun's "overrides".
    const fields = commands.overridesField;
    lines.push(heading(`Add to package.json, then run ${commands.reinstall}:`));
    fields.forEach((field, depth) => lines.push(`     ${'  '.repeat(depth)}${JSON.stringify(field)}: {`));
    const indent = `       ${'  '.repeat(fields.length - 1)}`;
    plan.overrides.forEach((o, index) => lines.push(`${indent}${JSON.stringify(o.key)}: ${JSON.stringify(overrideValue(commands, o.spec, o.target))}${index < plan.overrides.length - 1 ? ',' : ''}`));
    fields.forEach((_field, depth) => lines.push(`     ${'  '.repeat(fields.length - 1 - depth)}}`));
    for (const o of plan.overrides) {
      lines.push(`       ${o.key} fixes ${o.fixes.join(', ')}${o.semverMajor ? ' (semver-major: its parents get a major version they do not declare; check its changelog)' : ''}${o.replaces.length ? `; replaces ${o.replaces.map((r) => `${r.path}: ${JSON.stringify(r.spec)}`).join(', ')}` : ''}`);
    }
    lines.push('');
  }
  if (plan.noFix.length) lines.push(`No published version fixes: ${plan.noFix.map(label).join(', ')} (remove or replace them).`, '');
  lines.push('Per component:');
  const names = (id: string): string => (id === '' ? 'the project' : byId.get(id)?.name ?? id);
  for (const remediation of result.remediations) {
    const component = byId.get(remediation.componentId);
    if (!component) continue;
    lines.push(`  ${label(component.id)} (${remediation.advisoryIds.join(', ')}):`, ...remediationSentences(remediation, component, names, commands).map((s) => `    ${s}`));
  }
  return `${joinReportLines(lines)}\n`;
}

/** The plan as JSON: the folded actions and every component's remediation. */
export function renderFixPlanJson(plan: FixPlan, result: ScanResult, tool: { name: string; version: string }): string {
  const byId = componentsById(result.inventory);
  const document = {
    schemaVersion: 1,
    tool,
    dryRun: true,
    plan: { ...plan, noFix: plan.noFix.map((id) => ({ componentId: id, name: byId.get(id)?.name ?? '', version: byId.get(id)?.version ?? '' })) },
    remediations: result.remediations.map((r) => remediationJson(r, byId)),
  };
  return escapeJsonControls(`${JSON.stringify(document, null, 2)}\n`);
}
