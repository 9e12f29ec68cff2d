import path from 'node:path';
import { ProjectError } from '../model/errors.js';
import { isRecord } from '../model/json.js';
import { checkRegistryVersion } from './lockfile-records.js';
import { isRegistryTarballUrl } from './registry-tarball.js';

type Entry = Record<string, unknown>;

/** Lockfile versions arborist understands (npm docs, "package-lock.json"). */
const SUPPORTED_LOCKFILE_VERSIONS = new Set([1, 2, 3]);

/** Keys that would reach Object.prototype if a consumer assigned them. */
const HOSTILE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const DEPENDENCY_MAPS = [
  'dependencies',
  'devDependencies',
  'optionalDependencies',
  'peerDependencies',
  'peerDependenciesMeta',
  'requires',
] as const;

/** The kinds of entry: `packages` (v2, v3) and v1's nested `dependencies`. */
type EntryKind = 'package' | 'v1';

/** Maps of dependency name → declared range or version: a `packages` entry declares like a package.json, a v1 entry `requires`. */
const RANGE_MAPS: Readonly<Record<EntryKind, readonly string[]>> = {
  package: ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'],
  v1: ['requires'],
};

/** Fields npm writes as strings; deptrust and arborist read them as strings (a number or object there reached string methods: exit 4). */
const STRING_FIELDS = ['name', 'version', 'resolved', 'integrity'] as const;

/** Flags npm writes as `true` when they hold (and leaves out otherwise). */
const FLAG_FIELDS = ['dev', 'optional', 'devOptional', 'peer', 'extraneous', 'link', 'inBundle', 'bundled', 'hasInstallScript', 'hasShrinkwrap'] as const;

/**
 * Checks a parsed lockfile before arborist sees it: its version, its shape,
 * package locations that escape the project, and hostile keys. Returns the
 * lockfile version.
 */
export function checkLockfile(lockfile: unknown, label: string): number {
  if (!isRecord(lockfile)) throw new ProjectError(`${label} is not a JSON object`);
  const version = lockfile['lockfileVersion'];
  if (typeof version !== 'number' || !SUPPORTED_LOCKFILE_VERSIONS.has(version)) {
    throw new ProjectError(
      `unsupported lockfileVersion ${JSON.stringify(version ?? null)} in ${label} (deptrust reads versions 1, 2 and 3)`,
    );
  }
  // npm reads the v1 `dependencies` of a lockfile that has no `packages`,
  // whatever its lockfileVersion says (arborist, shrinkwrap.js `load`).
  const v1Shaped = version >= 2 && lockfile['packages'] === undefined && isRecord(lockfile['dependencies']);
  if (version >= 2 && !v1Shaped) {
    const packages = lockfile['packages'];
    if (!isRecord(packages)) throw new ProjectError(`${label}: "packages" must be an object in lockfileVersion ${version}`);
    for (const [location, entry] of Object.entries(packages)) {
      checkLocation(location, label);
      // Where the entry is, spelt out only for a message: a lockfile of 100,000 entries passes without building one.
      const where = (): string => `packages[${JSON.stringify(location)}]`;
      checkEntry(entry, where, label, 'package');
      if (isRegistryEntry(location, entry)) checkRegistryVersion(lockedVersion(entry), label, where);
    }
  }
  if (version === 1 || lockfile['dependencies'] !== undefined) {
    checkV1Dependencies(lockfile['dependencies'], 'dependencies', label);
  }
  return version;
}

function checkLocation(location: string, label: string): void {
  for (const segment of location.split(/[\\/]/)) {
    if (HOSTILE_KEYS.has(segment)) throw new ProjectError(`${label}: refusing hostile package key ${JSON.stringify(location)}`);
  }
  if (location === '') return;
  const normalised = path.posix.normalize(location.replaceAll('\\', '/'));
  if (path.posix.isAbsolute(normalised) || path.win32.isAbsolute(location) || normalised === '..' || normalised.startsWith('../')) {
    throw new ProjectError(`${label}: package ${JSON.stringify(location)} lies outside the project directory`);
  }
}

/** One entry's shape, checked once here so that no reader meets a field of another type than npm writes. */
function checkEntry(entry: unknown, where: () => string, label: string, kind: EntryKind): asserts entry is Entry {
  if (!isRecord(entry)) throw new ProjectError(`${label}: ${where()} must be an object`);
  for (const field of STRING_FIELDS) {
    if (entry[field] !== undefined && typeof entry[field] !== 'string') throw new ProjectError(`${label}: ${where()}.${field} must be a string`);
  }
  for (const field of FLAG_FIELDS) {
    if (entry[field] !== undefined && typeof entry[field] !== 'boolean') throw new ProjectError(`${label}: ${where()}.${field} must be true or false`);
  }
  for (const mapName of DEPENDENCY_MAPS) {
    const map = entry[mapName];
    if (map === undefined) continue;
    if (!isRecord(map)) throw new ProjectError(`${label}: ${where()}.${mapName} must be an object`);
    const ranges = RANGE_MAPS[kind].includes(mapName);
    for (const name in map) {
      if (HOSTILE_KEYS.has(name)) throw new ProjectError(`${label}: refusing hostile dependency name ${JSON.stringify(name)} in ${where()}.${mapName}`);
      if (ranges && typeof map[name] !== 'string') throw new ProjectError(`${label}: ${where()}.${mapName}[${JSON.stringify(name)}] must be a string`);
    }
  }
}

/**
 * A v2/v3 entry matched against the registry's advisories by name and
 * version: installed in node_modules, not a link, and resolved to a registry
 * tarball or to nothing (`--omit-lockfile-registry-resolved`, or a package
 * bundled in its parent's tarball, which npm records with the version its
 * package.json has). A git, file or remote tarball entry carries whatever
 * version its package.json says.
 */
function isRegistryEntry(location: string, entry: Entry): boolean {
  return location.split('/').includes('node_modules') && entry['link'] !== true && isRegistryResolved(entry['resolved']);
}

/** A v1 entry fetched from the registry: v1 writes any other source into `version` itself (`github:…`, `file:…`, a URL, `npm:` for an alias). */
function isRegistryV1Entry(entry: Entry): boolean {
  const version = entry['version'];
  return !(typeof version === 'string' && version.includes(':')) && isRegistryResolved(entry['resolved']);
}

/** An entry's `version`, a string once checkEntry has passed it. */
function lockedVersion(entry: Entry): string | undefined {
  return entry['version'] as string | undefined;
}

function isRegistryResolved(resolved: unknown): boolean {
  return resolved === undefined || (typeof resolved === 'string' && isRegistryTarballUrl(resolved));
}

function checkV1Dependencies(dependencies: unknown, where: string, label: string): void {
  if (dependencies === undefined) return;
  if (!isRecord(dependencies)) throw new ProjectError(`${label}: ${where} must be an object`);
  for (const [name, entry] of Object.entries(dependencies)) {
    if (HOSTILE_KEYS.has(name)) throw new ProjectError(`${label}: refusing hostile package key ${JSON.stringify(name)} in ${where}`);
    const version = isRecord(entry) ? entry['version'] : undefined;
    if (typeof version === 'string' && version.startsWith('file:')) {
      checkLocation(version.slice('file:'.length), label);
    }
    const at = (): string => `${where}[${JSON.stringify(name)}]`;
    checkEntry(entry, at, label, 'v1');
    if (isRegistryV1Entry(entry)) checkRegistryVersion(lockedVersion(entry), label, at);
    if (isRecord(entry)) checkV1Dependencies(entry['dependencies'], `${where}[${JSON.stringify(name)}].dependencies`, label);
  }
}
