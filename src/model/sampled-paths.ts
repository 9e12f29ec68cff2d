import type { ComponentPaths, DependencyPath } from './component.js';
import { ROOT_ID } from './component.js';

/**
 * A component's sampled paths as runs over its parents' samples: the flat
 * list `[parent, taken, parent, taken, …]` says that its first `taken`
 * paths are the first `taken` sampled paths of the first parent, each
 * extended by this component, the next ones those of the next parent, and
 * so on (a sample is always a prefix of each parent's: shortest first). A
 * direct dependency's one run is `[ROOT_ID, 1]`, the root's only path.
 * A link per path (`[parent, index]`) took six times the memory: 90 MB of
 * a 100,000-package tree's 220.
 */
export type PathRuns = ReadonlyArray<string | number>;

/** What the inventory cache stores for a component's paths. */
export interface StoredPaths {
  count: number;
  runs: PathRuns;
}

/**
 * A component's paths with the sample kept as runs over the parents'
 * samples, so the whole sample of a tree takes memory linear in its size: a
 * chain 100,000 deep would otherwise hold 10^10 ids. Paths are built when read.
 */
export class SampledPaths implements ComponentPaths {
  readonly count: number;
  readonly #runs: PathRuns;
  readonly #id: string;
  readonly #table: ReadonlyMap<string, SampledPaths>;

  constructor(id: string, stored: Readonly<StoredPaths>, table: ReadonlyMap<string, SampledPaths>) {
    this.#id = id;
    this.count = stored.count;
    this.#runs = stored.runs;
    this.#table = table;
  }

  /** How many paths are sampled. */
  get size(): number {
    let size = 0;
    for (let at = 1; at < this.#runs.length; at += 2) size += Number(this.#runs[at]);
    return size;
  }

  get sample(): DependencyPath[] {
    return Array.from({ length: this.size }, (_, index) => this.path(index));
  }

  /** The index-th sampled path, from the root's direct dependency down to this component. */
  path(index: number): DependencyPath {
    const ids: string[] = [];
    let id = this.#id;
    let runs: PathRuns | undefined = this.#runs;
    let at = index;
    while (runs !== undefined) {
      const link = parentPath(runs, at);
      if (link === undefined) break;
      ids.push(id);
      if (link.parent === ROOT_ID) break;
      id = link.parent;
      at = link.index;
      const parentPaths = this.#table.get(id);
      runs = parentPaths === undefined ? undefined : parentPaths.#runs;
    }
    return ids.reverse();
  }

  toJSON(): StoredPaths {
    return { count: this.count, runs: this.#runs };
  }
}

/** Which parent's path, and which of its sampled paths, the index-th path extends. */
function parentPath(runs: PathRuns, index: number): { parent: string; index: number } | undefined {
  let before = 0;
  for (let at = 0; at + 1 < runs.length; at += 2) {
    const taken = Number(runs[at + 1]);
    if (index < before + taken) return { parent: String(runs[at]), index: index - before };
    before += taken;
  }
  return undefined;
}

/** Builds the paths of every component from what countPaths computed or the cache stored. */
export function sampledPathTable(entries: Iterable<readonly [string, Readonly<StoredPaths>]>): Map<string, SampledPaths> {
  const table = new Map<string, SampledPaths>();
  for (const [id, stored] of entries) table.set(id, new SampledPaths(id, stored, table));
  return table;
}
