import type { ComponentPaths, DependencyEdge, DependencyPath } from '../model/component.js';
import { ROOT_ID } from '../model/component.js';

/**
 * Every path from the root to each component. Dependency graphs can have
 * cycles (a ↔ b through peer or mutual dependencies); a path never visits a
 * component twice, which we get by dropping the edges that close a cycle in a
 * depth-first walk from the root (in sorted order, so the result is stable).
 * The remaining graph is acyclic, so paths are counted by dynamic programming
 * and a sample of the shortest is kept.
 */
export function countPaths(
  ids: readonly string[],
  edges: readonly DependencyEdge[],
  depths: ReadonlyMap<string, number>,
  sampleCap: number,
): Map<string, ComponentPaths> {
  const children = new Map<string, string[]>();
  for (const edge of edges) {
    if (edge.to === undefined || edge.to === edge.from) continue;
    const list = children.get(edge.from) ?? [];
    if (!list.includes(edge.to)) list.push(edge.to);
    children.set(edge.from, list);
  }
  for (const list of children.values()) list.sort(byDepthThenId(depths));

  const { order, parents } = acyclicParents(children);
  const count = new Map<string, number>([[ROOT_ID, 1]]);
  const sample = new Map<string, DependencyPath[]>([[ROOT_ID, [[]]]]);
  for (const id of order) {
    if (id === ROOT_ID) continue;
    const incoming = (parents.get(id) ?? []).sort(byDepthThenId(depths));
    let total = 0;
    const paths: DependencyPath[] = [];
    for (const parent of incoming) {
      total = Math.min(Number.MAX_SAFE_INTEGER, total + (count.get(parent) ?? 0));
      for (const path of sample.get(parent) ?? []) {
        if (paths.length >= sampleCap) break;
        paths.push([...path, id]);
      }
    }
    count.set(id, total);
    sample.set(id, paths);
  }

  const result = new Map<string, ComponentPaths>();
  for (const id of ids) {
    result.set(id, { count: count.get(id) ?? 0, sample: sample.get(id) ?? [] });
  }
  return result;
}

/** Depth-first from the root; returns a topological order and each node's parents over tree and forward edges only. */
function acyclicParents(children: ReadonlyMap<string, readonly string[]>): { order: string[]; parents: Map<string, string[]> } {
  const state = new Map<string, 'open' | 'done'>();
  const postOrder: string[] = [];
  const parents = new Map<string, string[]>();
  // Iterative DFS: each frame is a node and the index of its next child.
  const stack: Array<[string, number]> = [[ROOT_ID, 0]];
  state.set(ROOT_ID, 'open');
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as [string, number];
    const [id, index] = frame;
    const kids = children.get(id) ?? [];
    if (index >= kids.length) {
      state.set(id, 'done');
      postOrder.push(id);
      stack.pop();
      continue;
    }
    frame[1] = index + 1;
    const child = kids[index] as string;
    const childState = state.get(child);
    if (childState === 'open') continue; // back edge: it would close a cycle
    const list = parents.get(child) ?? [];
    list.push(id);
    parents.set(child, list);
    if (childState === undefined) {
      state.set(child, 'open');
      stack.push([child, 0]);
    }
  }
  return { order: postOrder.reverse(), parents };
}

function byDepthThenId(depths: ReadonlyMap<string, number>): (a: string, b: string) => number {
  return (a, b) => (depths.get(a) ?? Infinity) - (depths.get(b) ?? Infinity) || (a < b ? -1 : a > b ? 1 : 0);
}
