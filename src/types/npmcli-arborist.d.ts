// The parts of @npmcli/arborist's API that src/inventory/arborist.ts uses.
// Arborist ships no types; these follow its docs (docs/node.md, docs/edge.md).
declare module '@npmcli/arborist' {
  export interface ArboristEdge {
    readonly name: string;
    readonly type: 'prod' | 'dev' | 'optional' | 'peer' | 'peerOptional' | 'workspace';
    readonly spec: string;
    readonly rawSpec: string;
    readonly from: ArboristNode | null;
    readonly to: ArboristNode | null;
    readonly valid: boolean;
    readonly missing: boolean;
    readonly invalid: boolean;
    readonly error: string | null;
    /** Re-resolves `to` from the tree as it is now (`hard`: also clears a cached error). */
    reload(hard?: boolean): void;
  }

  export interface ArboristPackage {
    readonly name?: string;
    readonly version?: string;
    readonly license?: unknown;
    readonly licenses?: unknown;
    readonly description?: unknown;
    readonly homepage?: unknown;
    readonly repository?: unknown;
    readonly bugs?: unknown;
    readonly scripts?: Readonly<Record<string, unknown>>;
    readonly bundleDependencies?: unknown;
    readonly [key: string]: unknown;
  }

  export interface ArboristNode {
    readonly name: string;
    readonly packageName: string;
    readonly version: string;
    readonly location: string;
    readonly path: string;
    readonly realpath: string;
    readonly resolved: string | null;
    readonly integrity: string | null;
    readonly package: ArboristPackage;
    readonly isLink: boolean;
    readonly isRoot: boolean;
    readonly isProjectRoot: boolean;
    readonly isWorkspace: boolean;
    readonly target: ArboristNode;
    readonly root: ArboristNode;
    readonly dev: boolean;
    readonly optional: boolean;
    readonly devOptional: boolean;
    readonly peer: boolean;
    readonly inBundle: boolean;
    readonly inDepBundle: boolean;
    readonly extraneous: boolean;
    readonly hasInstallScript: boolean;
    readonly edgesOut: ReadonlyMap<string, ArboristEdge>;
    readonly edgesIn: ReadonlySet<ArboristEdge>;
    readonly inventory: ReadonlyMap<string, ArboristNode>;
    readonly workspaces: ReadonlyMap<string, string> | null;
    /** Problems loading the node; an ENOENT one means its folder has no package.json. */
    readonly errors: ReadonlyArray<Error & { readonly code?: string }>;
    readonly meta?: { readonly loadedFromDisk: boolean; readonly originalLockfileVersion: number } | null;
  }

  export interface ArboristOptions {
    path: string;
    lockfileVersion?: number;
  }

  export default class Arborist {
    constructor(options: ArboristOptions);
    loadVirtual(options?: Record<string, unknown>): Promise<ArboristNode>;
    loadActual(options?: Record<string, unknown>): Promise<ArboristNode>;
  }
}
