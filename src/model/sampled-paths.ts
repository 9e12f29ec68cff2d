import type { ComponentPaths, DependencyPath } from './component.js';
import { ROOT_ID } from './component.js';

/**
 * One sampled path, stored as a link to a path of the parent: the parent's
 * id and the index of the path in the parent's sample. A direct dependency
 * links to the root's only path, `[ROOT_ID, 0]`.
 */
export type PathLink = readonly [parent: string, index: number];

/** What the inventory cache stores for a component's paths. */
export interface StoredPaths {
  count: number;
  links: PathLink[];
}

/**
 * A component's paths with the sample kept as links to the parents' samples,
 * so the whole sample of a tree takes memory linear in its size: a chain
 * 100,000 deep would otherwise hold 10^10 ids. Paths are built when read.
 */
export class SampledPaths implements ComponentPaths {
  readonly count: number;
  readonly links: readonly PathLink[];
  readonly #id: string;
  readonly #table: ReadonlyMap<string, SampledPaths>;

  constructor(id: string, stored: Readonly<StoredPaths>, table: ReadonlyMap<string, SampledPaths>) {
    this.#id = id;
    this.count = stored.count;
    this.links = stored.links;
    this.#table = table;
  }

  get sample(): DependencyPath[] {
    return this.links.map((_, index) => this.path(index));
  }

  /** The index-th sampled path, from the root's direct dependency down to this component. */
  path(index: number): DependencyPath {
    const ids: string[] = [];
    let id = this.#id;
    let link = this.links[index];
    while (link !== undefined) {
      ids.push(id);
      const [parent, parentIndex] = link;
      if (parent === ROOT_ID) break;
      id = parent;
      link = this.#table.get(parent)?.links[parentIndex];
    }
    return ids.reverse();
  }

  toJSON(): StoredPaths {
    return { count: this.count, links: [...this.links] };
  }
}

/** Builds the paths of every component from what countPaths computed or the cache stored. */
export function sampledPathTable(entries: Iterable<readonly [string, Readonly<StoredPaths>]>): Map<string, SampledPaths> {
  const table = new Map<string, SampledPaths>();
  for (const [id, stored] of entries) table.set(id, new SampledPaths(id, stored, table));
  return table;
}
