import os from 'node:os';
import path from 'node:path';

/** `--db`, else `$DEPTRUST_DB`, else `${XDG_CACHE_HOME:-~/.cache}/deptrust/deptrust.db` (docs/advisories.md, "The local database"). */
export function databasePath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return path.resolve(flag);
  if (env['DEPTRUST_DB']) return path.resolve(env['DEPTRUST_DB']);
  const cache = env['XDG_CACHE_HOME'] || path.join(os.homedir(), '.cache');
  return path.join(cache, 'deptrust', 'deptrust.db');
}

/** `--db` help: what it holds and the path it defaults to here and now (`$DEPTRUST_DB` and `$XDG_CACHE_HOME` honoured). */
export function databaseOptionHelp(what: string, env: NodeJS.ProcessEnv = process.env): string {
  const from = env['DEPTRUST_DB'] ? '$DEPTRUST_DB' : env['XDG_CACHE_HOME'] ? '$XDG_CACHE_HOME/deptrust/deptrust.db' : '~/.cache/deptrust/deptrust.db';
  return `${what} (default: ${databasePath(undefined, env)}, from ${from})`;
}
