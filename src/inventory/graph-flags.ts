import type { RawEdge, RawTree } from './raw-tree.js';

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
const CLEARS: Record<FlagName, (type: RawEdge['type']) => boolean> = {
  dev: (type) => type !== 'dev',
  optional: (type) => type !== 'optional' && type !== 'peerOptional',
  devOptional: (type) => type !== 'dev' && type !== 'optional' && type !== 'peerOptional',
  peer: (type) => type !== 'peer' && type !== 'peerOptional',
};

/**
 * Sets dev, optional, devOptional, peer and extraneous on every node from the
 * edge types alone, for lockfiles that do not record them (yarn, pnpm, bun).
 * The root and the workspaces are the starting points (npm links each
 * workspace from the root with a `workspace` edge, which carries no flag);
 * a node no path reaches keeps every flag and is extraneous.
 */
export function assignGraphFlags(tree: RawTree): void {
  const outgoing = new Map<string, RawEdge[]>();
  for (const edge of tree.edges) {
    if (edge.to === undefined) continue;
    const list = outgoing.get(edge.from);
    if (list) list.push(edge);
    else outgoing.set(edge.from, [edge]);
  }
  const starts = ['', ...tree.workspaces];
  const cleared: Record<FlagName, Set<string>> = {
    dev: reachable(starts, outgoing, CLEARS.dev),
    optional: reachable(starts, outgoing, CLEARS.optional),
    devOptional: reachable(starts, outgoing, CLEARS.devOptional),
    peer: reachable(starts, outgoing, CLEARS.peer),
  };
  const reached = reachable(starts, outgoing, () => true);
  for (const node of tree.nodes) {
    node.dev = !cleared.dev.has(node.location);
    node.optional = !cleared.optional.has(node.location);
    node.devOptional = !cleared.devOptional.has(node.location);
    node.peer = !cleared.peer.has(node.location);
    node.extraneous = !reached.has(node.location);
  }
}

function reachable(starts: readonly string[], outgoing: ReadonlyMap<string, readonly RawEdge[]>, follows: (type: RawEdge['type']) => boolean): Set<string> {
  const seen = new Set<string>(starts);
  const queue = [...starts];
  for (let head = 0; head < queue.length; head++) {
    for (const edge of outgoing.get(queue[head] ?? '') ?? []) {
      if (edge.to === undefined || seen.has(edge.to) || !follows(edge.type)) continue;
      seen.add(edge.to);
      queue.push(edge.to);
    }
  }
  return seen;
}
