import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import type { Inventory, PackageManager } from '../model/component.js';
import { UsageError } from '../model/errors.js';
import { isRecord } from '../model/json.js';
import { dropYarnLockEntries } from '../remediation/lockfile-refresh.js';
import { writeFileAtomic } from './project-snapshot.js';
import { LOCKFILE_ONLY_FLAGS } from './relock.js';

/** The managers `fix --apply` relocks with; yarn's two lockfile families relock differently. */
export type RelockKind = 'npm' | 'pnpm' | 'yarn-classic' | 'yarn-berry' | 'bun';

/**
 * How one manager relocks a project after its package.json files were
 * edited: in lockfile-only mode, without install scripts, never touching
 * node_modules.
 */
export interface RelockRecipe {
  kind: RelockKind;
  /** The command a user types. */
  name: PackageManager;
  /** The files besides the package.json files the relock may write (relative to the root): restored, or removed when they were absent. */
  files: readonly string[];
  /** The root package.json field forced versions go under. */
  overridesField: readonly string[];
  /** Whether an override may follow the root's own declaration with `$name` (npm and pnpm). */
  followsDirectSpec: boolean;
  /** yarn classic has no lockfile-only mode: it relocks in a scratch copy of the manifests and yarn.lock, whose yarn.lock is copied back. */
  scratch: boolean;
  /** Settings the relock runs with on top of the user's environment. */
  env: Readonly<Record<string, string>>;
  /** The arguments of each command of one relock; `update` names the packages whose lockfile entries are refreshed. */
  commands(update: readonly string[]): string[][];
  /** A lockfile edit made before the commands (yarn: the refreshed packages' entries removed). */
  refreshLockfile?(root: string, update: readonly string[]): void;
  /**
   * bun has no way to re-resolve one transitive package within its parents'
   * ranges (checked with bun 1.2.23: `bun update <name>` adds it to
   * package.json as a direct dependency, and a bun.lock with an entry removed
   * is ignored whole, every package re-resolved): a refresh is written as an
   * `overrides` entry for the package's clean target instead.
   */
  refreshAsOverride: boolean;
  /** Why a version of the manager cannot relock this lockfile, or undefined when it can. */
  refuses(version: string): string | undefined;
}

/**
 * Whether the project's manager can refresh one transitive package only
 * through an override (bun): what `fix --apply` writes, and so what the
 * dry run's plan must say.
 */
export function refreshesByOverride(inventory: Pick<Inventory, 'packageManager' | 'sourceFile' | 'lockfileVersion' | 'workspaces' | 'root'>): boolean {
  return inventory.sourceFile !== 'node_modules' && relockRecipe(inventory).refreshAsOverride;
}

/** The recipe for the manager whose lockfile the inventory was read from; a project without a lockfile cannot be relocked. */
export function relockRecipe(inventory: Pick<Inventory, 'packageManager' | 'sourceFile' | 'lockfileVersion' | 'workspaces' | 'root'>): RelockRecipe {
  const manager = inventory.packageManager ?? 'npm';
  if (inventory.sourceFile === 'node_modules') {
    throw new UsageError(`fix --apply relocks a project's lockfile, and this ${manager} project has none (only node_modules): run "deptrust fix --dry-run" and its ${manager} commands`);
  }
  switch (manager) {
    case 'pnpm':
      return pnpmRecipe(inventory.lockfileVersion, inventory.workspaces.length > 0);
    case 'yarn':
      return inventory.lockfileVersion === 1 || inventory.lockfileVersion === undefined ? YARN_CLASSIC : YARN_BERRY;
    case 'bun':
      return BUN;
    default:
      return NPM;
  }
}

const NPM: RelockRecipe = {
  kind: 'npm',
  name: 'npm',
  files: ['package-lock.json', 'npm-shrinkwrap.json'],
  overridesField: ['overrides'],
  followsDirectSpec: true,
  scratch: false,
  env: {},
  // `npm update <names>` moves transitive packages within their parents' ranges (install alone keeps locked versions
  // that still satisfy them); both rebuild the tree from the edited package.json files, so one run does it all.
  commands: (update) => [update.length > 0 ? ['update', ...update, ...LOCKFILE_ONLY_FLAGS] : ['install', ...LOCKFILE_ONLY_FLAGS]],
  refreshAsOverride: false,
  refuses: () => undefined,
};

function pnpmRecipe(lockfileVersion: number | string | undefined, workspace: boolean): RelockRecipe {
  const lockMajor = Number.parseInt(String(lockfileVersion ?? '9'), 10);
  // pnpm install --lockfile-only keeps locked versions that still satisfy their ranges; `pnpm update <names>` re-resolves
  // those names at any depth (checked with pnpm 9.15) and installs the edited declarations in the same run.
  const flags = ['--lockfile-only', '--ignore-scripts'];
  return {
    kind: 'pnpm',
    name: 'pnpm',
    // pnpm 10 may record settings in pnpm-workspace.yaml.
    files: ['pnpm-lock.yaml', 'pnpm-workspace.yaml'],
    overridesField: ['pnpm', 'overrides'],
    followsDirectSpec: true,
    scratch: false,
    env: {},
    // In CI pnpm installs with a frozen lockfile unless told otherwise.
    refreshAsOverride: false,
    commands: (update) => [update.length > 0 ? ['update', ...(workspace ? ['-r'] : []), ...update, ...flags] : ['install', ...flags, '--no-frozen-lockfile']],
    refuses: (version) => {
      const major = semver.major(version);
      // pnpm 9 reads a lockfile 6.0 but writes it back as 9.0; pnpm 8 cannot read 9.0.
      if (lockMajor >= 9 && major < 9) return `pnpm-lock.yaml is lockfile ${String(lockfileVersion)}, which pnpm ${version} cannot write (pnpm 9 or later can)`;
      if (lockMajor < 9 && major >= 9) return `pnpm-lock.yaml is lockfile ${String(lockfileVersion)}, and pnpm ${version} would rewrite it as lockfile 9.0 (use the pnpm 7 or 8 that wrote it)`;
      return undefined;
    },
  };
}

const YARN_CLASSIC: RelockRecipe = {
  kind: 'yarn-classic',
  name: 'yarn',
  files: ['yarn.lock'],
  overridesField: ['resolutions'],
  followsDirectSpec: false,
  scratch: true,
  env: {},
  // Without --frozen-lockfile or --pure-lockfile, yarn 1 writes yarn.lock; --ignore-engines: an engines
  // mismatch of the running Node.js says nothing about the tree.
  commands: () => [['install', '--ignore-scripts', '--ignore-engines', '--non-interactive', '--no-progress']],
  refreshLockfile: (root, update) => rewrite(path.join(root, 'yarn.lock'), (text) => dropYarnLockEntries(text, update)),
  refreshAsOverride: false,
  refuses: (version) => (semver.major(version) === 1 ? undefined : `yarn.lock is yarn 1's (classic), and the yarn found is ${version}`),
};

const YARN_BERRY: RelockRecipe = {
  kind: 'yarn-berry',
  name: 'yarn',
  // The install records its state in .yarn/install-state.gz even when the link step is skipped.
  files: ['yarn.lock', '.yarn/install-state.gz', '.pnp.cjs', '.pnp.loader.mjs'],
  overridesField: ['resolutions'],
  followsDirectSpec: false,
  scratch: false,
  // update-lockfile skips the link step (no node_modules, no .pnp.cjs, no build scripts); scripts are disabled all the
  // same, and an install in CI (immutable by default there) must be allowed to write yarn.lock.
  env: { YARN_ENABLE_SCRIPTS: 'false', YARN_ENABLE_IMMUTABLE_INSTALLS: 'false' },
  commands: () => [['install', '--mode', 'update-lockfile']],
  refreshLockfile: (root, update) => rewrite(path.join(root, 'yarn.lock'), (text) => dropYarnLockEntries(text, update)),
  refreshAsOverride: false,
  refuses: (version) => (semver.major(version) >= 2 ? undefined : `yarn.lock is yarn berry's (2 or later), and the yarn found is ${version}`),
};

const BUN: RelockRecipe = {
  kind: 'bun',
  name: 'bun',
  files: ['bun.lock', 'bun.lockb'],
  overridesField: ['overrides'],
  followsDirectSpec: false,
  scratch: false,
  env: {},
  // --no-cache: bun keeps packuments for minutes and would not see a fix published since (the plan's targets were
  // checked against the registry's current data).
  commands: () => [['install', '--lockfile-only', '--ignore-scripts', '--no-cache']],
  refreshAsOverride: true,
  // bun.lock, the text lockfile, is bun's default from 1.2 on.
  refuses: (version) => (semver.gte(version, '1.2.0') ? undefined : `bun ${version} writes bun.lockb by default, and this project's lockfile is bun.lock (bun 1.2 or later writes it)`),
};

function rewrite(file: string, edit: (text: string) => string): void {
  if (!existsSync(file) || !statSync(file).isFile()) return;
  const text = readFileSync(file, 'utf8');
  const edited = edit(text);
  if (edited !== text) writeFileAtomic(file, edited);
}

/**
 * The field the root package.json's forced versions go in: the recipe's, but
 * bun also reads yarn's `resolutions`, so a bun project that already keeps
 * its forced versions there (and has no `overrides`) gets its entries there.
 */
export function overridesFieldFor(recipe: RelockRecipe, rootManifest: unknown): readonly string[] {
  if (recipe.kind === 'bun' && isRecord(rootManifest) && rootManifest['overrides'] === undefined && isRecord(rootManifest['resolutions'])) return ['resolutions'];
  return recipe.overridesField;
}
