import type { Component, InventorySourceFile } from '../model/component.js';
import { storeFolder, withoutPeers } from './pnpm-dep-path.js';

/**
 * The 1-based line of each component location's entry in a pnpm, yarn or
 * bun lockfile, found by reading the text line by line as each manager
 * writes it (the parsers used to read the tree keep no positions). A
 * location whose entry is not found has no line.
 */
export function managerLockfileLines(sourceFile: InventorySourceFile, text: string, components: readonly Component[]): Map<string, number> {
  const lines = new Map<string, number>();
  const lineOf = lineFinder(sourceFile, text);
  if (!lineOf) return lines;
  for (const component of components) {
    for (const location of component.locations) {
      const line = lineOf(component, location);
      if (line !== undefined) lines.set(location, line);
    }
  }
  return lines;
}

type LineOf = (component: Component, location: string) => number | undefined;

function lineFinder(sourceFile: InventorySourceFile, text: string): LineOf | undefined {
  if (sourceFile === 'pnpm-lock.yaml') return pnpmLines(text);
  if (sourceFile === 'yarn.lock') return yarnLines(text);
  if (sourceFile === 'bun.lock') return bunLines(text);
  return undefined;
}

/**
 * pnpm: the entry under `packages:` (written at two spaces' indent, keyed by
 * dependency path), found through the store folder the reader placed the
 * component in (`node_modules/.pnpm/<folder>/node_modules/<name>`). In 9.0 a
 * peer variant is keyed in `snapshots:`; its line is its package's.
 */
function pnpmLines(text: string): LineOf {
  const packageLines = new Map<string, number>();
  const folderLines = new Map<string, number>();
  const snapshots: Array<[string, number]> = [];
  let section = '';
  text.split('\n').forEach((line, index) => {
    if (/^\S/.test(line)) section = line.replace(/:\s*$/, '');
    const match = /^ {2}(\S.*):(?: \{\})?\s*$/.exec(line);
    if (!match || (section !== 'packages' && section !== 'snapshots')) return;
    const key = yamlKey(match[1] ?? '');
    if (section === 'packages') {
      if (!packageLines.has(key)) packageLines.set(key, index + 1);
      if (!folderLines.has(storeFolder(key))) folderLines.set(storeFolder(key), index + 1);
    } else snapshots.push([key, index + 1]);
  });
  for (const [key, line] of snapshots) {
    const folder = storeFolder(key);
    if (!folderLines.has(folder)) folderLines.set(folder, packageLines.get(withoutPeers(key)) ?? line);
  }
  return (_, location) => {
    const folder = /^node_modules\/\.pnpm\/([^/]+)\/node_modules\//.exec(location)?.[1];
    return folder === undefined ? undefined : folderLines.get(folder);
  };
}

/** A YAML mapping key as pnpm writes it: plain, 'single-quoted' or "double-quoted". */
function yamlKey(raw: string): string {
  if (raw.startsWith("'") && raw.endsWith("'")) return raw.slice(1, -1).replaceAll("''", "'");
  if (raw.startsWith('"') && raw.endsWith('"')) {
    try {
      return String(JSON.parse(raw));
    } catch {
      return raw;
    }
  }
  return raw;
}

/**
 * yarn, classic and berry: an entry starts at column 0 with its descriptors
 * (`"ms@^2.1.1", ms@^2.1.3:`; berry's `"ms@npm:^2.1.1, ms@npm:^2.1.3":`)
 * and its indented `version` follows. yarn records no tree, so an entry is
 * found by the component's name (or alias) and version.
 */
function yarnLines(text: string): LineOf {
  const byNameVersion = new Map<string, number>();
  let entry: { names: string[]; line: number } | undefined;
  text.split('\n').forEach((line, index) => {
    if (/^[^\s#]/.test(line)) {
      entry = line.startsWith('__metadata') ? undefined : { names: descriptorNames(line.replace(/:\s*$/, '')), line: index + 1 };
      return;
    }
    const version = /^ {2}version:? "?([^"\s]+)"?\s*$/.exec(line)?.[1];
    if (entry && version !== undefined) {
      for (const name of entry.names) if (!byNameVersion.has(`${name}@${version}`)) byNameVersion.set(`${name}@${version}`, entry.line);
      entry = undefined;
    }
  });
  return (component) => {
    for (const name of [component.name, ...component.aliases]) {
      const line = byNameVersion.get(`${name}@${component.version}`);
      if (line !== undefined) return line;
    }
    return undefined;
  };
}

/** The package names an entry's descriptors name: each descriptor's, and the real one behind an `npm:` alias. */
function descriptorNames(header: string): string[] {
  const names = new Set<string>();
  for (const part of header.split(/,\s*/)) {
    const descriptor = part.trim().replace(/^"|"$/g, '');
    const at = descriptor.indexOf('@', 1);
    if (at <= 0) continue;
    names.add(descriptor.slice(0, at));
    const rest = descriptor.slice(at + 1);
    if (rest.startsWith('npm:')) {
      const aliased = rest.slice('npm:'.length);
      const aliasAt = aliased.indexOf('@', 1);
      if (aliasAt > 0) names.add(aliased.slice(0, aliasAt));
    }
  }
  return [...names];
}

/**
 * bun: each package is one line in `packages`, `"debug/ms": ["ms@2.1.3", …`,
 * keyed like a hoisted node_modules. A location gives the key
 * (`node_modules/debug/node_modules/ms` is `debug/ms`); a package nested in
 * a workspace (keyed by the workspace's name) is found by the `name@version`
 * its entry starts with.
 */
function bunLines(text: string): LineOf {
  const byKey = new Map<string, number>();
  const bySpec = new Map<string, number>();
  let inPackages = false;
  text.split('\n').forEach((line, index) => {
    if (/^ {2}"packages": \{/.test(line)) inPackages = true;
    else if (/^ {2}\S/.test(line)) inPackages = false;
    const match = inPackages ? /^ {4}"((?:[^"\\]|\\.)*)": \["((?:[^"\\]|\\.)*)"/.exec(line) : null;
    if (!match) return;
    const key = match[1] ?? '';
    const spec = match[2] ?? '';
    if (!byKey.has(key)) byKey.set(key, index + 1);
    if (!bySpec.has(spec)) bySpec.set(spec, index + 1);
  });
  return (component, location) => {
    if (location.startsWith('node_modules/')) {
      const line = byKey.get(location.split('node_modules/').filter(Boolean).map((name) => name.replace(/\/$/, '')).join('/'));
      if (line !== undefined) return line;
    }
    return bySpec.get(`${component.name}@${component.version}`);
  };
}
