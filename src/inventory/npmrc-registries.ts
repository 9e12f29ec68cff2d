import { existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'ini';
import { readProjectFile } from './parse-json-file.js';
import type { RegistryFor } from './yarn-berry-lockfile.js';

/** npm's and pnpm's default registry. */
const DEFAULT_REGISTRY = 'https://registry.npmjs.org/';

/**
 * The registry pnpm fetches each package from, from the project's `.npmrc`
 * (where pnpm reads its registry settings): `@scope:registry`, else
 * `registry`, else npm's default. pnpm's lockfile records only the name,
 * version and integrity of a registry package, so this is where its tarball
 * URL comes from. A value that depends on the environment (`${VAR}`) and
 * the user's own configuration (~/.npmrc, npm_config_* variables) are not
 * the project's: such a setting leaves the URL unknown rather than guessed.
 */
export function readNpmrcRegistries(projectRoot: string): RegistryFor {
  const file = path.join(projectRoot, '.npmrc');
  let settings: Record<string, unknown> = {};
  // ini reads any text (a line it cannot read is skipped), as npm and pnpm do.
  if (existsSync(file)) settings = parse(readProjectFile(file));
  const fallback = registryOf(settings['registry']);
  return (packageName) => {
    const scope = packageName.startsWith('@') ? packageName.slice(0, packageName.indexOf('/')) : undefined;
    const scoped = scope === undefined ? undefined : settings[`${scope}:registry`];
    return scoped === undefined ? fallback : registryOf(scoped);
  };
}

function registryOf(value: unknown): string | undefined {
  if (value === undefined) return DEFAULT_REGISTRY;
  return typeof value === 'string' && /^https?:\/\/[^$\s]+$/i.test(value) ? value : undefined;
}
