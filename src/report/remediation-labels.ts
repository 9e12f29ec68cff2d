import type { Component } from '../model/component.js';
import type { Finding } from '../model/finding.js';
import { refreshName, type MetaVulnerability, type Remediation, type RemediationStep } from '../model/remediation.js';
import { installSpec, managerCommands, overridesSnippet, overrideValue, type ManagerCommands } from './manager-commands.js';

export { installSpec } from './manager-commands.js';

const NPM = managerCommands({ workspaces: [] });

/** The remediation of each vulnerable component, by component id. */
export function remediationsById(remediations: readonly Remediation[]): Map<string, Remediation> {
  return new Map(remediations.map((r) => [r.componentId, r]));
}

/** A step as a short phrase for a table cell (`npm update qs`, `upgrade express@4.21.2`, `upgrade legacy@npm:lodash@4.17.21`, `override`). */
function shortStep(step: RemediationStep, component: Component, commands: ManagerCommands): string {
  switch (step.action) {
    case 'refresh-lockfile':
      return commands.refreshesByOverride ? 'override' : commands.update([refreshName(step, component)]);
    case 'upgrade-direct':
      // An alias names the package it installs: `lodash-legacy@4.17.21` alone would read as another package.
      return step.dependency ? `upgrade ${step.dependency.name}@${step.dependency.packageName === undefined ? '' : `npm:${step.dependency.packageName}@`}${step.dependency.to}${step.dependency.semverMajor ? ' (major)' : ''}${step.dependency.workspace === undefined ? '' : ` in ${step.dependency.workspace}`}` : 'upgrade';
    case 'override':
      return 'override';
    case 'no-fix':
      return 'no fix';
  }
}

/** The fix as a short phrase: the target version and how to get it. */
export function remediationLabel(remediation: Remediation, component: Component, finding?: Finding, commands: ManagerCommands = NPM): string {
  if (remediation.target === undefined) return finding?.malicious ? 'remove it' : 'no fix yet';
  const steps = [...new Set(remediation.steps.map((step) => shortStep(step, component, commands)))];
  return `${remediation.target}: ${steps.join('; ')}`;
}

/** For a refresh that other parents hold down: which, and that it waits for their steps. */
function heldNote(step: RemediationStep, names: (id: string) => string): string {
  if (!step.heldBy || step.heldBy.length === 0) return '';
  return `, once ${step.heldBy.map((h) => `${names(h.parent)} (which declares ${h.spec})`).join(' and ')} ${step.heldBy.length === 1 ? 'moves' : 'move'} by the step${step.heldBy.length === 1 ? '' : 's'} below`;
}

/** Each step as a sentence with the command or package.json edit that carries it out, in the project's own package manager. */
export function remediationSentences(remediation: Remediation, component: Component, names: (id: string) => string, commands: ManagerCommands = NPM): string[] {
  if (remediation.target === undefined) return [`No published version of ${component.name} is free of ${remediation.advisoryIds.join(', ')}: remove or replace it.`];
  const unverified = remediation.verified ? '' : ' (registry versions unknown: taken from the advisories)';
  return remediation.steps.map((step) => {
    const via = step.parents.map(names).join(', ');
    switch (step.action) {
      case 'refresh-lockfile':
        if (commands.refreshesByOverride && remediation.target !== undefined) {
          // bun cannot refresh one package (`bun update <name>` makes it a direct dependency): the override --apply writes.
          const entry = overridesSnippet(commands, [{ key: component.name, value: `^${remediation.target}` }]);
          return `Force it within the range ${via} already allow${step.parents.length === 1 ? 's' : ''} (${remediation.target}${unverified}; ${commands.manager} cannot refresh one package): add to package.json ${entry}, then ${commands.reinstall}${heldNote(step, names)}`;
        }
        return `Refresh the lockfile (${via} already allow${step.parents.length === 1 ? 's' : ''} ${remediation.target}${unverified}): ${commands.update([refreshName(step, component)])}${heldNote(step, names)}`;
      case 'upgrade-direct': {
        const d = step.dependency;
        if (!d) return 'Upgrade the direct dependency.';
        const how = d.withinRange ? commands.update([d.name], d.workspace) : commands.install([installSpec(d)], d.workspace);
        const major = d.semverMajor ? ' (semver-major)' : '';
        // The vulnerable package itself, declared in the project's package.json.
        if (d.from === component.version && (d.name === component.name || component.aliases.includes(d.name))) return `Upgrade ${d.name} ${d.from} → ${d.to}${major}${unverified}: ${how}`;
        return `Upgrade ${d.name} ${d.from} → ${d.to}${major} so ${via} no longer pull${step.parents.length === 1 ? 's' : ''} in a vulnerable ${component.name}: ${how}`;
      }
      case 'override': {
        const o = step.override;
        if (!o) return 'Add an override.';
        const replaces = o.replaces.length > 0 ? `, replacing ${o.replaces.map((r) => `${r.path}: ${JSON.stringify(r.spec)}`).join(', ')}` : '';
        const why = remediation.verified ? `No upgrade of a direct dependency fixes ${via}` : `Without the registry's versions no upgrade above ${via} could be checked`;
        // Forcing another major than the parents declare is a breaking change like a major upgrade, and is said as one.
        const major = o.semverMajor ? ` (semver-major: ${component.version} → ${remediation.target})` : '';
        return `${why}${major}: add to package.json ${overridesSnippet(commands, [{ key: o.key, value: overrideValue(commands, o.spec, remediation.target) }])}${replaces}, then ${commands.reinstall}`;
      }
      case 'no-fix':
        return `No fixed version for ${via}.`;
    }
  });
}

/** `qs@6.5.2 (via ^6.5.0)`: a meta-vulnerability in a line. */
export function metaVulnerabilityLabel(meta: MetaVulnerability, names: (id: string) => string): string {
  return `${names(meta.componentId)} allows only vulnerable ${meta.via.name} (${meta.via.spec}): ${meta.advisoryIds.join(', ')}`;
}
