import { randomUUID } from 'node:crypto';
import type { PortfolioStore } from '../model/portfolio.js';
import type { IgnoreRule } from '../model/policy.js';
import type { ScanResult } from '../model/scan-result.js';
import { recordScan as recordInStore } from '../pipeline/record-scan.js';
import { neutralizeControls } from '../report/control-characters.js';
import type { CliContext } from './context.js';

/** CI variables naming the branch of a detached checkout (GitHub Actions, GitLab CI). */
function ciBranch(env: NodeJS.ProcessEnv): string | undefined {
  return env['GITHUB_HEAD_REF'] || env['GITHUB_REF_NAME'] || env['CI_COMMIT_REF_NAME'] || undefined;
}

/** `scan --record`: stores the scan and says where, on stderr. */
export async function recordScan(
  store: PortfolioStore,
  result: ScanResult,
  verdict: { passed: boolean; violations: number },
  ignore: readonly IgnoreRule[],
  context: CliContext,
  project: string | undefined,
): Promise<void> {
  const branch = ciBranch(context.env);
  const record = await recordInStore(store, result, {
    id: randomUUID(),
    now: context.now(),
    toolVersion: context.version,
    verdict,
    ignore,
    ...(project !== undefined ? { project } : {}),
    ...(branch !== undefined ? { ciBranch: branch } : {}),
  });
  context.info(`recorded ${neutralizeControls(record.project.key)} (${neutralizeControls(record.branch)}, ${record.components.length} components) in ${store.description}`);
}
