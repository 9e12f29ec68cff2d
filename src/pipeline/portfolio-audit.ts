import type { AdvisoryProvider } from '../advisories/providers.js';
import type { OsvRecord } from '../model/advisory.js';
import type { PortfolioStore, ProjectAudit } from '../model/portfolio.js';
import type { FailOn } from '../policy/evaluate-policy.js';
import { auditPortfolio } from '../portfolio/audit.js';

/** `portfolio audit`: every latest record matched against the provider's advisories, each record's ignore rules applied at `now`. */
export async function auditRecordedPortfolio(store: PortfolioStore, provider: AdvisoryProvider, failOn: FailOn, now: Date, onProgress?: (stage: string) => void): Promise<ProjectAudit[]> {
  return auditPortfolio(store, {
    recordsFor: (packages) => provider.recordsFor(packages),
    // As the scan: the ratings computed at import, when the provider kept them.
    ratingsOf: (record: OsvRecord) => provider.ratingsOf?.(record),
    failOn,
    now,
    ...(onProgress ? { onProgress } : {}),
  });
}
