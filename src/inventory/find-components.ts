// semver's modules one by one: `portfolio who` parses its query with this module, and semver's index loads all fifty.
import satisfies from 'semver/functions/satisfies.js';
import validRange from 'semver/ranges/valid.js';
import type { Component, Inventory } from '../model/component.js';
import { UsageError } from '../model/errors.js';
import { splitPackageQuery, type PackageQuery } from '../model/package-query.js';

export type { PackageQuery };

/** Parses `name`, `name@range`, `@scope/name` or `@scope/name@range`; a range must be one semver reads. */
export function parsePackageQuery(text: string): PackageQuery {
  const query = splitPackageQuery(text);
  if (query.range !== undefined && validRange(query.range, { loose: true }) === null) throw new UsageError(`not a version or semver range: ${JSON.stringify(query.range)}`);
  return query;
}

/** Components with that real name or alias whose version satisfies the range (prereleases included). */
export function findComponents(inventory: Inventory, query: PackageQuery): Component[] {
  return inventory.components.filter(
    (component) =>
      (component.name === query.name || component.aliases.includes(query.name)) &&
      (query.range === undefined || satisfies(component.version, query.range, { includePrerelease: true, loose: true })),
  );
}
