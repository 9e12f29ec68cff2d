import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DependencyGraph, dependencyGraphOf } from '../../src/graph/dependency-graph.js';
import type { DependencyEdge, EdgeType } from '../../src/model/component.js';
import { ROOT_ID } from '../../src/model/component.js';

const edge = (from: string, to: string | undefined, type: EdgeType = 'prod', name = to ?? 'missing'): DependencyEdge => ({ from, to, name, spec: '*', type, valid: true });

// root -> a -> c, root -dev-> b -> c, c <-> d (a cycle), b -> missing, e stands alone above f.
const edges: DependencyEdge[] = [
  edge(ROOT_ID, 'a'),
  edge(ROOT_ID, 'b', 'dev'),
  edge('a', 'c'),
  edge('a', 'c', 'peer', 'c-again'),
  edge('b', 'c'),
  edge('b', undefined),
  edge('c', 'd'),
  edge('d', 'c'),
  edge('e', 'f'),
];
const graph = new DependencyGraph(edges);

test('edges both ways, in the order given, missing dependencies left out', () => {
  assert.deepEqual(graph.outgoing('a').map((e) => e.name), ['c', 'c-again']);
  assert.deepEqual(graph.outgoing('b').map((e) => e.to), ['c']);
  assert.deepEqual(graph.incoming('c').map((e) => `${e.from}:${e.type}`), ['a:prod', 'a:peer', 'b:prod', 'd:prod']);
  assert.deepEqual(graph.incoming('unknown'), []);
  assert.equal(graph.edge('a', 'c')?.name, 'c');
  assert.equal(graph.edge('c', 'a'), undefined);
  assert.equal(graph.dependentCount('c'), 3);
  assert.equal(graph.dependentCount(ROOT_ID), 0);
  assert.equal(graph.size, 7);
  assert.equal(graph.idAt(graph.indexOf('d') ?? -1), 'd');
  assert.deepEqual(graph.successorIndices(graph.indexOf('a') ?? -1).map((index) => graph.idAt(index)), ['c', 'c']);
});

test('reach from the root, through cycles, by edge type and with a cut', () => {
  assert.deepEqual([...graph.reached([ROOT_ID])].sort(), [ROOT_ID, 'a', 'b', 'c', 'd'].sort());
  assert.deepEqual([...graph.reached([ROOT_ID], { types: new Set(['prod']) })].sort(), [ROOT_ID, 'a', 'c', 'd'].sort());
  assert.deepEqual([...graph.reached(['e', 'lonely'])].sort(), ['e', 'f', 'lonely']);
  assert.equal(graph.reachCount(['a']), 3);
  assert.equal(graph.reachCount(['lonely', 'lonely', 'e']), 3);
  // Without the root's own declaration of a, c is still reached through b, a is not.
  const mask = graph.reachedMask([ROOT_ID], { cut: { from: new Set([ROOT_ID]), to: 'a' } });
  assert.equal(mask[graph.indexOf('a') ?? -1], 0);
  assert.equal(mask[graph.indexOf('c') ?? -1], 1);
  // A cut applies only to edges from the given sources.
  const fromElsewhere = graph.reachedMask([ROOT_ID], { cut: { from: new Set(['b']), to: 'a' } });
  assert.equal(fromElsewhere[graph.indexOf('a') ?? -1], 1);
});

test('several walks in one pass reach what each walk reaches alone', () => {
  const typeSets: Array<ReadonlySet<EdgeType>> = [new Set(['prod']), new Set(['dev']), new Set(['prod', 'dev', 'peer']), new Set(['peer'])];
  const bits = graph.reachedUnderEach([ROOT_ID, 'e'], typeSets);
  typeSets.forEach((types, walk) => {
    const alone = graph.reached([ROOT_ID, 'e'], { types });
    for (let index = 0; index < graph.size; index++) {
      assert.equal(((bits[index] ?? 0) >> walk) & 1, alone.has(graph.idAt(index)) ? 1 : 0, `walk ${walk}, node ${graph.idAt(index)}`);
    }
  });
  // Over dev edges alone, b is reached but c (behind b's prod edge) is not; over prod alone, b is not.
  assert.equal(bits[graph.indexOf('b') ?? -1], 0b0110);
  assert.equal(bits[graph.indexOf('c') ?? -1], 0b0101);
  assert.throws(() => graph.reachedUnderEach([ROOT_ID], Array.from({ length: 9 }, () => new Set<EdgeType>(['prod']))), RangeError);
});

test('depths and shortest paths, down from the root and up from a node', () => {
  assert.deepEqual(Object.fromEntries(graph.depths([ROOT_ID])), { [ROOT_ID]: 0, a: 1, b: 1, c: 2, d: 3 });
  assert.deepEqual(Object.fromEntries(graph.depths([ROOT_ID, 'e'])), { [ROOT_ID]: 0, e: 0, a: 1, b: 1, c: 2, d: 3, f: 1 });
  assert.deepEqual(graph.shortestPathFromRoot('d'), ['a', 'c', 'd']);
  assert.deepEqual(graph.shortestPathFromRoot('d', { types: new Set(['dev', 'prod']) }), ['a', 'c', 'd']);
  assert.deepEqual(graph.shortestPathFromRoot('b', { types: new Set(['prod']) }), undefined);
  assert.equal(graph.shortestPathFromRoot('f'), undefined);
  assert.deepEqual(graph.shortestPathUp('d'), ['a', 'c', 'd']);
  assert.deepEqual(graph.shortestPathUp('a'), ['a']);
  assert.equal(graph.shortestPathUp('f'), undefined);
});

test('one graph per inventory: the same edges give the same graph', () => {
  assert.equal(dependencyGraphOf(edges), dependencyGraphOf(edges));
  assert.notEqual(dependencyGraphOf(edges), dependencyGraphOf([...edges]));
});

test('the nodes that reach given targets (walking edges backwards), and a walk kept within them', () => {
  const mask = graph.reachingMask(['d']);
  const marked = [...mask.keys()].filter((index) => mask[index] === 1).map((index) => graph.idAt(index)).sort();
  assert.deepEqual(marked, [ROOT_ID, 'a', 'b', 'c', 'd'].sort());
  const toF = graph.reachingMask(['f']);
  assert.deepEqual([...graph.reached([ROOT_ID], { within: toF })], [ROOT_ID], 'the root cannot reach f: the walk enters nothing');
  assert.deepEqual([...graph.reached(['e'], { within: toF })].sort(), ['e', 'f']);
  const toC = graph.reachingMask(['c']);
  // d reaches c (through the cycle): it is entered; so is everything from the root that leads to c.
  assert.deepEqual([...graph.reached([ROOT_ID], { within: toC })].sort(), [ROOT_ID, 'a', 'b', 'c', 'd'].sort());
  assert.deepEqual([...graph.reached(['a'], { within: graph.reachingMask(['a']) })], ['a']);
});
