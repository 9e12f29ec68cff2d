import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'ini';
import { isRegularFile } from '../files/read-input-file.js';

/** npm's flattened options for npm-registry-fetch: registry, `@scope:registry`, `//host/:_authToken`, proxies and TLS, fetch-timeout and fetch-retries. */
export type RegistryOptions = Record<string, string>;

const KEPT = /^(registry|@[^:]+:registry|\/\/.+:(_authToken|_auth|_password|username|certfile|keyfile)|proxy|https-proxy|noproxy|strict-ssl|cafile|ca|fetch-timeout|fetch-retries)$/;

/**
 * The registry settings of the user's npm configuration, in npm's order of
 * precedence (lowest first): the user file (`$npm_config_userconfig` or
 * `~/.npmrc`), the project's `.npmrc`, then `npm_config_*` environment
 * variables. `${VAR}` references are expanded as npm does.
 */
export function readRegistryOptions(projectDir: string, env: Readonly<Record<string, string | undefined>>): RegistryOptions {
  const options: RegistryOptions = { registry: 'https://registry.npmjs.org/' };
  const files = [env['npm_config_userconfig'] ?? path.join(os.homedir(), '.npmrc'), path.join(path.resolve(projectDir), '.npmrc')];
  for (const file of files) {
    if (!isRegularFile(file)) continue;
    let parsed: Record<string, unknown>;
    try {
      parsed = parse(readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    for (const [key, value] of Object.entries(parsed)) {
      if (KEPT.test(key) && (typeof value === 'string' || typeof value === 'boolean')) options[key] = expand(String(value), env);
      // `ca[]=...` lines (npm's way of trusting several certificates) are one PEM bundle.
      else if (key === 'ca' && Array.isArray(value)) options[key] = value.map((cert) => expand(String(cert), env)).join('\n');
    }
  }
  for (const [key, value] of Object.entries(env)) {
    const match = /^npm_config_(.+)$/i.exec(key);
    const name = match?.[1]?.toLowerCase().replaceAll('_', '-');
    if (name && value !== undefined && KEPT.test(name)) options[name] = value;
  }
  // npm's documented form of `ca`: one line, newlines written as "\n".
  if (options['ca']) options['ca'] = options['ca'].replaceAll('\\n', '\n');
  if (!options['registry']?.endsWith('/')) options['registry'] = `${options['registry'] ?? ''}/`;
  return options;
}

/** The registry npm would use for this name: `@scope:registry` for a scoped package, else `registry`. */
export function registryFor(name: string, npm: RegistryOptions): string {
  const scope = name.startsWith('@') ? name.slice(0, name.indexOf('/')) : undefined;
  return (scope && npm[`${scope}:registry`]) || npm['registry'] || 'https://registry.npmjs.org/';
}

export function registryHost(options: RegistryOptions): string {
  try {
    return new URL(options['registry'] ?? 'https://registry.npmjs.org/').host;
  } catch {
    return 'registry.npmjs.org';
  }
}

function expand(value: string, env: Readonly<Record<string, string | undefined>>): string {
  return value.replace(/\$\{([^}]+)\}/g, (_, name: string) => env[name] ?? '');
}
