import path from 'node:path';
import { readGitContext } from '../inventory/git-context.js';
import type { PortfolioRecord, PortfolioStore } from '../model/portfolio.js';
import type { IgnoreRule } from '../model/policy.js';
import type { ScanResult } from '../model/scan-result.js';
import { buildRecord } from '../portfolio/build-record.js';
import { projectIdentity } from '../portfolio/project-identity.js';

/** Branch name of a record made outside any branch (detached HEAD without a CI variable, or no git). */
export const NO_BRANCH = '(none)';

export interface RecordOptions {
  id: string;
  now: Date;
  toolVersion: string;
  verdict: { passed: boolean; violations: number };
  /** The ignore rules of the policy the scan applied: `portfolio audit` applies them to this record as the scan did. */
  ignore: readonly IgnoreRule[];
  /** `--project <name>`: replaces the identity from package.json, git remote and folder. */
  project?: string;
  /** The CI's branch variable, for a detached checkout. */
  ciBranch?: string;
}

/**
 * `scan --record`: who and where the scan is (package.json name, git remote
 * stripped of credentials, folder in the repository, branch, commit) and what
 * it found, stored in the portfolio. Returns the record stored.
 */
export async function recordScan(store: PortfolioStore, result: ScanResult, options: RecordOptions): Promise<PortfolioRecord> {
  const git = await readGitContext(result.inventory.root);
  const project = projectIdentity({
    packageName: result.inventory.project.name,
    folderName: path.basename(result.inventory.root),
    folder: git.folder,
    ...(git.remote !== undefined ? { remote: git.remote } : {}),
    ...(options.project !== undefined ? { override: options.project } : {}),
  });
  const record = buildRecord(result, {
    id: options.id,
    project,
    branch: git.branch ?? options.ciBranch ?? NO_BRANCH,
    ...(git.commit !== undefined ? { commit: git.commit } : {}),
    recordedAt: options.now,
    toolVersion: options.toolVersion,
    verdict: options.verdict,
    ignore: options.ignore,
  });
  await store.record(record);
  return record;
}
