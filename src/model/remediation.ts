/**
 * How to get rid of a vulnerable component, in the order a developer would
 * try it: refresh the lockfile within the declared ranges, upgrade the
 * direct dependency that pulls it in, or add an npm `overrides` entry.
 */
export type RemediationAction =
  /** Every declaring range already admits a fixed version: `npm update <name>` is enough. */
  | 'refresh-lockfile'
  /** A direct dependency must move to a version whose tree no longer holds a vulnerable copy. */
  | 'upgrade-direct'
  /** No direct upgrade gets there: force the version with package.json `overrides`. */
  | 'override'
  /** No published version is free of the advisories. */
  | 'no-fix';

/** A direct dependency to move to another version. */
export interface DirectUpgrade {
  /** The name the project declares it under. */
  name: string;
  /** The real package name, when `name` is an `npm:` alias. */
  packageName?: string;
  from: string;
  to: string;
  semverMajor: boolean;
  /** The project's declared range already admits `to` (`npm update` is enough). */
  withinRange: boolean;
  /** The workspace folder (relative to the root) whose package.json declares it; absent for the root's package.json. */
  workspace?: string;
}

/** One step of a component's remediation, for one way it is pulled in. */
export interface RemediationStep {
  action: RemediationAction;
  /** For `upgrade-direct`: the direct dependency to change, its installed and target versions. */
  dependency?: DirectUpgrade;
  /** For `override`: the entry to add under package.json `overrides` (npm's syntax), and the existing entries it replaces. */
  override?: {
    key: string;
    spec: string;
    replaces: Array<{ path: string; spec: string }>;
    /** The target is another major than the installed copy (below 1.0.0, another minor): its parents get a major they never declared. */
    semverMajor?: boolean;
  };
  /** The parents (component ids, '' for the root) this step resolves. */
  parents: string[];
  /**
   * For `refresh-lockfile`: the other parents of the same installed copy
   * whose declared range admits no clean version (component ids, and the
   * range). The package manager keeps one copy that satisfies every parent,
   * so the refresh fixes nothing until each of them moves (their own steps
   * in this remediation).
   */
  heldBy?: Array<{ parent: string; spec: string }>;
  /**
   * For `refresh-lockfile`: the name the parent declares the package under
   * when it is not the package's own (an `npm:` alias, `"legacy":
   * "npm:lodash@^4.17.15"`). The managers refresh a dependency by the name it
   * is installed under: `npm update lodash` leaves `legacy` as it is.
   */
  alias?: string;
}

/** The name a refresh runs on (`npm update <name>`): the alias a parent declares the package under, else its own name. */
export function refreshName(step: RemediationStep, component: { name: string }): string {
  return step.alias ?? component.name;
}

export interface Remediation {
  componentId: string;
  /** The primary ids of the findings it resolves. */
  advisoryIds: string[];
  /** The version to move to: the lowest published version above the installed one that no known advisory affects. */
  target?: string;
  /** Whether `target` was checked against the registry's versions (false: taken from the advisories' `fixed` events only). */
  verified: boolean;
  steps: RemediationStep[];
}

/**
 * npm's meta-vulnerability: a parent whose declared range for a vulnerable
 * child admits only affected versions is itself vulnerable, through the child.
 */
export interface MetaVulnerability {
  /** The parent component. */
  componentId: string;
  /** The vulnerable child it depends on, and the range it declares for it. */
  via: { componentId: string; name: string; spec: string };
  /** The child's findings' primary ids. */
  advisoryIds: string[];
}

/** `deptrust fix --dry-run`: every remediation folded into the commands and package.json edits that carry them out. */
export interface FixPlan {
  /** Packages a lockfile refresh fixes: `npm update <names>`. */
  update: string[];
  /** Direct dependencies to move to a new version: `npm install name@^to` (or `npm update name` when `withinRange`). */
  upgrade: Array<DirectUpgrade & { fixes: string[] }>;
  /** Entries to add under package.json `overrides`, with the existing entries they replace. */
  overrides: Array<{
    key: string;
    spec: string;
    replaces: Array<{ path: string; spec: string }>;
    fixes: string[];
    /** For a `$name` spec: the version it stands for (yarn and bun cannot follow `$name`). */
    target?: string;
    /**
     * The forced version is another major than a copy it replaces (`tough-cookie` 2.4.3 forced to ^4.1.3 under
     * `request`'s `~2.4.3`): the parents get a major they never declared, which the plan must say.
     */
    semverMajor?: boolean;
  }>;
  /** Vulnerable components no published version fixes (component ids). */
  noFix: string[];
  /**
   * Refreshes that work only once other parents move: the package, each
   * parent that holds it below a clean version (`orm@2.8.0`, its range
   * `~2.8.1`) and the step of this plan that moves that parent.
   */
  held: Array<{ name: string; heldBy: Array<{ parent: string; spec: string; movedBy?: string }> }>;
}
