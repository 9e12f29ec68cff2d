import { parsePackageQuery } from '../inventory/find-components.js';
import type { PortfolioStore, WhoRow } from '../model/portfolio.js';
import { whoShips } from '../portfolio/who.js';

/** `portfolio who <name>[@range]`: the query as parsed, and every latest record's matching component. */
export async function whoShipsPackage(store: PortfolioStore, packageText: string): Promise<{ query: { name: string; range?: string }; rows: WhoRow[] }> {
  const query = parsePackageQuery(packageText);
  return { query, rows: whoShips(await store.who(query.name), query) };
}
