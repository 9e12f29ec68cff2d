import type { InventorySourceFile } from './inventory-source-file.js';
import type { Warning } from './warning.js';

export type { InventorySourceFile } from './inventory-source-file.js';

/** Where a component's code comes from (npm's own classification of a resolved spec). */
export type SourceKind =
  | 'registry'
  /** A git repository (`github:user/repo`, `git+https://…`). */
  | 'git'
  /** A tarball at an http(s) URL declared as such. */
  | 'tarball'
  /** A local tarball (`file:./pkg.tgz`). */
  | 'file'
  /** A local folder copied in (`file:./dir` with install-links). */
  | 'directory'
  /** A local folder linked in (`file:./dir`, the default since npm 7). */
  | 'link'
  /** A workspace package of the project itself. */
  | 'workspace';

/**
 * How a component is needed, from arborist's flags (npm's `--omit` semantics):
 * `devAndOptional` is both dev and optional (only dev dependencies need it, and
 * only optionally), so `--omit dev` and `--omit optional` each leave it out;
 * `devOptional` is needed only by dev or optional dependencies (left out when
 * both are omitted).
 */
export type DependencyScope = 'prod' | 'dev' | 'optional' | 'devAndOptional' | 'devOptional';

/** What `--omit` can leave out (npm's `--omit`). */
export type OmittableScope = 'dev' | 'optional' | 'peer';

/** The kinds of edge npm records in package.json. */
export type EdgeType = 'prod' | 'dev' | 'optional' | 'peer' | 'peerOptional' | 'workspace';

export interface ComponentSource {
  kind: SourceKind;
  /** The resolved URL or path, with any credentials removed. */
  url?: string;
  /** For registry and tarball sources: the host the tarball comes from. */
  host?: string;
}

export interface ComponentFlags {
  dev: boolean;
  optional: boolean;
  devOptional: boolean;
  peer: boolean;
  bundled: boolean;
}

/** One declared dependency between two components (or the root and a component). */
export interface DependencyEdge {
  /** Component id of the declaring side; the root's id is `ROOT_ID`. */
  from: string;
  /** Component id of the resolved side, or undefined when the dependency is missing. */
  to: string | undefined;
  /** The name under which it is declared (differs from the real name for `npm:` aliases). */
  name: string;
  /** The declared spec, exactly as in package.json (`^1.2.0`, `npm:ms@2`, `github:a/b`). */
  spec: string;
  type: EdgeType;
  /** False when the installed version does not satisfy `spec` (lockfile out of sync). */
  valid: boolean;
}

export const ROOT_ID = '';

/**
 * One package version in the tree. Nodes that are the same package
 * (name, version and source) at several locations are one component.
 */
export interface Component {
  /** Stable id: the purl, which includes source qualifiers for non-registry packages. */
  id: string;
  /** Real package name (from its package.json, not an alias). */
  name: string;
  version: string;
  /** Names it is installed under when different from `name` (`npm:` aliases). */
  aliases: string[];
  purl: string;
  source: ComponentSource;
  integrity?: string;
  license?: string;
  /** Homepage, repository and bugs URLs where the lockfile or package.json gives them. */
  homepage?: string;
  repository?: string;
  bugs?: string;
  flags: ComponentFlags;
  scope: DependencyScope;
  /** A dependency the root project (or one of its workspaces) declares. */
  direct: boolean;
  /** Shortest number of edges from the root (workspace packages are at 0); -1 when no path reaches it (extraneous). */
  depth: number;
  hasInstallScript: boolean;
  /** Install locations in the tree (`node_modules/a/node_modules/b`), sorted. */
  locations: string[];
  /** Workspace folders whose dependency graph reaches this component, sorted. */
  workspaces: string[];
  /** True for the workspace packages of a monorepo themselves. */
  isWorkspace: boolean;
}

/** A path from the root: component ids, first the root's direct dependency. */
export type DependencyPath = string[];

export interface ComponentPaths {
  /** Every path from the root, counted in full (saturates at Number.MAX_SAFE_INTEGER). */
  readonly count: number;
  /**
   * The first paths, shortest first, up to the cap the inventory was built
   * with. Built on each read from runs over the parents' samples (see
   * sampled-paths.ts): read it once per use, not in a loop.
   */
  readonly sample: DependencyPath[];
}


/** The package manager whose lockfile (or node_modules layout) the tree is read from. */
export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

export interface RootProject {
  name: string;
  version?: string;
  license?: string;
  description?: string;
}

export interface Inventory {
  /** Absolute path of the project directory. */
  root: string;
  project: RootProject;
  sourceFile: InventorySourceFile;
  /** The manager that wrote the tree; absent means npm (inventories cached before other managers were read). */
  packageManager?: PackageManager;
  /** npm's and bun's lockfileVersion number; pnpm's ('9.0') and yarn's (`__metadata.version`) as written. */
  lockfileVersion?: number | string;
  /** Sorted by id. */
  components: Component[];
  /** Sorted by (from, name, type). */
  edges: DependencyEdge[];
  paths: Map<string, ComponentPaths>;
  /** Workspace folders (relative), sorted. */
  workspaces: string[];
  /** Non-fatal problems, e.g. a lockfile out of sync with package.json. */
  warnings: Warning[];
}

/**
 * Where reading a tree is, for progress: the lockfile being parsed (no
 * count), its packages placed, the components merged from them, the paths
 * being counted (no count).
 */
export type InventoryStep = 'lockfile' | 'packages' | 'components' | 'paths';

/** Called as an inventory is read: `done` of `total` (0 of 0 for a step without a count). */
export type InventoryProgress = (step: InventoryStep, done: number, total: number) => void;
