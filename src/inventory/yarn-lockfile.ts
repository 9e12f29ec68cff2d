import { ProjectError } from '../model/errors.js';
import type { RawTree } from './raw-tree.js';

/**
 * yarn.lock (classic and berry). Its reader is being written (issue 10);
 * until it lands, a yarn project is refused by name rather than read wrongly
 * or passed over for node_modules.
 */
export async function readYarnLockfile(_projectRoot: string, lockfilePath: string): Promise<RawTree> {
  throw new ProjectError(`${lockfilePath}: yarn.lock is not supported yet (deptrust reads npm, pnpm and bun lockfiles)`);
}
