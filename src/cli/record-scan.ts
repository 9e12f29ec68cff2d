import { randomUUID } from 'node:crypto';
import type { PortfolioStore } from '../model/portfolio.js';
import type { ScanResult } from '../model/scan-result.js';
import { buildRecord } from '../portfolio/build-record.js';
import { recordWhere } from '../portfolio/record-context.js';
import type { CliContext } from './context.js';
import { terminalText } from '../report/terminal-text.js';

/** CI variables naming the branch of a detached checkout (GitHub Actions, GitLab CI). */
function ciBranch(env: NodeJS.ProcessEnv): string | undefined {
  return env['GITHUB_HEAD_REF'] || env['GITHUB_REF_NAME'] || env['CI_COMMIT_REF_NAME'] || undefined;
}

/** `scan --record`: the scan, its project identity, branch and commit, stored in the portfolio. */
export async function recordScan(store: PortfolioStore, result: ScanResult, verdict: { passed: boolean; violations: number }, context: CliContext, project: string | undefined): Promise<void> {
  const branch = ciBranch(process.env);
  const where = await recordWhere(result.inventory, { ...(project !== undefined ? { project } : {}), ...(branch !== undefined ? { ciBranch: branch } : {}) });
  const record = buildRecord(result, { id: randomUUID(), ...where, recordedAt: context.now(), toolVersion: context.version, verdict });
  await store.record(record);
  context.info(`recorded ${terminalText(where.project.key)} (${terminalText(where.branch)}, ${record.components.length} components) in ${store.description}`);
}
