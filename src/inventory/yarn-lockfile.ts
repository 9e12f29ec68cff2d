import { existsSync } from 'node:fs';
import path from 'node:path';
import { ProjectError } from '../model/errors.js';
import { isRecord } from '../model/json.js';
import { assignGraphFlags } from './graph-flags.js';
import { parseJsonFile, readProjectFile } from './parse-json-file.js';
import type { RawTree } from './raw-tree.js';
import { workspaceFolders } from './workspace-folders.js';
import { parseYarnBerryLockfile } from './yarn-berry-lockfile.js';
import { CLASSIC_VERSION_COMMENT, parseYarnClassicLockfile } from './yarn-classic-lockfile.js';
import type { YarnLockfile } from './yarn-entry.js';
import { buildYarnTree, type ProjectManifest } from './yarn-graph.js';
import { readYarnRegistries } from './yarnrc.js';

/** Berry's lockfile starts its map with `__metadata` (classic has none). */
const BERRY_METADATA = /^"?__metadata"?:/m;

/**
 * Which yarn wrote a lockfile: classic (v1) or berry (2 to 4), from its text;
 * undefined when it has the mark of neither, which yarn never writes.
 */
function yarnLockfileGeneration(text: string): 'classic' | 'berry' | undefined {
  if (BERRY_METADATA.test(text)) return 'berry';
  return CLASSIC_VERSION_COMMENT.test(text) ? 'classic' : undefined;
}

/**
 * Reads a yarn.lock of either generation into the same tree arborist gives
 * for an npm lockfile. yarn lockfiles record packages and their
 * dependencies but no tree, no dev flags and (classic) no workspaces, so the
 * graph is built from the root and workspace package.json files through the
 * lockfile's entries, and npm's flags are computed from it.
 */
export async function readYarnLockfile(projectRoot: string, lockfilePath: string): Promise<RawTree> {
  const root = path.resolve(projectRoot);
  const lockfile = readYarnLockfileEntries(root, lockfilePath);
  const manifestFile = path.join(root, 'package.json');
  if (!existsSync(manifestFile)) {
    throw new ProjectError(`${lockfilePath} has no package.json beside it: yarn lockfiles do not record the project's own dependencies`);
  }
  const rootManifest = parseJsonFile(manifestFile, path.join(projectRoot, 'package.json'));
  if (!isRecord(rootManifest)) throw new ProjectError(`${path.join(projectRoot, 'package.json')} is not a JSON object`);
  const workspaces: ProjectManifest[] = [];
  for (const folder of (await workspaceFolders(root, rootManifest)).keys()) {
    const label = path.join(projectRoot, folder, 'package.json');
    const manifest = parseJsonFile(path.join(root, folder, 'package.json'), label);
    if (!isRecord(manifest)) throw new ProjectError(`${label} is not a JSON object`);
    workspaces.push({ folder, manifest });
  }
  const tree = buildYarnTree({
    root,
    label: lockfilePath,
    lockfile,
    rootManifest,
    workspaces,
    readFolderManifest: (folder) => readOptionalManifest(path.join(root, folder, 'package.json')),
  });
  assignGraphFlags(tree);
  // Classic is version 1; berry's is `__metadata.version` (which yarn wrote it decides the fix commands).
  tree.lockfileVersion = lockfile.version;
  return tree;
}

/** The lockfile's entries, parsed by the reader of its generation. */
export function readYarnLockfileEntries(projectRoot: string, lockfilePath: string): YarnLockfile {
  const text = readProjectFile(lockfilePath);
  // yarn parses an empty file as no entries; yarn install never leaves one (even yarn 1 with nothing to lock writes its header).
  if (text.trim() === '') throw new ProjectError(`${lockfilePath} is empty (run yarn install)`);
  // Neither parser expects NUL; UTF-16 text read as UTF-8 is full of them.
  if (text.includes('\0')) throw new ProjectError(`malformed yarn lockfile ${lockfilePath}: not UTF-8 text (it has NUL bytes, as UTF-16 has; yarn writes UTF-8)`);
  switch (yarnLockfileGeneration(text)) {
    case 'berry':
      return parseYarnBerryLockfile(text, lockfilePath, readYarnRegistries(path.resolve(projectRoot)));
    case 'classic':
      return parseYarnClassicLockfile(text, lockfilePath);
    case undefined:
      throw new ProjectError(`malformed yarn lockfile ${lockfilePath}: neither yarn 1's "# yarn lockfile v1" header nor berry's __metadata (a truncated or hand-edited lockfile: run yarn install)`);
  }
}

/** A local folder dependency's package.json, for its licence and metadata; its absence is not an error. */
function readOptionalManifest(file: string): Record<string, unknown> | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const manifest = parseJsonFile(file);
    return isRecord(manifest) ? manifest : undefined;
  } catch {
    return undefined;
  }
}
