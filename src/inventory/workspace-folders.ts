import path from 'node:path';
import type MapWorkspaces from '@npmcli/map-workspaces';
import { ProjectError } from '../model/errors.js';

/**
 * The workspace folders a root package.json declares (`workspaces`, an array
 * of globs or `{ packages: [...] }`, `!` to exclude), relative to the root in
 * POSIX form and sorted, matched by npm's own @npmcli/map-workspaces (the
 * same globs yarn and bun accept). Folders without a package.json are not
 * workspaces; two workspaces of one name are an error, as for npm and yarn.
 */
export async function workspaceFolders(projectRoot: string, rootManifest: Record<string, unknown>): Promise<Map<string, string>> {
  // Without the field there is nothing to match (map-workspaces answers an empty map): its globbing packages stay unloaded.
  if (rootManifest['workspaces'] === undefined) return new Map();
  const found = await matchWorkspaces(path.join(projectRoot, 'package.json'), (mapWorkspaces) => mapWorkspaces({ cwd: projectRoot, pkg: rootManifest }));
  const folders = new Map<string, string>();
  for (const [name, folder] of [...found].sort((a, b) => (a[1] < b[1] ? -1 : 1))) {
    folders.set(path.relative(projectRoot, folder).split(path.sep).join('/'), name);
  }
  return folders;
}

/**
 * The workspaces an npm lockfile's root entry declares, by name
 * (map-workspaces' reading of `packages`: `folders` are its entries outside
 * node_modules).
 */
export async function lockedWorkspaceFolders(projectRoot: string, lockfileName: string, folders: Record<string, unknown>): Promise<Map<string, string>> {
  const source = `${path.join(projectRoot, lockfileName)} (packages[""].workspaces)`;
  return matchWorkspaces(source, (mapWorkspaces) => mapWorkspaces.virtual({ cwd: projectRoot, lockfile: { packages: folders } }));
}

/**
 * What map-workspaces matches; what it throws on (a `workspaces` value that
 * is not an array of globs nor `{ packages: [...] }`, two workspaces of one
 * name) is the user's file, told in one line that names it.
 */
async function matchWorkspaces(source: string, match: (mapWorkspaces: typeof MapWorkspaces) => Map<string, string> | Promise<Map<string, string>>): Promise<Map<string, string>> {
  const mapWorkspaces = await loadMapWorkspaces();
  try {
    return await match(mapWorkspaces);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n').slice(0, 2).join(': ') : String(error);
    throw new ProjectError(`cannot read the workspaces of ${source}: ${message}`, { cause: error });
  }
}

/** @npmcli/map-workspaces (with @npmcli/package-json, glob and minimatch), loaded only for a project that has workspaces. */
async function loadMapWorkspaces(): Promise<typeof MapWorkspaces> {
  return (await import('@npmcli/map-workspaces')).default;
}
