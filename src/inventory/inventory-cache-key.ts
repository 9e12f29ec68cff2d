import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findProjectSource } from './find-project-source.js';

/**
 * A key for everything an inventory is computed from: the lockfile's bytes,
 * the root package.json and the package.json of every local package the
 * lockfile names (workspaces, `file:` folders), plus a salt (deptrust's
 * version). Undefined when the tree comes from node_modules, which can change
 * without any of these files changing, and for other managers' lockfiles,
 * whose readers also read files the lockfile does not list (linked folders'
 * package.json).
 */
export function inventoryCacheKey(projectDir: string, salt: string, options: { lockfile?: string } = {}): string | undefined {
  const root = path.resolve(projectDir);
  const source = findProjectSource(root, options);
  if (source.sourceFile === 'node_modules' || source.manager !== 'npm' || source.lockfile === undefined) return undefined;
  const hash = createHash('sha256').update(salt).update('\0').update(source.sourceFile).update('\0');
  const lockText = readFileSync(source.lockfile);
  hash.update(lockText).update('\0');
  const manifest = path.join(root, 'package.json');
  if (existsSync(manifest)) hash.update(readFileSync(manifest));
  let localFolders: string[];
  try {
    const parsed: unknown = JSON.parse(lockText.toString('utf8'));
    const packages = parsed && typeof parsed === 'object' && 'packages' in parsed ? parsed.packages : undefined;
    if (packages && typeof packages === 'object') {
      localFolders = Object.keys(packages).filter((key) => key !== '' && !key.startsWith('node_modules/') && !key.includes('/node_modules/'));
    } else {
      return undefined; // lockfile v1 names no local folders: do not cache
    }
  } catch {
    return undefined;
  }
  for (const folder of localFolders.sort()) {
    const file = path.join(root, folder, 'package.json');
    hash.update('\0').update(folder).update('\0');
    if (existsSync(file)) hash.update(readFileSync(file));
  }
  return hash.digest('hex');
}
