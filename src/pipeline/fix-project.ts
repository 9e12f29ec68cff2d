import type { FixPlan } from '../model/remediation.js';
import type { ScanResult } from '../model/scan-result.js';
import { buildFixPlan } from '../remediation/fix-plan.js';
import { refreshesAsOverrides } from './refreshes-as-overrides.js';
import { refreshesByOverride } from './relock-managers.js';
import { scanProject, type ScanOptions } from './scan-project.js';

/** `deptrust fix --dry-run`: the scan, and the plan that gathers its remediations into commands and overrides. */
export async function planFixes(projectDir: string, options: ScanOptions): Promise<{ result: ScanResult; plan: FixPlan }> {
  const result = await scanProject(projectDir, options);
  const built = buildFixPlan(result.remediations, new Map(result.inventory.components.map((c) => [c.id, c])));
  // bun's `bun update <name>` adds a transitive package to package.json: its refreshes are the overrides --apply writes.
  const plan = refreshesByOverride(result.inventory) ? refreshesAsOverrides(built, result) : built;
  return { result, plan };
}
