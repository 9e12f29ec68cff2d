import path from 'node:path';
import { UsageError } from '../model/errors.js';
import type { PortfolioStore } from '../model/portfolio.js';
import type { Db } from './db.js';

/** Where the portfolio lives: a PostgreSQL server, or a SQLite file. */
export type StoreLocation = { kind: 'postgres'; url: string } | { kind: 'sqlite'; file: string };

/**
 * Reads a store URL: `postgres://` or `postgresql://` for PostgreSQL,
 * `sqlite:<file>` or a plain path for SQLite. Other schemes are refused
 * rather than taken for a file name.
 */
export function parseStoreLocation(value: string, cwd: string): StoreLocation {
  if (/^postgres(ql)?:\/\//i.test(value)) return { kind: 'postgres', url: value };
  // `postgres:db` or `postgresql:/db` is a PostgreSQL URL mistyped, not a SQLite file to create in the working folder
  // (the records would land there, and the server would never see them); an empty value names nothing.
  if (/^postgres(ql)?:/i.test(value)) throw new UsageError(`the portfolio store ${JSON.stringify(value)} is not a PostgreSQL URL: expected postgres://user@host:port/db`);
  if (value.trim() === '') throw new UsageError('the portfolio store is empty: expected postgres://… or a SQLite file');
  if (/^sqlite:/i.test(value)) {
    const file = value.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!file) throw new UsageError('the portfolio store "sqlite:" names no file');
    return { kind: 'sqlite', file: path.resolve(cwd, file) };
  }
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(value)) throw new UsageError(`unknown portfolio store ${JSON.stringify(value.split(':')[0])}: expected postgres://… or a SQLite file`);
  return { kind: 'sqlite', file: path.resolve(cwd, value) };
}

/**
 * Opens the store and brings its schema up to date. A SQLite store that is
 * the database already open (`shared`) is used through that connection.
 */
export async function openPortfolioStore(location: StoreLocation, env: Readonly<Record<string, string | undefined>>, shared?: { file: string; db: Db }): Promise<PortfolioStore> {
  return (await portfolioStoreOpener(location, env, shared))();
}

/**
 * Loads the store's driver (node-postgres, or better-sqlite3) and returns
 * what opens the store. A caller that has modules of its own to load does so
 * after calling it, while PostgreSQL answers the connection.
 */
export async function portfolioStoreOpener(
  location: StoreLocation,
  env: Readonly<Record<string, string | undefined>>,
  shared?: { file: string; db: Db },
): Promise<() => Promise<PortfolioStore>> {
  if (location.kind === 'postgres') {
    // pg loads only for a PostgreSQL store.
    const { PostgresPortfolioStore } = await import('./postgres-portfolio-store.js');
    await PostgresPortfolioStore.loadDriver();
    return () => PostgresPortfolioStore.open(location.url, env);
  }
  const { SqlitePortfolioStore } = await import('./sqlite-portfolio-store.js');
  if (shared && path.resolve(shared.file) === location.file) return async () => SqlitePortfolioStore.over(shared.db, `SQLite ${location.file}`);
  return async () => SqlitePortfolioStore.open(location.file);
}
