import { DependencyGraph } from '../graph/dependency-graph.js';
import type { EdgeType } from '../model/component.js';
import type { RawTree } from './raw-tree.js';

type FlagName = 'dev' | 'optional' | 'devOptional' | 'peer';

/**
 * Which edge types a path may use and still clear a flag. npm's
 * calc-dep-flags (arborist lib/calc-dep-flags.js) starts every node flagged
 * and clears a flag on everything reachable from the root through edges that
 * do not carry it: `dev` through non-dev edges, `optional` through
 * non-optional ones (peerOptional is optional), `devOptional` through edges
 * that are neither, `peer` through non-peer ones. So a flag stays set exactly
 * when every path from the root crosses an edge of its kind.
 */
const CLEARS: Record<FlagName, ReadonlySet<EdgeType>> = {
  dev: new Set(['prod', 'optional', 'peer', 'peerOptional', 'workspace']),
  optional: new Set(['prod', 'dev', 'peer', 'workspace']),
  devOptional: new Set(['prod', 'peer', 'workspace']),
  peer: new Set(['prod', 'dev', 'optional', 'workspace']),
};

/**
 * Sets dev, optional, devOptional, peer and extraneous on every node from the
 * edge types alone, for lockfiles that do not record them (yarn, pnpm, bun).
 * The root and the workspaces are the starting points (npm links each
 * workspace from the root with a `workspace` edge, which carries no flag);
 * a node no path reaches keeps every flag and is extraneous. Arborist also
 * keeps extraneous a node that only optional peer dependencies reach (npm
 * prune removes it); here it is reached, with optional and peer set, as
 * arborist sets them: no component is built from the raw extraneous flag.
 */
export function assignGraphFlags(tree: RawTree): void {
  // The raw tree's graph (nodes are locations); the five walks go in one pass.
  const graph = new DependencyGraph(tree.edges);
  const reached = graph.reachedUnderEach(['', ...tree.workspaces], WALKS);
  for (const node of tree.nodes) {
    const index = graph.indexOf(node.location);
    // A node on no edge is reached only when it is a start (the root or a workspace).
    const bits = index === undefined ? startBits(node.location, tree.workspaces) : (reached[index] ?? 0);
    FLAGS.forEach((flag, walk) => (node[flag] = (bits & (1 << walk)) === 0));
    node.extraneous = (bits & REACHED) === 0;
  }
}

/** The walks, in bit order: bit `i` clears FLAGS[i]; the last walk, over every edge, finds what is reached at all. */
const FLAGS: readonly FlagName[] = ['dev', 'optional', 'devOptional', 'peer'];
const EVERY_EDGE: ReadonlySet<EdgeType> = new Set(['prod', 'dev', 'optional', 'peer', 'peerOptional', 'workspace']);
const WALKS: ReadonlyArray<ReadonlySet<EdgeType>> = [...FLAGS.map((flag) => CLEARS[flag]), EVERY_EDGE];
const REACHED = 1 << FLAGS.length;

function startBits(location: string, workspaces: readonly string[]): number {
  return location === '' || workspaces.includes(location) ? (1 << WALKS.length) - 1 : 0;
}
