import { existsSync } from 'node:fs';
import path from 'node:path';
import { ProjectError } from '../model/errors.js';
import { isRecord } from '../model/json.js';
import { parseJsonFile } from './parse-json-file.js';

/** A local folder's package.json (the root, a workspace, a linked folder), as lockfile readers of other managers need it. */
export interface LocalManifest {
  name: string | undefined;
  version: string | undefined;
  fields: Readonly<Record<string, unknown>>;
  hasInstallScript: boolean;
  /** The spec package.json declares for a dependency in one of its maps (`dependencies`, `devDependencies`, …). */
  declared(field: string, name: string): string | undefined;
  entries(field: string): Array<[string, string]>;
}

/** The maps a project's package.json declares its dependencies in. */
const DEPENDENCY_MAPS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

/**
 * A project's package.json (the root's or a workspace's), parsed: a JSON
 * object whose dependency maps map names to specs. yarn and bun lockfiles do
 * not record what the project declares, so a map read as empty (a list of
 * names, a number) would drop the project's whole tree without a word. An
 * empty list declares nothing, as npm reads it.
 */
export function parseProjectManifest(file: string, label: string): Record<string, unknown> {
  const manifest = parseJsonFile(file, label);
  if (!isRecord(manifest)) throw new ProjectError(`${label} is not a JSON object`);
  for (const field of DEPENDENCY_MAPS) {
    const map = manifest[field];
    if (map === undefined || (Array.isArray(map) && map.length === 0)) continue;
    if (!isRecord(map)) throw new ProjectError(`${label}: "${field}" must be an object of package names and version specs`);
    for (const [name, spec] of Object.entries(map)) {
      if (typeof spec !== 'string') throw new ProjectError(`${label}: ${field}.${name} must be a string (a version spec)`);
    }
  }
  return manifest;
}

/** Undefined when the folder has no package.json; a malformed one is a ProjectError naming it. */
export function readLocalManifest(folder: string, label: string = path.join(folder, 'package.json')): LocalManifest | undefined {
  const file = path.join(folder, 'package.json');
  if (!existsSync(file)) return undefined;
  const manifest = parseJsonFile(file, label);
  if (!isRecord(manifest)) throw new ProjectError(`${label} is not a JSON object`);
  const map = (field: string): Record<string, unknown> => (isRecord(manifest[field]) ? manifest[field] : {});
  const scripts = map('scripts');
  return {
    name: typeof manifest['name'] === 'string' && manifest['name'] !== '' ? manifest['name'] : undefined,
    version: typeof manifest['version'] === 'string' && manifest['version'] !== '' ? manifest['version'] : undefined,
    fields: manifest,
    // npm's definition (docs, "scripts"): a preinstall, install or postinstall script.
    hasInstallScript: ['preinstall', 'install', 'postinstall'].some((script) => typeof scripts[script] === 'string'),
    declared(field, name) {
      const spec = map(field)[name];
      return typeof spec === 'string' && Object.hasOwn(map(field), name) ? spec : undefined;
    },
    entries(field) {
      return Object.entries(map(field)).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
    },
  };
}
