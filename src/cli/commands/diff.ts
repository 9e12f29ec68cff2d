import { Command } from 'commander';
import type { CliContext } from '../context.js';
import { positiveInteger } from '../options.js';
import { DIFF_FORMATS, type DiffFormat } from '../../report/output-formats.js';
import { resolveOutputs, type OutputSpec } from '../output-specs.js';
import { renderEveryOutput, sharedReportOptions } from '../render-reports.js';
import { projectTarget } from '../project-target.js';
import { addOutputOptions, addScanOptions, prepareScan, type ScanFlags } from '../scan-setup.js';
import { ruleSummary } from '../../report/summary.js';
import { sideWarningText, warningText } from '../../report/warning-text.js';
import { sameWarning } from '../../model/warning.js';

interface DiffFlags extends ScanFlags {
  base: string;
  format: DiffFormat;
  output?: Array<OutputSpec<DiffFormat>>;
  reproducible?: boolean;
  maxRows?: number;
  wide?: boolean;
}

export function diffCommand(context: CliContext): Command {
  const command = new Command('diff')
    .description('what a change adds to the dependency tree and its risk; exit 1 only for policy violations the change introduces')
    .argument('[dir]', 'project directory or its lockfile', '.')
    .requiredOption('--base <git-ref|lockfile>', 'what to compare with: a lockfile (npm, pnpm, yarn or bun), or a git revision (the project folder as it was in that commit)')
    .option('--max-rows <n>', 'change rows in the table (the rest are counted)', positiveInteger)
    .option('--wide', 'the tables with every column whole, whatever the terminal width');
  return addScanOptions(addOutputOptions(command, DIFF_FORMATS), context.env).action(async (dir: string, flags: DiffFlags) => {
    const { diffProject } = await import('../../pipeline/diff-project.js');
    const { renderDiffOutput } = await import('../../report/output-formats.js');
    const outputs = resolveOutputs(flags.output, flags.format);
    const target = projectTarget(dir, flags.lockfile);
    const prepared = await prepareScan(target, flags, context);
    const { policy } = prepared;
    try {
      const report = await diffProject(target.dir, flags.base, { ...prepared.options, cwd: context.cwd(), policy });
      prepared.progress.finish();
      const { diff, base, head } = report;
      // A warning both sides have is said once, about the project.
      for (const warning of head.warnings) context.warn(sideWarningText(warning, 'head'));
      for (const warning of base.warnings) if (!head.warnings.some((other) => sameWarning(other, warning))) context.warn(sideWarningText(warning, 'base'));
      for (const warning of report.verdict.warnings) context.warn(warningText(warning));
      const input = { report, ...sharedReportOptions(flags, outputs, 'diff', context) };
      prepared.progress.phase('rendering the outputs');
      const rendered = await renderEveryOutput(outputs, (format, terminal) => renderDiffOutput(format, { ...input, ...terminal }), flags, context);
      prepared.progress.finish();
      context.writeOutputs(rendered);
      if (!report.verdict.passed) {
        context.info(`policy failed: this change introduces ${diff.violations.introduced.length} violation(s) (${ruleSummary(diff.violations.introduced)})`);
        context.setExitCode(1);
      }
    } finally {
      prepared.close();
    }
  });
}
