import path from 'node:path';
import { buildInventory } from '../../src/inventory/build-inventory.js';
import { readYarnLockfile } from '../../src/inventory/yarn-lockfile.js';
import type { Inventory } from '../../src/model/component.js';

/** A yarn project's inventory through the yarn reader and the shared builder, as the CLI builds it. */
export async function loadYarnInventory(dir: string): Promise<Inventory> {
  const tree = await readYarnLockfile(dir, path.join(dir, 'yarn.lock'));
  return buildInventory(tree, { root: path.resolve(dir), sourceFile: 'package-lock.json', pathSampleCap: 10 });
}

/**
 * The registry packages a yarn.lock pins, read from its text alone (not with
 * the reader under test): classic entries whose `resolved` is a registry
 * tarball of a name@range key, berry `resolution: "name@npm:version"` lines.
 */
export function pinnedRegistryPackages(lockfileText: string): string[] {
  const pinned = new Set<string>();
  if (/^__metadata:/m.test(lockfileText)) {
    for (const match of lockfileText.matchAll(/^ {2}resolution: "((?:@[^/"]+\/)?[^@"]+)@npm:([^":]+)"$/gm)) pinned.add(`${match[1]}@${match[2]}`);
    return [...pinned].sort();
  }
  for (const block of lockfileText.split(/\n\n+/)) {
    const key = /^"?((?:@[^/"]+\/)?[^@"]+)@([^",\n]+)/.exec(block);
    const resolved = /^ {2}resolved "([^"#]+)/m.exec(block);
    const version = /^ {2}version "([^"]+)"/m.exec(block);
    if (!key || !resolved?.[1] || !version?.[1] || /^https?:/.test(key[2] ?? '')) continue;
    const realName = /^npm:((?:@[^/]+\/)?[^@]+)@/.exec(key[2] ?? '')?.[1] ?? key[1];
    const layout = new URL(resolved[1]).pathname.match(/\/((?:@[^/]+\/)?[^/]+)\/-\//);
    if (layout?.[1] !== realName) continue;
    pinned.add(`${realName}@${version[1]}`);
  }
  return [...pinned].sort();
}
