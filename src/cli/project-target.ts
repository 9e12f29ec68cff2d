import { statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../model/errors.js';

export const LOCKFILE_HELP = 'the lockfile to read when the project has several (npm, pnpm, yarn or bun); a lockfile may also be given as the project argument';

/** The project folder a command works on, and the lockfile to read when the user named one. */
export interface ProjectTarget {
  dir: string;
  lockfile?: string;
}

/**
 * The project argument may be a folder or a lockfile (`deptrust scan
 * app/pnpm-lock.yaml`): a file names the lockfile and its folder is the
 * project. `--lockfile` names it too (relative to the project folder when it
 * is there, else to the working directory); both at once must agree.
 */
export function projectTarget(argument: string, lockfileFlag: string | undefined): ProjectTarget {
  const argumentIsFile = isFile(argument);
  const dir = argumentIsFile ? path.dirname(argument) : argument;
  let lockfile = argumentIsFile ? argument : undefined;
  if (lockfileFlag !== undefined) {
    const inProject = path.join(dir, lockfileFlag);
    const flagged = !path.isAbsolute(lockfileFlag) && isFile(inProject) ? inProject : lockfileFlag;
    if (lockfile !== undefined && path.resolve(lockfile) !== path.resolve(flagged)) {
      throw new UsageError(`--lockfile ${lockfileFlag} and the lockfile argument ${argument} name different files`);
    }
    lockfile = flagged;
  }
  return lockfile === undefined ? { dir } : { dir, lockfile };
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
