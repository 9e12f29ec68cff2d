import path from 'node:path';

/**
 * The environment a spawned deptrust (or npm) gets in tests: none of the
 * user's. `home` stands for the user's home folder, so the default database
 * (`$XDG_CACHE_HOME/deptrust/deptrust.db`), npm's user and global config and
 * npm's cache are all inside it, and nothing is inherited from the test
 * runner's environment but PATH (to find git and npm) and TMPDIR.
 * The registry points at a closed local port: a test that wants registry
 * data serves it (test/helpers/http-server.ts), one that needs none passes
 * `--no-registry`.
 */
export function cleanEnv(home: string, inherited: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {
    HOME: home,
    USERPROFILE: home,
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    npm_config_userconfig: path.join(home, '.npmrc'),
    npm_config_globalconfig: path.join(home, 'global-npmrc'),
    npm_config_cache: path.join(home, '.npm'),
    npm_config_registry: 'http://127.0.0.1:9/',
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    GIT_CONFIG_NOSYSTEM: '1',
    NO_COLOR: '1',
  };
  if (inherited['PATH'] !== undefined) env['PATH'] = inherited['PATH'];
  if (inherited['TMPDIR'] !== undefined) env['TMPDIR'] = inherited['TMPDIR'];
  return env;
}
