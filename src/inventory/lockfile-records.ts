import semver from 'semver';
import { ProjectError } from '../model/errors.js';
import type { RawEdge, RawTree } from './raw-tree.js';

/**
 * The declarations every lockfile records, whatever the platform: npm, pnpm
 * and bun lock each prod, dev and optional dependency of the project and its
 * workspaces (peers are left out: npm 6, which wrote v1 lockfiles, installed none).
 */
const ALWAYS_LOCKED = new Set<RawEdge['type']>(['prod', 'dev', 'optional']);

/** How many missing names the message lists before "and N more". */
const NAMES_SHOWN = 3;

/**
 * Refuses a lockfile that resolves none of the dependencies the project
 * (root and workspaces) declares. One dependency added after the install is
 * only out of sync, a warning (build-inventory.ts); none at all is a lockfile
 * cut short or emptied, and read as it is the tree would be empty and every
 * check would pass.
 */
export function checkRecordsDeclarations(tree: RawTree, label: string): void {
  const projectLocations = new Set(['', ...tree.workspaces]);
  const declared = tree.edges.filter((edge) => projectLocations.has(edge.from) && ALWAYS_LOCKED.has(edge.type));
  if (declared.length === 0 || declared.some((edge) => edge.to !== undefined)) return;
  const names = [...new Set(declared.map((edge) => edge.name))].sort();
  const shown = names.length > NAMES_SHOWN ? `${names.slice(0, NAMES_SHOWN).join(', ')} and ${names.length - NAMES_SHOWN} more` : names.join(', ');
  throw new ProjectError(`${label} records none of the dependencies the project declares (${shown}): a truncated lockfile, or one written before them (install again to relock)`);
}

/** `1.2.3` without a prerelease or build: valid semver at a glance (the lockfile's every entry is checked, most are these). */
const PLAIN_VERSION = /^(?:0|[1-9]\d{0,14})\.(?:0|[1-9]\d{0,14})\.(?:0|[1-9]\d{0,14})$/;

/** semver.valid, with the common `1.2.3` recognised before semver parses anything. */
export function isSemverVersion(version: string, options: { loose?: boolean } = {}): boolean {
  return PLAIN_VERSION.test(version) || semver.valid(version, options) !== null;
}

/**
 * A registry package is fetched and matched against advisories by name and
 * version: locked at anything but a semver version (`not-a-version`, a
 * range, nothing) it would match no advisory and pass unchecked.
 */
export function checkRegistryVersion(version: string | undefined, label: string, where: string | (() => string)): void {
  if (version !== undefined && isSemverVersion(version, { loose: true })) return;
  throw new ProjectError(`${label}: ${typeof where === 'string' ? where : where()} is a registry package without a valid semver version${version === undefined ? '' : ` (${JSON.stringify(version)})`}`);
}
