// Speed-ups for loading a tree with arborist, part of its adapter
// (arborist.ts): arborist is never imported here, only some of its files are
// replaced in the require cache before it loads, or wrapped. Each one keeps
// the tree arborist builds exactly the same (tests: deferred-edge-reloads,
// matches-npm-sbom, the golden SBOMs) and falls back to arborist's own code
// when its layout is not the expected one.
import Module, { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** Installs every speed-up once, before arborist is loaded. */
export function prepareArborist(): void {
  preloadMemoisedCaseInsensitiveMap();
  preloadUnusedArboristParts();
  preloadFastRelpath();
  patchEdgeReloads();
}

/**
 * Loads a tree with arborist's per-node edge re-resolution skipped, then
 * resolves every edge once (see patchEdgeReloads); `eager` keeps arborist's
 * own behaviour.
 */
export async function withDeferredEdgeReloads<T extends { inventory: ReadonlyMap<string, ReloadableNode> }>(load: () => Promise<T>, eager: boolean): Promise<T> {
  // The deferral is one switch for the process: loads run one at a time, or one
  // load's end would resolve another's edges in the middle of its reading.
  const previous = loading;
  let release = (): void => undefined;
  loading = new Promise<void>((resolve) => (release = resolve));
  await previous;
  try {
    return await loadDeferred(load, eager);
  } finally {
    release();
  }
}

let loading: Promise<void> = Promise.resolve();

async function loadDeferred<T extends { inventory: ReadonlyMap<string, ReloadableNode> }>(load: () => Promise<T>, eager: boolean): Promise<T> {
  deferEdgeReloads = !eager;
  let root: T;
  try {
    root = await load();
  } finally {
    deferEdgeReloads = false;
  }
  reloadAllEdges(root.inventory.values());
  return root;
}

/**
 * Arborist keys every children/edges map through `CaseInsensitiveMap`, which
 * runs `normalize('NFKD').toLowerCase()` on every get and set. On a 2,600-node
 * lockfile that is ~40% of `loadVirtual`. The same map with the normalised key
 * memoised behaves identically and is preloaded into the require cache before
 * arborist loads its own.
 */
function preloadMemoisedCaseInsensitiveMap(): void {
  const file = require.resolve('@npmcli/arborist/lib/case-insensitive-map.js');
  if (require.cache[file]) return;
  const normalised = new Map<string, string>();
  const normaliseKey = (key: unknown): unknown => {
    if (typeof key !== 'string') return key;
    let norm = normalised.get(key);
    if (norm === undefined) {
      norm = key.normalize('NFKD').toLowerCase();
      normalised.set(key, norm);
    }
    return norm;
  };
  class MemoisedCaseInsensitiveMap<V> extends Map<unknown, V> {
    readonly #keys = new Map<unknown, unknown>();
    constructor(items: Iterable<readonly [unknown, V]> = []) {
      super();
      for (const [key, value] of items) this.set(key, value);
    }
    override get(key: unknown): V | undefined {
      const norm = normaliseKey(key);
      return this.#keys.has(norm) ? super.get(this.#keys.get(norm)) : undefined;
    }
    override set(key: unknown, value: V): this {
      const norm = normaliseKey(key);
      if (this.#keys.has(norm)) super.delete(this.#keys.get(norm));
      this.#keys.set(norm, key);
      return super.set(key, value);
    }
    override delete(key: unknown): boolean {
      const norm = normaliseKey(key);
      if (!this.#keys.has(norm)) return false;
      const previous = this.#keys.get(norm);
      this.#keys.delete(norm);
      return super.delete(previous);
    }
    override has(key: unknown): boolean {
      const norm = normaliseKey(key);
      return this.#keys.has(norm) && super.has(this.#keys.get(norm));
    }
  }
  preloadModule(file, MemoisedCaseInsensitiveMap);
}

/** Puts a module into the require cache, so that arborist's own `require` of that file gets it. */
function preloadModule(file: string, exports: unknown): void {
  const mod = new Module(file);
  mod.filename = file;
  mod.loaded = true;
  mod.exports = exports;
  require.cache[file] = mod;
}

/**
 * Arborist computes every node's location with `path.relative(root, path)`
 * several times while it places nodes (~60 ms on 2,600 nodes). Its paths are
 * absolute and normalised, so a path below the root is the rest of the string;
 * anything else (and Windows) takes `path.relative` as before.
 */
function preloadFastRelpath(): void {
  const file = require.resolve('@npmcli/arborist/lib/relpath.js');
  if (require.cache[file]) return;
  const relpath = (from: string, to: string): string => {
    if (path.sep === '/' && to.length > from.length && to.startsWith(from) && to[from.length] === '/' && !from.endsWith('/')) return to.slice(from.length + 1);
    return path.relative(from, to).replace(/\\/g, '/');
  };
  preloadModule(file, relpath);
}

type Mixin = (base: new (options: object) => object) => new (options: object) => object;

/**
 * Arborist's class is built from mixins, and four of them (building an ideal
 * tree, reifying, rebuilding, the isolated reifier) plus the audit report and
 * the query selector load pacote and its ~340 modules: about 170 ms, for
 * code deptrust never calls (it only loads trees). They are replaced by
 * mixins that add nothing, except the two caches build-ideal-tree's
 * constructor creates and loadActual reads. Calling anything they would have
 * provided throws.
 */
function preloadUnusedArboristParts(): void {
  const lib = path.dirname(require.resolve('@npmcli/arborist/lib/node.js'));
  const file = (relative: string): string => path.join(lib, relative);
  if (require.cache[file('arborist/build-ideal-tree.js')]) return;
  const unavailable = (what: string) => (): never => {
    throw new Error(`arborist's ${what} is not loaded by deptrust`);
  };
  const passThrough: Mixin = (base) => base;
  const idealTreeCaches: Mixin = (base) =>
    class extends base {
      constructor(options: object) {
        super(options);
        // What build-ideal-tree's constructor sets up for load-actual: realpath and stat caches.
        const cwd = path.resolve(); // the working directory, as arborist seeds it
        Object.assign(this, { [Symbol.for('realpathCache')]: new Map([[cwd, cwd]]), [Symbol.for('statCache')]: new Map() });
      }
    };
  preloadModule(file('arborist/build-ideal-tree.js'), idealTreeCaches);
  for (const mixin of ['arborist/reify.js', 'arborist/rebuild.js', 'arborist/isolated-reifier.js']) preloadModule(file(mixin), passThrough);
  preloadModule(file('audit-report.js'), { load: unavailable('audit report') });
  preloadModule(file('query-selector-all.js'), unavailable('query selector'));
}

/** Minimal view of arborist's Node and Edge for the deferred edge reload. */
interface ReloadableNode {
  readonly edgesOut: ReadonlyMap<string, { reload(hard?: boolean): void }>;
}
interface NodeConstructor {
  prototype: Record<symbol, unknown>;
}

let deferEdgeReloads = false;
let pendingReload = false;

/**
 * Each time loadVirtual places a node, arborist re-resolves every edge of
 * that name in the whole subtree below its parent (`_reloadNamedEdges`): with
 * most of 2,600 nodes placed at the root, that is millions of lookups, about
 * a third of loading a large lockfile. While the lockfile is read the
 * re-resolution is skipped, and every edge is resolved once when it is done
 * (`reload(true)` asks the final tree, so the result is the same); before
 * arborist recomputes dependency flags (a lockfile out of sync), which reads
 * the edges, they are resolved first. node_modules loading is left alone: it
 * looks for missing edges while it reads.
 */
function patchEdgeReloads(): void {
  const NodeClass = require('@npmcli/arborist/lib/node.js') as NodeConstructor;
  const reloadNamedEdges = Object.getOwnPropertySymbols(NodeClass.prototype).find((symbol) => symbol.description === '_reloadNamedEdges');
  const original = reloadNamedEdges && NodeClass.prototype[reloadNamedEdges];
  if (!reloadNamedEdges || typeof original !== 'function' || (original as { deferred?: boolean }).deferred) return;
  const deferred = function (this: unknown, ...args: unknown[]): unknown {
    if (deferEdgeReloads) {
      pendingReload = true;
      return undefined;
    }
    return original.apply(this, args);
  };
  NodeClass.prototype[reloadNamedEdges] = Object.assign(deferred, { deferred: true });
  // load-virtual.js calls calc-dep-flags.js through its module export: wrap it before arborist loads.
  const flagsFile = require.resolve('@npmcli/arborist/lib/calc-dep-flags.js');
  const calcDepFlags = require(flagsFile) as (tree: { inventory: Map<string, ReloadableNode> }, ...rest: unknown[]) => unknown;
  const mod = new Module(flagsFile);
  mod.filename = flagsFile;
  mod.loaded = true;
  mod.exports = (tree: { inventory: Map<string, ReloadableNode> }, ...rest: unknown[]): unknown => {
    reloadAllEdges(tree.inventory.values());
    return calcDepFlags(tree, ...rest);
  };
  require.cache[flagsFile] = mod;
}

function reloadAllEdges(nodes: Iterable<ReloadableNode>): void {
  if (!pendingReload) return;
  pendingReload = false;
  for (const node of nodes) for (const edge of node.edgesOut.values()) edge.reload(true);
}

