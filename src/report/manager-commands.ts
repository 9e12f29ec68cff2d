import semver from 'semver';
import { ROOT_ID, type Component, type DependencyEdge, type Inventory, type PackageManager } from '../model/component.js';
import type { DirectUpgrade } from '../model/remediation.js';

/** How the project's own package manager carries out a fix: its commands and its package.json field for forced versions. */
export interface ManagerCommands {
  manager: PackageManager;
  /** Refresh the lockfile within the declared ranges (a workspace's declarations: in that workspace folder). */
  update(names: readonly string[], workspace?: string): string;
  /** Move direct dependencies to new ranges (`name@^1.2.3`, an alias as `name@npm:real@^1.2.3`), declared in the root or a workspace folder. */
  install(specs: readonly string[], workspace?: string): string;
  /** The package.json field forced versions go under, as a path of keys (`["pnpm", "overrides"]`). */
  overridesField: readonly string[];
  /** Whether an override may follow a direct dependency's spec with `$name` (npm and pnpm). */
  followsDirectSpec: boolean;
  /** The command that applies edited overrides. */
  reinstall: string;
  /** Whether `install`/`update` take the workspace folder (npm's `-w`); the others find every declaring workspace themselves. */
  perWorkspace: boolean;
  /** A transitive package is refreshed by an override, not by `update` (bun's `bun update <name>` makes it a direct dependency). */
  refreshesByOverride: boolean;
}

const NPM: ManagerCommands = {
  manager: 'npm',
  // `-w <folder>`: run at the root, npm install adds to the root's package.json even when only a workspace declares the package.
  update: (names, workspace) => `npm update ${shellWords(names)}${workspaceFlag(workspace)}`,
  install: (specs, workspace) => `npm install ${shellWords(specs)}${workspaceFlag(workspace)}`,
  overridesField: ['overrides'],
  followsDirectSpec: true,
  reinstall: 'npm install',
  perWorkspace: true,
  refreshesByOverride: false,
};

function workspaceFlag(workspace: string | undefined): string {
  return workspace === undefined ? '' : ` -w ${shellWords([workspace])}`;
}

/**
 * The commands of the manager that wrote the inventory's lockfile: pnpm
 * (`pnpm update`, `-r` across a workspace; `pnpm.overrides`), yarn classic
 * (`yarn upgrade`; `resolutions`), yarn berry (`yarn up`, `-R` for a
 * transitive package; `resolutions`), bun (`bun update`, `bun add`;
 * `overrides`), else npm.
 */
export function managerCommands(inventory: {
  packageManager?: PackageManager | undefined;
  lockfileVersion?: Inventory['lockfileVersion'] | undefined;
  workspaces: readonly string[];
  /** Who declares what: yarn classic upgrades a workspace's dependency from that workspace. */
  edges?: readonly DependencyEdge[];
  components?: readonly Component[];
}): ManagerCommands {
  const recursive = inventory.workspaces.length > 0 ? ' -r' : '';
  switch (inventory.packageManager) {
    case 'pnpm':
      return {
        manager: 'pnpm',
        update: (names) => `pnpm update${recursive} ${shellWords(names)}`,
        // `pnpm update name@range` moves the declared range too, in every workspace package that has it.
        install: (specs) => `pnpm update${recursive} ${shellWords(specs)}`,
        overridesField: ['pnpm', 'overrides'],
        followsDirectSpec: true,
        reinstall: 'pnpm install',
        perWorkspace: false,
        refreshesByOverride: false,
      };
    case 'yarn':
      // yarn classic writes `# yarn lockfile v1` (its lockfileVersion 1); berry writes __metadata.version 4 and up.
      if (inventory.lockfileVersion === 1 || inventory.lockfileVersion === undefined) {
        return {
          manager: 'yarn',
          // yarn 1's `upgrade` moves only what the current package.json declares (a transitive
          // name is a no-op); yarn re-resolves a range whose entry is gone to its highest version.
          update: (names) => `remove the ${names.join(', ')} entries from yarn.lock, then run yarn install`,
          install: (specs) => yarnClassicUpgrades(specs, inventory),
          overridesField: ['resolutions'],
          followsDirectSpec: false,
          reinstall: 'yarn install',
          perWorkspace: false,
          refreshesByOverride: false,
        };
      }
      return { manager: 'yarn', update: (names) => `yarn up -R ${shellWords(names)}`, install: (specs) => `yarn up ${shellWords(specs)}`, overridesField: ['resolutions'], followsDirectSpec: false, reinstall: 'yarn install', perWorkspace: false, refreshesByOverride: false };
    case 'bun':
      return {
        manager: 'bun',
        update: (names) => `bun update ${shellWords(names)}`,
        install: (specs) => `bun add ${shellWords(specs)}`,
        overridesField: ['overrides'],
        followsDirectSpec: false,
        reinstall: 'bun install',
        perWorkspace: false,
        refreshesByOverride: true,
      };
    default:
      return NPM;
  }
}

/**
 * yarn 1's `upgrade name@range` at the root adds the package to the root's
 * package.json when a workspace declares it: each workspace's dependencies
 * are upgraded from that workspace (`yarn workspace <name> upgrade …`).
 */
function yarnClassicUpgrades(specs: readonly string[], inventory: { edges?: readonly DependencyEdge[]; components?: readonly Component[] }): string {
  const workspaceNames = new Map((inventory.components ?? []).filter((c) => c.isWorkspace).map((c) => [c.id, c.name]));
  const versions = new Map((inventory.components ?? []).map((c) => [c.id, c.version]));
  const byDeclarer = new Map<string, string[]>();
  for (const spec of specs) {
    const name = spec.slice(0, spec.indexOf('@', 1));
    const target = semver.minVersion(spec.slice(spec.lastIndexOf('@') + 1))?.version;
    // Only the package.json files whose locked version is below the target need the upgrade.
    const behind = (edge: DependencyEdge): boolean => {
      const locked = edge.to === undefined ? undefined : semver.valid(versions.get(edge.to) ?? '');
      return target === undefined || !locked || semver.lt(locked, target);
    };
    const declarers = new Set((inventory.edges ?? []).filter((e) => e.name === name && e.type !== 'workspace' && (e.from === ROOT_ID || workspaceNames.has(e.from)) && behind(e)).map((e) => e.from));
    for (const declarer of declarers.size > 0 ? [...declarers] : [ROOT_ID]) byDeclarer.set(declarer, [...(byDeclarer.get(declarer) ?? []), spec]);
  }
  const commands = [...byDeclarer].map(([declarer, list]) => {
    const workspace = workspaceNames.get(declarer);
    return { order: workspace ?? '', command: `yarn ${workspace === undefined ? '' : `workspace ${shellWords([workspace])} `}upgrade ${shellWords(list)}` };
  });
  return commands.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0)).map((c) => c.command).join(' && ');
}

/**
 * Words for a POSIX shell: as they are when made only of characters no shell
 * treats specially (package names, `^1.2.3`, `npm:real@^1.2.3`), else in
 * single quotes. A lockfile can name a package anything (`a|b`, `x>y`), and a
 * suggested command is copied into a terminal.
 */
function shellWords(words: readonly string[]): string {
  return words.map((word) => (/^[\w@%+=:,./^~-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`)).join(' ');
}

/** What the install command takes to move a direct dependency (an `npm:` alias keeps its alias). */
export function installSpec(upgrade: DirectUpgrade): string {
  return upgrade.packageName ? `${upgrade.name}@npm:${upgrade.packageName}@^${upgrade.to}` : `${upgrade.name}@^${upgrade.to}`;
}

/** An override's value in this manager: `$name` (follow the direct dependency) only where the manager has it, else the target range. */
export function overrideValue(commands: ManagerCommands, spec: string, target: string | undefined): string {
  return spec.startsWith('$') && !commands.followsDirectSpec && target !== undefined ? `^${target}` : spec;
}

/** The override as package.json text on one line: `"overrides": { "qs": "^6.11.0" }`, `"pnpm": { "overrides": { … } }`. */
export function overridesSnippet(commands: ManagerCommands, entries: ReadonlyArray<{ key: string; value: string }>): string {
  let text = `{ ${entries.map((e) => `${JSON.stringify(e.key)}: ${JSON.stringify(e.value)}`).join(', ')} }`;
  for (const key of [...commands.overridesField].reverse()) text = `{ ${JSON.stringify(key)}: ${text} }`;
  return text.slice(2, -2);
}
