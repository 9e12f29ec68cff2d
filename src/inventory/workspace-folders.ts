import path from 'node:path';
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
  const { default: mapWorkspaces } = await import('@npmcli/map-workspaces');
  let found: Map<string, string>;
  try {
    found = await mapWorkspaces({ cwd: projectRoot, pkg: rootManifest });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n').slice(0, 2).join(': ') : String(error);
    throw new ProjectError(`cannot read the workspaces of ${path.join(projectRoot, 'package.json')}: ${message}`, { cause: error });
  }
  const folders = new Map<string, string>();
  for (const [name, folder] of [...found].sort((a, b) => (a[1] < b[1] ? -1 : 1))) {
    folders.set(path.relative(projectRoot, folder).split(path.sep).join('/'), name);
  }
  return folders;
}
