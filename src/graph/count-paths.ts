import type { ComponentPaths } from '../model/component.js';
import { ROOT_ID } from '../model/component.js';
import { sampledPathTable, type StoredPaths } from '../model/sampled-paths.js';
import type { DependencyGraph } from './dependency-graph.js';

/**
 * Every path from the root to each component. Dependency graphs can have
 * cycles (a ↔ b through peer or mutual dependencies); a path never visits a
 * component twice, which we get by dropping the edges that close a cycle in a
 * depth-first walk from the root (in sorted order, so the result is stable).
 * The remaining graph is acyclic, so paths are counted by dynamic programming
 * and a sample of the shortest is kept, as runs over the parents' samples
 * (sampled-paths.ts): memory linear in the graph, however deep it is. Nodes
 * are numbered in (depth, id) order so that every walk and sort works on integers
 * (a 100,000-component tree in well under a second).
 */
export function countPaths(graph: DependencyGraph, ids: readonly string[], depths: ReadonlyMap<string, number>, sampleCap: number): Map<string, ComponentPaths> {
  const nodes = rankNodes(graph, depths);
  const rankOf = new Int32Array(nodes.length);
  nodes.forEach((index, rank) => (rankOf[index] = rank));

  // Children of each node, deduplicated and in rank order (shortest first, then by id); a self-edge is no path.
  const childLists = nodes.map((index) => {
    const children = graph.successorIndices(index).filter((child) => child !== index);
    for (let at = 0; at < children.length; at++) children[at] = rankOf[children[at] ?? 0] ?? 0;
    return children;
  });
  for (const list of childLists) dedupeSorted(list.sort((a, b) => a - b));

  const root = rankOf[graph.indexOf(ROOT_ID) ?? 0] ?? 0;
  const { order, parents } = acyclicParents(childLists, root);
  const count = new Float64Array(nodes.length);
  const sampleSize = new Int32Array(nodes.length);
  count[root] = 1;
  sampleSize[root] = 1; // the root's one path, the empty one
  const stored = new Map<string, StoredPaths>();
  for (const node of order) {
    if (node === root) continue;
    const incoming = (parents[node] ?? []).sort((a, b) => a - b);
    let total = 0;
    let sampled = 0;
    const runs: Array<string | number> = [];
    for (const parent of incoming) {
      total = Math.min(Number.MAX_SAFE_INTEGER, total + (count[parent] ?? 0));
      // The parent's first paths, as many as it has and the cap leaves room for.
      const taken = Math.min(sampleSize[parent] ?? 0, sampleCap - sampled);
      if (taken > 0) runs.push(graph.idAt(nodes[parent] ?? 0), taken);
      sampled += taken;
    }
    count[node] = total;
    sampleSize[node] = sampled;
    stored.set(graph.idAt(nodes[node] ?? 0), { count: total, runs });
  }

  for (const id of ids) if (!stored.has(id)) stored.set(id, { count: 0, runs: [] });
  // Every sampled node stays in the table the paths are built from; the result lists the components asked for.
  const table = sampledPathTable(stored);
  const result = new Map<string, ComponentPaths>();
  for (const id of ids) {
    const paths = table.get(id);
    if (paths) result.set(id, paths);
  }
  return result;
}

/** The graph's node numbers sorted by depth (unknown last) then id. */
function rankNodes(graph: DependencyGraph, depths: ReadonlyMap<string, number>): number[] {
  return Array.from({ length: graph.size }, (_, index) => ({ index, id: graph.idAt(index), depth: depths.get(graph.idAt(index)) ?? Infinity }))
    .sort((a, b) => a.depth - b.depth || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((node) => node.index);
}

function dedupeSorted(list: number[]): void {
  let write = 0;
  for (let read = 0; read < list.length; read++) {
    if (read === 0 || list[read] !== list[read - 1]) list[write++] = list[read] ?? 0;
  }
  list.length = write;
}

/** Depth-first from the root; returns a topological order and each node's parents over tree and forward edges only. */
function acyclicParents(children: readonly (readonly number[])[], root: number): { order: number[]; parents: number[][] } {
  const n = children.length;
  const OPEN = 1;
  const DONE = 2;
  const state = new Uint8Array(n);
  const postOrder: number[] = [];
  const parents: number[][] = Array.from({ length: n }, () => []);
  // Iterative: the stack holds nodes and, beside them, the index of each one's next child.
  const stack: number[] = [root];
  const next: number[] = [0];
  state[root] = OPEN;
  while (stack.length > 0) {
    const top = stack.length - 1;
    const node = stack[top] ?? 0;
    const kids = children[node] ?? [];
    const index = next[top] ?? 0;
    if (index >= kids.length) {
      state[node] = DONE;
      postOrder.push(node);
      stack.pop();
      next.pop();
      continue;
    }
    next[top] = index + 1;
    const child = kids[index] ?? 0;
    if (state[child] === OPEN) continue; // back edge: it would close a cycle
    parents[child]?.push(node);
    if (state[child] === 0) {
      state[child] = OPEN;
      stack.push(child);
      next.push(0);
    }
  }
  return { order: postOrder.reverse(), parents };
}
