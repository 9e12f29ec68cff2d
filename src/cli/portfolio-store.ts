import { Option, type Command } from 'commander';
import type { PortfolioStore } from '../model/portfolio.js';
import type { Db } from '../store/db.js';
import type { StoreLocation } from '../store/open-portfolio-store.js';
import { databasePath } from './database-path.js';

export interface StoreFlags {
  store?: string;
  db?: string;
}

export function addStoreOption(command: Command): Command {
  return command.addOption(
    new Option('--store <url>', 'portfolio store: postgres://user@host:port/db?sslmode=verify-full (password from PGPASSWORD or ~/.pgpass) or a SQLite file (default $DEPTRUST_STORE, the policy file\'s, or the local deptrust database)'),
  );
}

/** The store `--store` or `$DEPTRUST_STORE` names, if either does (then the policy file's is not needed). */
export function storeNamedOutsidePolicy(flags: StoreFlags, env: NodeJS.ProcessEnv): string | undefined {
  return flags.store ?? (env['DEPTRUST_STORE'] || undefined);
}

/** `--store`, else `$DEPTRUST_STORE`, else the policy file's `portfolio.store`, else the local deptrust database (SQLite). */
export async function storeLocation(flags: StoreFlags, policyStore: string | undefined, io: { env: NodeJS.ProcessEnv; cwd(): string }): Promise<StoreLocation> {
  const env = io.env;
  const { parseStoreLocation } = await import('../store/open-portfolio-store.js');
  const named = storeNamedOutsidePolicy(flags, env) ?? policyStore;
  return named === undefined ? { kind: 'sqlite', file: databasePath(flags.db, env) } : parseStoreLocation(named, io.cwd());
}

/** Opens the store (sharing `shared`, the advisory database already open, when it is the same SQLite file). */
export async function openStore(location: StoreLocation, env: NodeJS.ProcessEnv, shared?: { file: string; db: Db }): Promise<PortfolioStore> {
  return (await storeOpener(location, env, shared))();
}

/** The store's driver loaded, and what opens the store (see portfolioStoreOpener). */
export async function storeOpener(location: StoreLocation, env: NodeJS.ProcessEnv, shared?: { file: string; db: Db }): Promise<() => Promise<PortfolioStore>> {
  const { portfolioStoreOpener } = await import('../store/open-portfolio-store.js');
  return portfolioStoreOpener(location, env, shared);
}
