/**
 * The tree as arborist reports it, copied into plain data so that everything
 * after `arborist.ts` is pure and testable without arborist.
 */
export interface RawNode {
  /** Location in the tree, '' for the root (`node_modules/a/node_modules/b`, `packages/api`). */
  location: string;
  /** The name it is installed under (the alias for `npm:` aliases). */
  installName: string;
  /** The real package name from its package.json or lockfile entry. */
  packageName: string;
  version: string;
  resolved: string | undefined;
  integrity: string | undefined;
  license: unknown;
  homepage: unknown;
  repository: unknown;
  bugs: unknown;
  description: unknown;
  dev: boolean;
  optional: boolean;
  devOptional: boolean;
  peer: boolean;
  bundled: boolean;
  isWorkspace: boolean;
  /** The node was reached through a `link: true` entry (file: directory or workspace). */
  linked: boolean;
  hasInstallScript: boolean;
  extraneous: boolean;
}

export interface RawEdge {
  from: string;
  /** Location of the target (links already followed), undefined when missing. */
  to: string | undefined;
  name: string;
  spec: string;
  type: 'prod' | 'dev' | 'optional' | 'peer' | 'peerOptional' | 'workspace';
  /** Checked only for edges the project itself declares (root and workspaces); true elsewhere. */
  valid: boolean;
  error: string | undefined;
}

export interface RawTree {
  /** Nodes by location, root first; links are replaced by their targets. */
  nodes: RawNode[];
  edges: RawEdge[];
  /** Workspace folders (relative to the root). */
  workspaces: string[];
  /** The lockfile's own version, as written (pnpm's '9.0', bun's 1), for readers of other managers' lockfiles. */
  lockfileVersion?: number | string;
}
