import { readdirSync, readlinkSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { describeFsError, ProjectError } from '../model/errors.js';

/**
 * Refuses a node_modules that holds a symlink loop (`pa -> pb`, `pb -> pa`)
 * before arborist reads it: arborist follows such links forever. Walks every
 * node_modules folder (scoped folders included) of the project and of the
 * folders its links point to, each real folder once; a link that cannot be
 * resolved because it loops (ELOOP) is the error, named with its whole cycle.
 */
export function checkSymlinkLoops(projectDir: string, label: string = projectDir): void {
  const visited = new Set<string>();
  const pending = [path.join(projectDir, 'node_modules')];
  while (pending.length > 0) {
    const folder = pending.pop() ?? '';
    let real: string;
    try {
      real = realpathSync(folder);
    } catch {
      continue; // no node_modules here (a missing or dangling folder is arborist's to report)
    }
    if (visited.has(real)) continue;
    visited.add(real);
    for (const entry of entries(folder)) {
      if (entry.name.startsWith('.')) continue; // .bin, .package-lock.json: arborist reads no packages there
      const location = path.join(folder, entry.name);
      if (entry.isSymbolicLink()) {
        const target = resolveLink(location, projectDir, label);
        if (target !== undefined && isDirectory(target)) pending.push(path.join(target, 'node_modules'));
        if (target !== undefined && entry.name.startsWith('@')) pending.push(target);
      } else if (entry.isDirectory()) {
        // A scope folder holds packages; a package folder may hold its own node_modules.
        pending.push(entry.name.startsWith('@') ? location : path.join(location, 'node_modules'));
      }
    }
  }
}

function entries(folder: string): Dirent[] {
  try {
    return readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return [];
  }
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** The link's real target, undefined when it dangles; a loop is a ProjectError naming every link in it. */
function resolveLink(link: string, projectDir: string, label: string): string | undefined {
  try {
    return realpathSync(link);
  } catch (error) {
    if (!isLoop(error)) return undefined;
    throw new ProjectError(`symlink loop in ${path.join(label, 'node_modules')}: ${describeLoop(link, projectDir)}`, { cause: error });
  }
}

function isLoop(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ELOOP';
}

/** `node_modules/pa -> node_modules/pb -> node_modules/pa`: the links followed until one repeats. */
function describeLoop(link: string, projectDir: string): string {
  const seen: string[] = [];
  let current = link;
  while (!seen.includes(current) && seen.length < 64) {
    seen.push(current);
    let target: string;
    try {
      target = readlinkSync(current);
    } catch (error) {
      return `${seen.map((step) => shown(step, projectDir)).join(' -> ')} (${describeFsError(error)})`;
    }
    current = path.resolve(path.dirname(current), target);
  }
  return [...seen, current].map((step) => shown(step, projectDir)).join(' -> ');
}

function shown(file: string, projectDir: string): string {
  const relative = path.relative(projectDir, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
}
