import os from 'node:os';
import path from 'node:path';

/** `--db`, else `$DEPTRUST_DB`, else `${XDG_CACHE_HOME:-~/.cache}/deptrust/deptrust.db` (docs/advisories.md, "The local database"). */
export function databasePath(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  if (flag) return path.resolve(flag);
  if (env['DEPTRUST_DB']) return path.resolve(env['DEPTRUST_DB']);
  const cache = env['XDG_CACHE_HOME'] || path.join(os.homedir(), '.cache');
  return path.join(cache, 'deptrust', 'deptrust.db');
}
