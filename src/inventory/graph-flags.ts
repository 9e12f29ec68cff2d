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
  // The raw tree's graph (nodes are locations), built once for these five walks.
  const graph = new DependencyGraph(tree.edges);
  const starts = ['', ...tree.workspaces];
  const cleared: Record<FlagName, Set<string>> = {
    dev: graph.reached(starts, { types: CLEARS.dev }),
    optional: graph.reached(starts, { types: CLEARS.optional }),
    devOptional: graph.reached(starts, { types: CLEARS.devOptional }),
    peer: graph.reached(starts, { types: CLEARS.peer }),
  };
  const reached = graph.reached(starts);
  for (const node of tree.nodes) {
    node.dev = !cleared.dev.has(node.location);
    node.optional = !cleared.optional.has(node.location);
    node.devOptional = !cleared.devOptional.has(node.location);
    node.peer = !cleared.peer.has(node.location);
    node.extraneous = !reached.has(node.location);
  }
}
