import { parsePackageQuery } from '../inventory/find-components.js';
import type { WhoRow } from '../model/portfolio.js';
import { whoShips } from '../portfolio/who.js';

/**
 * `portfolio who <name>[@range]`: the query as parsed, and those of `rows`
 * (the store's rows of the query's name) whose version is in its range.
 */
export function whoShipsPackage(rows: readonly WhoRow[], packageText: string): { query: { name: string; range?: string }; rows: WhoRow[] } {
  const query = parsePackageQuery(packageText);
  return { query, rows: whoShips(rows, query) };
}
