import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository root (tests run from dist/test/…). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export function fixtureProject(name: string): string {
  return path.join(repoRoot, 'test', 'fixtures', 'projects', name);
}

export const binPath = path.join(repoRoot, 'bin', 'deptrust.js');
