import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Inventory } from '../model/component.js';
import { managerLockfileLines } from './manager-lockfile-lines.js';
import { readProjectFile } from './parse-json-file.js';

export interface DeclarationLines {
  /**
   * The project's folder relative to the root of the git repository holding
   * it, with `/` separators (`services/api`; '' at the root or outside git):
   * code scanning reads paths from the repository root.
   */
  projectFolder: string;
  /** The lockfile (or undefined for node_modules) and the 1-based line of each component location's entry. */
  lockfile?: { file: string; lines: Map<string, number> };
  /** package.json and the line declaring each direct dependency, by declared name. */
  manifest?: { file: string; lines: Map<string, number> };
  /** Each workspace's package.json (`packages/api/package.json`) and its declaration lines, by workspace folder. */
  workspaceManifests?: Map<string, { file: string; lines: Map<string, number> }>;
}

/**
 * Where each component is written down, for reports that point at a line
 * (SARIF `region.startLine`): its entry in the lockfile (`"node_modules/x": {`
 * in npm's v2/v3, the nested `"x": {` in v1; pnpm's, yarn's and bun's
 * entries in manager-lockfile-lines.ts) and, for direct dependencies, the line
 * in package.json that declares it.
 */
export function declarationLines(inventory: Inventory): DeclarationLines {
  const result: DeclarationLines = { projectFolder: repositoryFolder(inventory.root) };
  if (inventory.sourceFile !== 'node_modules') {
    const file = path.join(inventory.root, inventory.sourceFile);
    const text = readText(file);
    if (text !== undefined) {
      const lines = inventory.sourceFile === 'package-lock.json' || inventory.sourceFile === 'npm-shrinkwrap.json' ? lockfileEntryLines(text) : managerLockfileLines(inventory.sourceFile, text, inventory.components);
      result.lockfile = { file: inventory.sourceFile, lines };
    }
  }
  const manifestText = readText(path.join(inventory.root, 'package.json'));
  if (manifestText !== undefined) result.manifest = { file: 'package.json', lines: manifestDependencyLines(manifestText) };
  const workspaceManifests = new Map<string, { file: string; lines: Map<string, number> }>();
  for (const folder of inventory.workspaces) {
    // Workspace folders come from the lockfile: only folders inside the project are read.
    if (folder === '' || path.isAbsolute(folder) || folder.split(/[\\/]/).includes('..')) continue;
    const file = `${folder.split(path.sep).join('/')}/package.json`;
    const text = readText(path.join(inventory.root, folder, 'package.json'));
    if (text !== undefined) workspaceManifests.set(folder, { file, lines: manifestDependencyLines(text) });
  }
  if (workspaceManifests.size > 0) result.workspaceManifests = workspaceManifests;
  return result;
}

/**
 * The project's folder relative to the closest enclosing folder holding
 * `.git` (a folder in a clone, a file in a worktree or submodule), with `/`
 * separators; '' when the project is that folder or is not in git.
 */
export function repositoryFolder(projectRoot: string): string {
  const start = path.resolve(projectRoot);
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return path.relative(dir, start).split(path.sep).join('/');
    if (path.dirname(dir) === dir) return '';
  }
}

/**
 * Line of each `"<key>": {` that opens a package entry; for v1's nested form, the path joined like v2 locations.
 * Only those lines are looked at (a regular expression over the whole text, counting the newlines between
 * matches): a lockfile of 100,000 packages has millions of lines, and splitting it made as many strings.
 */
export function lockfileEntryLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  const stack: Array<{ indent: number; name: string }> = [];
  const entry = /^([ \t]*)"([^"\n]+)": \{[ \t\r]*$/gm;
  let line = 1;
  let counted = 0;
  for (let match = entry.exec(text); match !== null; match = entry.exec(text)) {
    for (let at = text.indexOf('\n', counted); at !== -1 && at < match.index; at = text.indexOf('\n', at + 1)) line++;
    counted = match.index;
    const indent = match[1]?.length ?? 0;
    const key = match[2] ?? '';
    if (key.startsWith('node_modules/') || (key.includes('/') && !key.startsWith('@'))) {
      if (!lines.has(key)) lines.set(key, line);
      continue;
    }
    // lockfile v1: "dependencies": { "a": { "dependencies": { "b": { … — rebuild node_modules/a/node_modules/b
    while (stack.length > 0 && (stack[stack.length - 1]?.indent ?? 0) >= indent) stack.pop();
    stack.push({ indent, name: key });
    const names = stack.map((s) => s.name).filter((name) => name !== 'dependencies' && name !== 'packages' && name !== 'requires');
    if (names.length > 0 && stack.some((s) => s.name === 'dependencies')) {
      const location = names.map((name) => `node_modules/${name}`).join('/');
      if (!lines.has(location)) lines.set(location, line);
    }
  }
  return lines;
}

const DEPENDENCY_BLOCKS = new Set(['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']);

/**
 * Line of each key inside a top-level dependencies block of package.json,
 * whatever the formatting (a small scan over the JSON text that tracks
 * strings and nesting; the manifest was already parsed, so it is valid JSON).
 */
export function manifestDependencyLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let depth = 0;
  let line = 1;
  let block: string | undefined;
  let expectKey = false;
  let lastTopKey: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    else if (c === '{') {
      depth++;
      expectKey = true;
      if (depth === 2) block = lastTopKey !== undefined && DEPENDENCY_BLOCKS.has(lastTopKey) ? lastTopKey : undefined;
    } else if (c === '}') {
      if (depth === 2) block = undefined;
      depth--;
      expectKey = false;
    } else if (c === ',') expectKey = true;
    else if (c === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const value = text.slice(i + 1, end);
      if (expectKey) {
        if (depth === 1) lastTopKey = value;
        if (depth === 2 && block && !lines.has(value)) lines.set(value, line);
        expectKey = false;
      }
      i = end;
    } else if (c === '[') expectKey = false;
  }
  return lines;
}

function readText(file: string): string | undefined {
  try {
    return existsSync(file) ? readProjectFile(file) : undefined;
  } catch {
    return undefined;
  }
}
