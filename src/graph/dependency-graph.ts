import type { DependencyEdge, DependencyPath, EdgeType } from '../model/component.js';
import { ROOT_ID } from '../model/component.js';

/** What the graph needs of an edge: the inventory's edges (component ids) and the raw tree's (locations) both have it. */
export interface GraphEdge {
  readonly from: string;
  /** Undefined for a missing dependency: such an edge joins nothing. */
  readonly to: string | undefined;
  readonly type: EdgeType;
}

/** Limits on a walk: which edges it may follow. */
export interface WalkOptions {
  /** Follow only edges of these types (every type when absent). */
  types?: ReadonlySet<EdgeType>;
  /** Never follow an edge from one of `from` into `to` (reduce: the project's own declarations of one dependency). */
  cut?: { readonly from: ReadonlySet<string>; readonly to: string };
  /** Enter only the node numbers marked 1 here (a `reachingMask`: the walk skips what cannot lead to what it looks for). */
  within?: Uint8Array;
}

const TYPE_CODES: Readonly<Record<EdgeType, number>> = { prod: 0, dev: 1, optional: 2, peer: 3, peerOptional: 4, workspace: 5 };
const ALL_TYPES = 0b111111;

/**
 * The dependency graph of one tree, edges both ways, with the walks every
 * stage needs. Nodes are numbered and edges kept in integer arrays (compressed
 * rows, in the order the edges were given, so every walk visits neighbours in
 * a stable order): on a 100,000-component tree, a Map of id lists per stage
 * cost seconds and most of the garbage; this costs a few megabytes once.
 * Build it through `dependencyGraphOf` so that each tree's graph is built once.
 * Ids the graph does not know (a component without edges) are nodes on their own.
 */
export class DependencyGraph<E extends GraphEdge = DependencyEdge> {
  readonly #index = new Map<string, number>();
  readonly #ids: string[] = [];
  readonly #edges: readonly E[];
  /** For each resolved edge: its position in `#edges`, its ends and the bit of its type. */
  readonly #edgeAt: Int32Array;
  readonly #edgeFrom: Int32Array;
  readonly #edgeTo: Int32Array;
  readonly #edgeTypeBit: Uint8Array;
  readonly #outOffsets: Int32Array;
  readonly #outEdges: Int32Array;
  readonly #inOffsets: Int32Array;
  readonly #inEdges: Int32Array;
  readonly #marks: Int32Array;
  #generation = 0;

  constructor(edges: readonly E[]) {
    this.#edges = edges;
    this.#number(ROOT_ID);
    let resolved = 0;
    for (const edge of edges) {
      this.#number(edge.from);
      if (edge.to === undefined) continue;
      this.#number(edge.to);
      resolved++;
    }
    const size = this.#ids.length;
    this.#edgeAt = new Int32Array(resolved);
    this.#edgeFrom = new Int32Array(resolved);
    this.#edgeTo = new Int32Array(resolved);
    this.#edgeTypeBit = new Uint8Array(resolved);
    let at = 0;
    edges.forEach((edge, position) => {
      if (edge.to === undefined) return;
      this.#edgeAt[at] = position;
      this.#edgeFrom[at] = this.#index.get(edge.from) ?? 0;
      this.#edgeTo[at] = this.#index.get(edge.to) ?? 0;
      this.#edgeTypeBit[at] = 1 << TYPE_CODES[edge.type];
      at++;
    });
    [this.#outOffsets, this.#outEdges] = rows(size, this.#edgeFrom);
    [this.#inOffsets, this.#inEdges] = rows(size, this.#edgeTo);
    this.#marks = new Int32Array(size);
  }

  /** The number of nodes (the root and every end of an edge). */
  get size(): number {
    return this.#ids.length;
  }

  /** A node's number (0 is the root), for callers that keep per-node data in typed arrays. */
  indexOf(id: string): number | undefined {
    return this.#index.get(id);
  }

  /** The id of a node number. */
  idAt(index: number): string {
    return this.#ids[index] ?? ROOT_ID;
  }

  /** The node numbers a node's resolved edges lead to, in edge order (repeats kept). */
  successorIndices(index: number): number[] {
    const successors: number[] = [];
    const end = this.#outOffsets[index + 1] ?? 0;
    for (let at = this.#outOffsets[index] ?? 0; at < end; at++) successors.push(this.#edgeTo[this.#outEdges[at] ?? 0] ?? 0);
    return successors;
  }

  /** The resolved edges out of a node, in the order they were given. */
  outgoing(id: string): E[] {
    const index = this.#index.get(id);
    return index === undefined ? [] : this.#edgesOf(this.#outOffsets, this.#outEdges, index);
  }

  /** The resolved edges into a node, in the order they were given. */
  incoming(id: string): E[] {
    const index = this.#index.get(id);
    return index === undefined ? [] : this.#edgesOf(this.#inOffsets, this.#inEdges, index);
  }

  /** The first edge from one node to another. */
  edge(from: string, to: string): E | undefined {
    const index = this.#index.get(from);
    const target = this.#index.get(to);
    if (index === undefined || target === undefined) return undefined;
    const end = this.#outOffsets[index + 1] ?? 0;
    for (let at = this.#outOffsets[index] ?? 0; at < end; at++) {
      const edge = this.#outEdges[at] ?? 0;
      if (this.#edgeTo[edge] === target) return this.#edges[this.#edgeAt[edge] ?? 0];
    }
    return undefined;
  }

  /** How many distinct nodes depend on a node. */
  dependentCount(id: string): number {
    const index = this.#index.get(id);
    if (index === undefined) return 0;
    const generation = ++this.#generation;
    let count = 0;
    const end = this.#inOffsets[index + 1] ?? 0;
    for (let at = this.#inOffsets[index] ?? 0; at < end; at++) {
      const from = this.#edgeFrom[this.#inEdges[at] ?? 0] ?? 0;
      if (this.#marks[from] === generation) continue;
      this.#marks[from] = generation;
      count++;
    }
    return count;
  }

  /** The ids `starts` reach, themselves included. */
  reached(starts: readonly string[], options: WalkOptions = {}): Set<string> {
    const reached = new Set<string>(starts);
    this.#walk(starts, options, (index) => reached.add(this.#ids[index] ?? ROOT_ID));
    return reached;
  }

  /** How many nodes `starts` reach, themselves included. */
  reachCount(starts: readonly string[], options: WalkOptions = {}): number {
    let count = new Set(starts.filter((id) => !this.#index.has(id))).size;
    this.#walk(starts, options, () => count++);
    return count;
  }

  /** 1 for each node number `starts` reach (themselves included), else 0. */
  reachedMask(starts: readonly string[], options: WalkOptions = {}): Uint8Array {
    const mask = new Uint8Array(this.#ids.length);
    this.#walk(starts, options, (index) => (mask[index] = 1));
    return mask;
  }

  /**
   * Several walks from the same `starts` in one pass (at most 8): bit `i` of a
   * node number's entry is set when the node is reached over edges of
   * `typeSets[i]` alone. A node is entered again only when it gains a bit, so
   * each node is entered at most once per walk and the pass costs no more
   * than the walks made one by one, without their per-walk sets.
   */
  reachedUnderEach(starts: readonly string[], typeSets: ReadonlyArray<ReadonlySet<EdgeType>>): Uint8Array {
    if (typeSets.length > 8) throw new RangeError('reachedUnderEach: at most 8 walks in one pass');
    // For each edge type bit: which walks may cross an edge of that type.
    const walksCrossing = new Uint8Array(ALL_TYPES + 1);
    typeSets.forEach((types, walk) => {
      for (const type of types) {
        const bit = 1 << TYPE_CODES[type];
        walksCrossing[bit] = (walksCrossing[bit] ?? 0) | (1 << walk);
      }
    });
    const everyWalk = (1 << typeSets.length) - 1;
    const reached = new Uint8Array(this.#ids.length);
    const stack: number[] = [];
    for (const start of starts) {
      const index = this.#index.get(start);
      if (index === undefined || reached[index] === everyWalk) continue;
      reached[index] = everyWalk;
      stack.push(index);
    }
    while (stack.length > 0) {
      const index = stack.pop() ?? 0;
      const carried = reached[index] ?? 0;
      const end = this.#outOffsets[index + 1] ?? 0;
      for (let at = this.#outOffsets[index] ?? 0; at < end; at++) {
        const edge = this.#outEdges[at] ?? 0;
        const bits = carried & (walksCrossing[this.#edgeTypeBit[edge] ?? 0] ?? 0);
        const next = this.#edgeTo[edge] ?? 0;
        const before = reached[next] ?? 0;
        if ((bits & ~before) === 0) continue;
        reached[next] = before | bits;
        stack.push(next);
      }
    }
    return reached;
  }

  /** 1 for each node number from which one of `targets` can be reached over any edges (themselves included), else 0. */
  reachingMask(targets: readonly string[]): Uint8Array {
    const mask = new Uint8Array(this.#ids.length);
    const stack: number[] = [];
    for (const target of targets) {
      const index = this.#index.get(target);
      if (index === undefined || mask[index] === 1) continue;
      mask[index] = 1;
      stack.push(index);
    }
    while (stack.length > 0) {
      const index = stack.pop() ?? 0;
      const end = this.#inOffsets[index + 1] ?? 0;
      for (let at = this.#inOffsets[index] ?? 0; at < end; at++) {
        const from = this.#edgeFrom[this.#inEdges[at] ?? 0] ?? 0;
        if (mask[from] === 1) continue;
        mask[from] = 1;
        stack.push(from);
      }
    }
    return mask;
  }

  /** Breadth first from `starts` (all at depth 0): each reached node's fewest edges from them. */
  depths(starts: readonly string[]): Map<string, number> {
    const depth = new Map<string, number>();
    const queue: number[] = [];
    for (const start of starts) {
      if (depth.has(start)) continue;
      depth.set(start, 0);
      const index = this.#index.get(start);
      if (index !== undefined) queue.push(index);
    }
    for (let head = 0; head < queue.length; head++) {
      const index = queue[head] ?? 0;
      const next = (depth.get(this.#ids[index] ?? ROOT_ID) ?? 0) + 1;
      const end = this.#outOffsets[index + 1] ?? 0;
      for (let at = this.#outOffsets[index] ?? 0; at < end; at++) {
        const to = this.#edgeTo[this.#outEdges[at] ?? 0] ?? 0;
        const id = this.#ids[to] ?? ROOT_ID;
        if (depth.has(id)) continue;
        depth.set(id, next);
        queue.push(to);
      }
    }
    return depth;
  }

  /**
   * A shortest path from the root down to `target` over the edges `options`
   * allows (breadth first, neighbours in edge order, so the first path found
   * is stable): component ids from the root's dependency down to `target`.
   */
  shortestPathFromRoot(target: string, options: WalkOptions = {}): DependencyPath | undefined {
    const goal = this.#index.get(target);
    if (goal === undefined) return undefined;
    const allowed = allowedTypes(options);
    const previous = new Int32Array(this.#ids.length).fill(-1);
    previous[0] = 0;
    const queue = [0];
    for (let head = 0; head < queue.length; head++) {
      const index = queue[head] ?? 0;
      const end = this.#outOffsets[index + 1] ?? 0;
      for (let at = this.#outOffsets[index] ?? 0; at < end; at++) {
        const edge = this.#outEdges[at] ?? 0;
        if (((this.#edgeTypeBit[edge] ?? 0) & allowed) === 0) continue;
        const to = this.#edgeTo[edge] ?? 0;
        if (previous[to] !== -1) continue;
        previous[to] = index;
        if (to === goal) return this.#pathDown(previous, to);
        queue.push(to);
      }
    }
    return undefined;
  }

  /**
   * A shortest path from a dependency of the root down to `id`, found breadth
   * first up the incoming edges (the nearest declaration wins): component ids
   * from the root's dependency down to `id`.
   */
  shortestPathUp(id: string): DependencyPath | undefined {
    const start = this.#index.get(id);
    if (start === undefined) return undefined;
    const next = new Int32Array(this.#ids.length).fill(-1);
    next[start] = start;
    const queue = [start];
    for (let head = 0; head < queue.length; head++) {
      const index = queue[head] ?? 0;
      const end = this.#inOffsets[index + 1] ?? 0;
      for (let at = this.#inOffsets[index] ?? 0; at < end; at++) {
        const from = this.#edgeFrom[this.#inEdges[at] ?? 0] ?? 0;
        if (from === 0) {
          const path = [this.#ids[index] ?? ROOT_ID];
          for (let step = index; step !== start; ) path.push(this.#ids[(step = next[step] ?? start)] ?? ROOT_ID);
          return path;
        }
        if (next[from] !== -1) continue;
        next[from] = index;
        queue.push(from);
      }
    }
    return undefined;
  }

  #number(id: string): void {
    if (this.#index.has(id)) return;
    this.#index.set(id, this.#ids.length);
    this.#ids.push(id);
  }

  #edgesOf(offsets: Int32Array, list: Int32Array, index: number): E[] {
    const found: E[] = [];
    const end = offsets[index + 1] ?? 0;
    for (let at = offsets[index] ?? 0; at < end; at++) {
      const edge = this.#edges[this.#edgeAt[list[at] ?? 0] ?? 0];
      if (edge !== undefined) found.push(edge);
    }
    return found;
  }

  #pathDown(previous: Int32Array, index: number): DependencyPath {
    const path: string[] = [];
    for (let current = index; current !== 0; current = previous[current] ?? 0) path.push(this.#ids[current] ?? ROOT_ID);
    return path.reverse();
  }

  /** Depth first from `starts`; each reached node (starts included) is visited once. */
  #walk(starts: readonly string[], options: WalkOptions, visit: (index: number) => void): void {
    const allowed = allowedTypes(options);
    const cutTo = options.cut === undefined ? -1 : (this.#index.get(options.cut.to) ?? -1);
    const cutFrom = cutTo === -1 ? undefined : this.#cutSources(options.cut?.from ?? new Set());
    const within = options.within;
    const generation = ++this.#generation;
    const stack: number[] = [];
    for (const start of starts) {
      const index = this.#index.get(start);
      if (index === undefined || this.#marks[index] === generation || (within !== undefined && within[index] !== 1)) continue;
      this.#marks[index] = generation;
      stack.push(index);
    }
    while (stack.length > 0) {
      const index = stack.pop() ?? 0;
      visit(index);
      const cutting = cutFrom?.has(index) === true;
      const end = this.#outOffsets[index + 1] ?? 0;
      for (let at = this.#outOffsets[index] ?? 0; at < end; at++) {
        const edge = this.#outEdges[at] ?? 0;
        if (((this.#edgeTypeBit[edge] ?? 0) & allowed) === 0) continue;
        const next = this.#edgeTo[edge] ?? 0;
        if (this.#marks[next] === generation || (cutting && next === cutTo) || (within !== undefined && within[next] !== 1)) continue;
        this.#marks[next] = generation;
        stack.push(next);
      }
    }
  }

  #cutSources(ids: ReadonlySet<string>): Set<number> {
    const sources = new Set<number>();
    for (const id of ids) {
      const index = this.#index.get(id);
      if (index !== undefined) sources.add(index);
    }
    return sources;
  }
}

function allowedTypes(options: WalkOptions): number {
  if (options.types === undefined) return ALL_TYPES;
  let bits = 0;
  for (const type of options.types) bits |= 1 << TYPE_CODES[type];
  return bits;
}

/** Compressed rows: for each node, the edges whose `ends` entry is that node, in edge order (a counting sort). */
function rows(size: number, ends: Int32Array): [offsets: Int32Array, edges: Int32Array] {
  const offsets = new Int32Array(size + 1);
  for (const end of ends) offsets[end + 1] = (offsets[end + 1] ?? 0) + 1;
  for (let i = 0; i < size; i++) offsets[i + 1] = (offsets[i + 1] ?? 0) + (offsets[i] ?? 0);
  const fill = offsets.slice(0, size);
  const edges = new Int32Array(ends.length);
  ends.forEach((end, edge) => {
    const at = fill[end] ?? 0;
    edges[at] = edge;
    fill[end] = at + 1;
  });
  return [offsets, edges];
}

const built = new WeakMap<readonly DependencyEdge[], DependencyGraph>();

/**
 * The graph of an inventory's edges, built once per list: every stage that
 * asks for the graph of the same inventory (the same `edges` array) shares it.
 */
export function dependencyGraphOf(edges: readonly DependencyEdge[]): DependencyGraph {
  let graph = built.get(edges);
  if (graph === undefined) built.set(edges, (graph = new DependencyGraph(edges)));
  return graph;
}
