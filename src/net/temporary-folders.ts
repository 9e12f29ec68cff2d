import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Folders this process created for downloads, removed when it is interrupted as well as when done. */
const live = new Set<string>();

/** A new folder under the system's temporary folder, remembered until `removeTemporaryFolder`. */
export function makeTemporaryFolder(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  live.add(dir);
  return dir;
}

export function removeTemporaryFolder(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  live.delete(dir);
}

/** Removes every folder still there: the CLI calls it on SIGINT and SIGTERM, before exiting. */
export function removeAllTemporaryFolders(): void {
  for (const dir of [...live]) removeTemporaryFolder(dir);
}
