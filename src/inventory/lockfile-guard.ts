import path from 'node:path';
import { ProjectError } from '../model/errors.js';
import { isRecord } from '../model/json.js';

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
      checkEntry(entry, `packages[${JSON.stringify(location)}]`, label);
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

function checkEntry(entry: unknown, where: string, label: string): void {
  if (!isRecord(entry)) throw new ProjectError(`${label}: ${where} must be an object`);
  for (const mapName of DEPENDENCY_MAPS) {
    const map = entry[mapName];
    if (map === undefined) continue;
    if (!isRecord(map)) throw new ProjectError(`${label}: ${where}.${mapName} must be an object`);
    for (const name of Object.keys(map)) {
      if (HOSTILE_KEYS.has(name)) throw new ProjectError(`${label}: refusing hostile dependency name ${JSON.stringify(name)} in ${where}.${mapName}`);
    }
  }
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
    checkEntry(entry, `${where}[${JSON.stringify(name)}]`, label);
    if (isRecord(entry)) checkV1Dependencies(entry['dependencies'], `${where}[${JSON.stringify(name)}].dependencies`, label);
  }
}
