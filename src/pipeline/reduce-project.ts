import type { ReduceReport } from '../model/reduce.js';
import type { ScanResult } from '../model/scan-result.js';
import { buildReduceReport } from '../reduce/reduce-report.js';
import { loadE18eReplacements } from '../reduce/e18e-replacements.js';
import { scanProject, type ScanOptions } from './scan-project.js';

/** `deptrust reduce`: the scan, and what each direct dependency costs in packages, advisories and install scripts. */
export async function reduceProject(projectDir: string, options: ScanOptions): Promise<{ result: ScanResult; report: ReduceReport }> {
  const [result, replacements] = await Promise.all([scanProject(projectDir, options), loadE18eReplacements()]);
  return { result, report: buildReduceReport(result, replacements) };
}
