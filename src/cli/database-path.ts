import { databasePath as databasePathIn } from '../pipeline/database-path.js';

/** The database `--db` names, in this process's environment (the library's rule, docs/advisories.md). */
export function databasePath(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return databasePathIn(flag, env);
}

/** `--db` help: what it holds and the path it defaults to here and now (`$DEPTRUST_DB` and `$XDG_CACHE_HOME` honoured). */
export function databaseOptionHelp(what: string, env: NodeJS.ProcessEnv): string {
  const from = env['DEPTRUST_DB'] ? '$DEPTRUST_DB' : env['XDG_CACHE_HOME'] ? '$XDG_CACHE_HOME/deptrust/deptrust.db' : '~/.cache/deptrust/deptrust.db';
  return `${what} (default: ${databasePath(undefined, env)}, from ${from})`;
}
