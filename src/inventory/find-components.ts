// semver's modules one by one: `portfolio who` parses its query with this module, and semver's index loads all fifty.
import satisfies from 'semver/functions/satisfies.js';
import validRange from 'semver/ranges/valid.js';
import type { Component, Inventory } from '../model/component.js';
import { UsageError } from '../model/errors.js';

export interface PackageQuery {
  name: string;
  /** A semver range; undefined matches every version. */
  range?: string;
}

/** Parses `name`, `name@range`, `@scope/name` or `@scope/name@range`. */
export function parsePackageQuery(text: string): PackageQuery {
  const at = text.indexOf('@', 1);
  const name = (at > 0 ? text.slice(0, at) : text).trim();
  const range = at > 0 ? text.slice(at + 1).trim() : undefined;
  if (!name || (name.startsWith('@') && !name.includes('/'))) throw new UsageError(`not a package name: ${JSON.stringify(text)}`);
  if (range === undefined || range === '' || range === '*') return { name };
  if (validRange(range, { loose: true }) === null) throw new UsageError(`not a version or semver range: ${JSON.stringify(range)}`);
  return { name, range };
}

/** Components with that real name or alias whose version satisfies the range (prereleases included). */
export function findComponents(inventory: Inventory, query: PackageQuery): Component[] {
  return inventory.components.filter(
    (component) =>
      (component.name === query.name || component.aliases.includes(query.name)) &&
      (query.range === undefined || satisfies(component.version, query.range, { includePrerelease: true, loose: true })),
  );
}
