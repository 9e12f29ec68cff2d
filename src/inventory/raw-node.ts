import path from 'node:path';
import semver from 'semver';
import { ProjectError } from '../model/errors.js';
import type { LocalManifest } from './local-manifest.js';
import type { RawNode } from './raw-tree.js';

/** A node with nothing known but its place and identity; flags are set later (graph-flags.ts). */
export function emptyRawNode(location: string, installName: string, packageName: string, version: string): RawNode {
  return {
    location,
    installName,
    packageName,
    version,
    resolved: undefined,
    integrity: undefined,
    license: undefined,
    homepage: undefined,
    repository: undefined,
    bugs: undefined,
    description: undefined,
    dev: false,
    optional: false,
    devOptional: false,
    peer: false,
    bundled: false,
    isWorkspace: false,
    linked: false,
    hasInstallScript: false,
    extraneous: false,
  };
}

/**
 * The node of a project folder (the root, a workspace, a linked folder), from
 * its package.json when it has one. Like arborist, a folder's node is named
 * after the folder, so every reader gives the same components.
 */
export function localRawNode(location: string, manifest: LocalManifest | undefined, names: { name?: string; version?: string; fallbackName: string }, kind: { isWorkspace: boolean; linked: boolean }): RawNode {
  const name = names.name ?? manifest?.name ?? names.fallbackName;
  return {
    ...emptyRawNode(location, location === '' ? name : path.posix.basename(location), name, names.version ?? manifest?.version ?? ''),
    license: manifest?.fields['license'] ?? manifest?.fields['licenses'],
    homepage: manifest?.fields['homepage'],
    repository: manifest?.fields['repository'],
    bugs: manifest?.fields['bugs'],
    description: manifest?.fields['description'],
    isWorkspace: kind.isWorkspace,
    linked: kind.linked,
    hasInstallScript: manifest?.hasInstallScript ?? false,
  };
}

/** Whether a declared spec admits the locked version; specs that are no semver range (tags, URLs, `workspace:`) are not judged. */
export function declaredRangeAdmits(spec: string, version: string): boolean {
  const range = spec.startsWith('npm:') ? spec.slice(spec.lastIndexOf('@') + 1) : spec;
  if (semver.validRange(range, { loose: true }) === null || semver.valid(version, { loose: true }) === null) return true;
  return semver.satisfies(version, range, { loose: true, includePrerelease: true });
}

/** A folder a lockfile names, relative to the project; never outside it (a lockfile is untrusted input). */
export function projectFolder(folder: string, label: string, where: string): string {
  const normalised = path.posix.normalize(folder.replaceAll('\\', '/'));
  if (path.posix.isAbsolute(normalised) || path.win32.isAbsolute(folder) || normalised === '..' || normalised.startsWith('../')) {
    throw new ProjectError(`${label}: ${where} lies outside the project directory`);
  }
  return normalised === '.' ? '' : normalised.replace(/\/$/, '');
}

/** Root first, then by location. */
export function byLocation(a: RawNode, b: RawNode): number {
  if (a.location === b.location) return 0;
  if (a.location === '') return -1;
  if (b.location === '') return 1;
  return a.location < b.location ? -1 : 1;
}
