import type { AdvisoryProvider } from '../advisories/providers.js';
import { parsePackageQuery } from '../inventory/find-components.js';
import type { PortfolioStore, ProjectAudit, WhoRow } from '../model/portfolio.js';
import type { FailOn } from '../policy/evaluate-policy.js';
import { auditPortfolio } from '../portfolio/audit.js';
import { whoShips } from '../portfolio/who.js';

/** `portfolio who <name>[@range]`: the query as parsed, and every latest record's matching component. */
export async function whoShipsPackage(store: PortfolioStore, packageText: string): Promise<{ query: { name: string; range?: string }; rows: WhoRow[] }> {
  const query = parsePackageQuery(packageText);
  return { query, rows: whoShips(await store.who(query.name), query) };
}

/** `portfolio audit`: every latest record matched against the provider's advisories. */
export async function auditRecordedPortfolio(store: PortfolioStore, provider: AdvisoryProvider, failOn: FailOn, onProgress?: (done: number, total: number) => void): Promise<ProjectAudit[]> {
  return auditPortfolio(store, { recordsFor: (packages) => provider.recordsFor(packages), failOn, ...(onProgress ? { onProgress } : {}) });
}
