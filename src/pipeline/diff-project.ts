import type { Inventory } from '../model/component.js';
import type { Policy } from '../model/policy.js';
import type { ScanResult } from '../model/scan-result.js';
import { compareScans } from '../diff/compare-scans.js';
import { evaluatePolicy } from '../policy/evaluate-policy.js';
import { makeTemporaryFolder, removeTemporaryFolder } from '../net/temporary-folders.js';
import { readRegistryOptions, registryHost } from '../signals/npm-config.js';
import type { DiffReport } from '../report/diff-input.js';
import { scanProject, type ScanOptions } from './scan-project.js';

/** Both sides of a `deptrust diff`: the base and the change, scanned alike. */
export interface DiffScans {
  base: ScanResult;
  head: ScanResult;
  baseLabel: string;
  /** False when the base had no lockfile (its tree is empty). */
  baseHadLockfile: boolean;
}

export interface DiffOptions extends ScanOptions {
  /** Where a relative lockfile path or a git revision is resolved from. */
  cwd: string;
  policy: Policy;
}

/**
 * `deptrust diff`: both sides scanned, both judged by the same policy (so
 * that what the base already broke is told apart from what the change
 * adds), and compared.
 */
export async function diffProject(projectDir: string, base: string, options: DiffOptions): Promise<DiffReport> {
  const { policy, ...scanOptions } = options;
  const scans = await scanBaseAndHead(projectDir, base, scanOptions);
  const verdict = evaluatePolicy(scans.head, policy, options.now());
  const baseVerdict = evaluatePolicy(scans.base, policy, options.now());
  // Registry packages without a resolved URL come from the registry npm is configured with for the project.
  const configured = registryHost(readRegistryOptions(scans.head.inventory.root, options.registry?.env ?? {}));
  const diff = compareScans(scans.base, scans.head, { base: baseVerdict.violations, head: verdict.violations }, { registryHost: configured });
  return {
    diff,
    base: scans.base,
    head: scans.head,
    baseLabel: scans.baseLabel,
    baseHadLockfile: scans.baseHadLockfile,
    verdict: { passed: diff.violations.introduced.length === 0, failOn: policy.failOn.severity, policyFile: policy.file ?? null, warnings: verdict.warnings },
  };
}

/**
 * Scans the project, then its base (a git revision or a lockfile, rebuilt in
 * a temporary folder that is always removed) with the same advisories,
 * registry data and options.
 */
export async function scanBaseAndHead(projectDir: string, base: string, options: ScanOptions & { cwd: string }): Promise<DiffScans> {
  const { snapshotBase } = await import('../inventory/base-snapshot.js');
  // Made through the process's registry of temporary folders: an interrupted diff removes it too.
  const folders = { make: makeTemporaryFolder, remove: removeTemporaryFolder };
  const snapshot = await snapshotBase(projectDir, base, options.cwd, { folders, ...(options.lockfile === undefined ? {} : { headLockfile: options.lockfile }) });
  try {
    const head = await scanProject(projectDir, options);
    const baseOptions: ScanOptions = { ...options, ...(snapshot.sourceDir ? { sourceDir: snapshot.sourceDir } : {}) };
    // The base has its own lockfile (maybe another manager's: a move from npm to pnpm is a common change).
    if (snapshot.lockfile) baseOptions.lockfile = snapshot.lockfile;
    else delete baseOptions.lockfile;
    if (!snapshot.hasLockfile) baseOptions.inventory = emptyInventory(snapshot.dir, head.inventory);
    const baseResult = await scanProject(snapshot.dir, baseOptions);
    // The base's own warnings (the reporters say they are the base's) and the snapshot's.
    baseResult.warnings = [...snapshot.warnings, ...baseResult.warnings];
    return { base: baseResult, head, baseLabel: snapshot.label, baseHadLockfile: snapshot.hasLockfile };
  } finally {
    snapshot.dispose();
  }
}

function emptyInventory(root: string, like: Inventory): Inventory {
  return { root, project: like.project, sourceFile: like.sourceFile, components: [], edges: [], paths: new Map(), workspaces: [], warnings: [] };
}
