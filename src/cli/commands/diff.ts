import { Command } from 'commander';
import type { CliContext } from '../context.js';
import { positiveInteger } from '../options.js';
import { DIFF_FORMATS, fullReportLocation, resolveOutputs, type DiffFormat, type OutputSpec } from '../output-specs.js';
import { addOutputOptions, addScanOptions, prepareScan, type ScanFlags } from '../scan-setup.js';
import { ruleSummary } from '../../report/summary.js';

interface DiffFlags extends ScanFlags {
  base: string;
  format: DiffFormat;
  output?: Array<OutputSpec<DiffFormat>>;
  reproducible?: boolean;
  maxRows?: number;
}

export function diffCommand(context: CliContext): Command {
  const command = new Command('diff')
    .description('what a change adds to the dependency tree and its risk; exit 1 only for policy violations the change introduces')
    .argument('[dir]', 'project directory', '.')
    .requiredOption('--base <git-ref|lockfile>', 'what to compare with: a lockfile, or a git revision (the project folder as it was in that commit)')
    .option('--max-rows <n>', 'change rows in the table (the rest are counted)', positiveInteger);
  return addScanOptions(addOutputOptions(command, DIFF_FORMATS)).action(async (dir: string, flags: DiffFlags) => {
    const { compareScans, scanBaseAndHead } = await import('../../scan.js');
    const { evaluatePolicy } = await import('../../policy/evaluate-policy.js');
    const { renderDiffJson } = await import('../../report/diff-json.js');
    const { renderDiffMarkdown } = await import('../../report/diff-markdown.js');
    const { renderDiffTable } = await import('../../report/diff-table.js');
    const { renderSarif } = await import('../../report/sarif.js');
    const outputs = resolveOutputs(flags.output, flags.format);
    const prepared = await prepareScan(dir, flags, context);
    const { policy } = prepared;
    try {
      const scans = await scanBaseAndHead(dir, flags.base, { ...prepared.options, cwd: process.cwd() });
      const headWarnings = new Set(scans.head.warnings);
      for (const warning of scans.head.warnings) context.warn(warning);
      for (const warning of scans.base.warnings) if (!headWarnings.has(warning.replace(/^base: /, ''))) context.warn(warning);
      const verdict = evaluatePolicy(scans.head, policy, context.now());
      for (const warning of verdict.warnings) context.warn(warning);
      // The base is judged by the same policy, so that what it already broke is told apart from what the change adds.
      const baseVerdict = evaluatePolicy(scans.base, policy, context.now());
      const diff = compareScans(scans.base, scans.head, { base: baseVerdict.violations, head: verdict.violations });
      const report = {
        diff,
        base: scans.base,
        head: scans.head,
        baseLabel: scans.baseLabel,
        baseHadLockfile: scans.baseHadLockfile,
        verdict: { passed: diff.violations.introduced.length === 0, failOn: policy.failOn.severity, policyFile: policy.file ?? null, warnings: verdict.warnings },
      };
      const tool = { name: 'deptrust', version: context.version };
      const rendered = outputs.map(({ format, file }) => {
        let content: string;
        if (format === 'json') content = renderDiffJson(report, { tool, maxPaths: flags.maxPaths, ...(flags.reproducible ? {} : { generatedAt: context.now() }) });
        else if (format === 'markdown') {
          const fullReport = fullReportLocation(outputs, 'diff');
          content = renderDiffMarkdown(report, fullReport ? { fullReport } : {});
        }
        // Code scanning shows what the change introduces, so only new findings and signals become results.
        else if (format === 'sarif') content = renderSarif(scans.head, { tool, findings: diff.findings.introduced, signals: diff.signals.introduced, policyViolations: diff.violations.introduced });
        else content = renderDiffTable(report, flags.maxRows ? { maxRows: flags.maxRows } : {});
        return { file, content };
      });
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
