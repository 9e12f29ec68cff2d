import { Command } from 'commander';
import type { CliContext } from '../context.js';
import { positiveInteger } from '../options.js';
import { SCAN_FORMATS, type ScanFormat } from '../../report/output-formats.js';
import { resolveOutputs, type OutputSpec } from '../output-specs.js';
import { addOutputOptions, addScanOptions, prepareScan, type ScanFlags } from '../scan-setup.js';
import { ruleSummary } from '../../report/summary.js';

interface ScanCommandFlags extends ScanFlags {
  format: ScanFormat;
  output?: OutputSpec[];
  reproducible?: boolean;
  maxRows?: number;
}

export function scanCommand(context: CliContext): Command {
  const command = new Command('scan')
    .description('find known advisories in every component; exit 1 when the policy fails')
    .argument('[dir]', 'project directory', '.')
    .option('--max-rows <n>', 'rows in the table (the rest are counted)', positiveInteger);
  return addScanOptions(addOutputOptions(command, SCAN_FORMATS)).action(async (dir: string, flags: ScanCommandFlags) => {
    const { renderScanOutput } = await import('../../report/output-formats.js');
    const { scanProject } = await import('../../pipeline/scan-project.js');
    const { evaluatePolicy } = await import('../../policy/evaluate-policy.js');
    const outputs = resolveOutputs(flags.output, flags.format);
    const prepared = await prepareScan(dir, flags, context);
    const { policy } = prepared;
    try {
      const result = await scanProject(dir, prepared.options);
      for (const warning of result.warnings) context.warn(warning);
      const verdict = evaluatePolicy(result, policy, context.now());
      for (const warning of verdict.warnings) context.warn(warning);
      const input = {
        result,
        verdict,
        policy: { failOn: policy.failOn.severity, file: policy.file ?? null },
        tool: { name: 'deptrust', version: context.version },
        now: context.now,
        reproducible: flags.reproducible === true,
        maxPaths: flags.maxPaths,
        ...(flags.maxRows ? { maxRows: flags.maxRows } : {}),
      };
      // Every output is rendered (and the SBOM validated) before any is written.
      const rendered: Array<{ file: string | undefined; content: string }> = [];
      for (const { format, file } of outputs) rendered.push({ file, content: await renderScanOutput(format, input) });
      context.writeOutputs(rendered);
      if (!verdict.passed) {
        context.info(`policy failed: ${verdict.violations.length} violation(s) (${ruleSummary(verdict.violations)})`);
        context.setExitCode(1);
      }
    } finally {
      prepared.close();
    }
  });
}
