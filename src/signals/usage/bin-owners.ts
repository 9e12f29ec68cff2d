import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Bins whose names differ from their package's, for when the package is not
 * installed and its package.json `bin` cannot be read. The installed
 * manifests decide when present; this is only the fallback.
 */
const WELL_KNOWN_BINS: Readonly<Record<string, readonly string[]>> = {
  tsc: ['typescript'],
  tsserver: ['typescript'],
  ng: ['@angular/cli'],
  nest: ['@nestjs/cli'],
  babel: ['@babel/cli', 'babel-cli'],
  'babel-node': ['@babel/node', 'babel-cli'],
  _mocha: ['mocha'],
  tsnd: ['ts-node-dev'],
  'ts-node-esm': ['ts-node'],
  'run-p': ['npm-run-all', 'npm-run-all2'],
  'run-s': ['npm-run-all', 'npm-run-all2'],
  'pm2-runtime': ['pm2'],
  'pm2-docker': ['pm2'],
  'pm2-dev': ['pm2'],
  'cross-env-shell': ['cross-env'],
  dotenv: ['dotenv-cli'],
  'dotenv-flow': ['dotenv-flow-cli'],
  sequelize: ['sequelize-cli'],
  'sequelize-cli': ['sequelize-cli'],
  commitlint: ['@commitlint/cli'],
  playwright: ['@playwright/test', 'playwright'],
  'vue-cli-service': ['@vue/cli-service'],
  'react-scripts': ['react-scripts'],
  'openapi-generator-cli': ['@openapitools/openapi-generator-cli'],
  'swagger-cli': ['@apidevtools/swagger-cli'],
  'graphql-codegen': ['@graphql-codegen/cli'],
  gql: ['@graphql-codegen/cli'],
  'lerna': ['lerna'],
  'changeset': ['@changesets/cli'],
  'biome': ['@biomejs/biome'],
  'ncu': ['npm-check-updates'],
  'stryker': ['@stryker-mutator/core'],
  'swc': ['@swc/cli'],
  'esbuild': ['esbuild'],
  'tsup': ['tsup'],
  'vite-node': ['vite-node', 'vitest'],
  'oxlint': ['oxlint'],
  'tsc-alias': ['tsc-alias'],
  'copyfiles': ['copyfiles'],
  'copyup': ['copyfiles'],
  'semantic-release': ['semantic-release'],
  'knex': ['knex'],
  'typeorm': ['typeorm'],
  'typeorm-ts-node-commonjs': ['typeorm'],
  'typeorm-ts-node-esm': ['typeorm'],
  'prisma': ['prisma'],
  'mikro-orm': ['@mikro-orm/cli'],
  'node-pg-migrate': ['node-pg-migrate'],
  'migrate-mongo': ['migrate-mongo'],
  'db-migrate': ['db-migrate'],
  'newman': ['newman'],
  'artillery': ['artillery'],
};

/** Bin name → the declared packages that provide it. */
export type BinOwners = ReadonlyMap<string, readonly string[]>;

/**
 * The bins of the declared packages: each package.json `bin` under the
 * project's node_modules (and each workspace's), else a package's own name
 * (its unscoped name for a scoped one, npm's default for `bin` as a string)
 * and the well-known names above.
 */
export function binOwners(projectRoot: string, folders: readonly string[], declared: ReadonlySet<string>): BinOwners {
  const owners = new Map<string, Set<string>>();
  const add = (bin: string, owner: string): void => {
    const set = owners.get(bin) ?? new Set<string>();
    set.add(owner);
    owners.set(bin, set);
  };
  for (const name of declared) {
    add(name, name);
    // npm's default bin name for a scoped package is its unscoped name; type packages have none.
    if (name.startsWith('@') && !name.startsWith('@types/')) add(name.slice(name.indexOf('/') + 1), name);
    for (const folder of folders) {
      const bins = installedBins(path.join(projectRoot, folder, 'node_modules', name, 'package.json'), name);
      for (const bin of bins) add(bin, name);
    }
  }
  for (const [bin, packages] of Object.entries(WELL_KNOWN_BINS)) for (const owner of packages) if (declared.has(owner)) add(bin, owner);
  return new Map([...owners].map(([bin, set]) => [bin, [...set].sort()]));
}

function installedBins(manifestPath: string, name: string): string[] {
  let manifest: unknown;
  try {
    // Only a regular file: a FIFO would block the read for ever.
    if (!statSync(manifestPath).isFile()) return [];
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch {
    return [];
  }
  if (!manifest || typeof manifest !== 'object' || !('bin' in manifest)) return [];
  const { bin } = manifest;
  if (typeof bin === 'string') return [name.startsWith('@') ? name.slice(name.indexOf('/') + 1) : name];
  if (bin && typeof bin === 'object') return Object.keys(bin);
  return [];
}
