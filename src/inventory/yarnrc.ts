import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseSyml } from '@yarnpkg/parsers';
import { ProjectError } from '../model/errors.js';
import { isRecord } from '../model/json.js';
import { readProjectFile } from './parse-json-file.js';
import type { RegistryFor } from './yarn-berry-lockfile.js';

/** yarn berry's default `npmRegistryServer`. */
const YARN_DEFAULT_REGISTRY = 'https://registry.yarnpkg.com';

/**
 * The registry yarn berry fetches each package from, from the project's
 * `.yarnrc.yml`: `npmScopes.<scope>.npmRegistryServer`, else
 * `npmRegistryServer`, else yarn's default. Berry's lockfile records only
 * `name@npm:version`, so this is where a tarball's host comes from.
 * (Environment overrides such as YARN_NPM_REGISTRY_SERVER and a home-folder
 * .yarnrc.yml are the user's, not the project's, and are not read.)
 */
export function readYarnRegistries(projectRoot: string): RegistryFor {
  const file = path.join(projectRoot, '.yarnrc.yml');
  if (!existsSync(file)) return () => YARN_DEFAULT_REGISTRY;
  let config: unknown;
  try {
    config = parseSyml(readProjectFile(file));
  } catch (error) {
    if (error instanceof ProjectError) throw error;
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ProjectError(`malformed ${file}: ${message}`, { cause: error });
  }
  const root = isRecord(config) ? config : {};
  const configured = serverOf(root);
  const fallback = configured === undefined ? YARN_DEFAULT_REGISTRY : (configured ?? undefined);
  const scopes = isRecord(root['npmScopes']) ? root['npmScopes'] : {};
  return (packageName) => {
    const scope = packageName.startsWith('@') ? scopes[packageName.slice(1, packageName.indexOf('/'))] : undefined;
    const scoped = isRecord(scope) ? serverOf(scope) : undefined;
    return scoped === undefined ? fallback : (scoped ?? undefined);
  };
}

/**
 * A server URL; yarn substitutes `${NAME:-default}` from the environment, of
 * which only the default is the project's. A setting that names no URL here
 * leaves the host unknown rather than guessed.
 */
function serverOf(settings: Record<string, unknown>): string | null | undefined {
  const server = settings['npmRegistryServer'];
  if (typeof server !== 'string') return undefined;
  const substituted = server.replace(/\$\{[A-Za-z0-9_]+:-([^}]*)\}/g, '$1');
  return /^https?:\/\/[^$]+$/i.test(substituted) ? substituted : null;
}
