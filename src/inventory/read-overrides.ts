import path from 'node:path';
import type { PackageManager } from '../model/component.js';
import { isRecord } from '../model/json.js';
import { readProjectFile } from './parse-json-file.js';

/**
 * The root package.json's forced versions, as written, in the field the
 * project's manager reads: npm's `overrides` (npm 8.3+), pnpm's
 * `pnpm.overrides`, yarn's `resolutions`, bun's `overrides` (or yarn's
 * `resolutions`, which bun also reads). Undefined when there are none or the
 * file cannot be read.
 */
export function readOverrides(projectRoot: string, manager: PackageManager = 'npm'): unknown {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readProjectFile(path.join(projectRoot, 'package.json')));
  } catch {
    // The inventory already reported an unreadable package.json.
    return undefined;
  }
  if (!isRecord(manifest)) return undefined;
  switch (manager) {
    case 'pnpm':
      return isRecord(manifest['pnpm']) ? manifest['pnpm']['overrides'] : undefined;
    case 'yarn':
      return manifest['resolutions'];
    case 'bun':
      return manifest['overrides'] ?? manifest['resolutions'];
    default:
      return manifest['overrides'];
  }
}
