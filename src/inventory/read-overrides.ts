import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isRecord } from '../model/json.js';

/** The root package.json's `overrides` (npm 8.3+), as written; undefined when there are none or the file cannot be read. */
export function readOverrides(projectRoot: string): unknown {
  try {
    const manifest: unknown = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8'));
    return isRecord(manifest) ? manifest['overrides'] : undefined;
  } catch {
    // The inventory already reported an unreadable package.json.
    return undefined;
  }
}
