import type { FixPlan } from '../model/remediation.js';
import type { ScanResult } from '../model/scan-result.js';
import { buildFixPlan } from '../remediation/fix-plan.js';
import { scanProject, type ScanOptions } from './scan-project.js';

/** `deptrust fix --dry-run`: the scan, and the plan that gathers its remediations into commands and overrides. */
export async function planFixes(projectDir: string, options: ScanOptions): Promise<{ result: ScanResult; plan: FixPlan }> {
  const result = await scanProject(projectDir, options);
  const plan = buildFixPlan(result.remediations, new Map(result.inventory.components.map((c) => [c.id, c])));
  return { result, plan };
}
