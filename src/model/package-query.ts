import { UsageError } from './errors.js';

/** A package and the versions wanted, as `explain` and `portfolio who` take them. */
export interface PackageQuery {
  name: string;
  /** A semver range; undefined matches every version. */
  range?: string;
}

/**
 * Splits `name`, `name@range`, `@scope/name` or `@scope/name@range`, checking
 * the name only: the range is checked with semver (parsePackageQuery in
 * inventory/find-components.ts), so that `portfolio who` can ask the store
 * for the name's rows before semver has loaded.
 */
export function splitPackageQuery(text: string): PackageQuery {
  const at = text.indexOf('@', 1);
  const name = (at > 0 ? text.slice(0, at) : text).trim();
  const range = at > 0 ? text.slice(at + 1).trim() : undefined;
  if (!name || (name.startsWith('@') && !name.includes('/'))) throw new UsageError(`not a package name: ${JSON.stringify(text)}`);
  return range === undefined || range === '' || range === '*' ? { name } : { name, range };
}
