import { Command, Option } from 'commander';
import { UsageError } from '../../model/errors.js';
import type { CliContext } from '../context.js';
import { choice } from '../options.js';
import { projectTarget } from '../project-target.js';
import { addScanOptions, prepareScan, type ScanFlags } from '../scan-setup.js';
import { warningText } from '../../report/warning-text.js';

interface FixFlags extends ScanFlags {
  dryRun?: boolean;
  format: 'table' | 'json';
  output?: string;
}

export function fixCommand(context: CliContext): Command {
  const command = new Command('fix')
    .description('the remediation plan for every vulnerable component: lockfile refreshes, direct upgrades, overrides (--dry-run: prints it, changes nothing)')
    .argument('[dir]', 'project directory or its lockfile', '.')
    .option('--dry-run', 'print the plan; required: deptrust never edits package.json or the lockfile')
    .addOption(new Option('--format <format>', 'table or json').argParser(choice(['table', 'json'] as const)).default('table'))
    .option('-o, --output <file>', 'write the plan to a file (atomically) instead of stdout');
  return addScanOptions(command).action(async (dir: string, flags: FixFlags) => {
    if (!flags.dryRun) throw new UsageError('fix only plans: add --dry-run (it never edits package.json or the lockfile; run the printed npm commands yourself)');
    const { planFixes } = await import('../../pipeline/fix-project.js');
    const { renderFixPlanJson, renderFixPlanText } = await import('../../report/fix-plan.js');
    const target = projectTarget(dir, flags.lockfile);
    const prepared = await prepareScan(target, flags, context);
    try {
      const { result, plan } = await planFixes(target.dir, prepared.options);
      prepared.progress.finish();
      for (const warning of result.warnings) context.warn(warningText(warning));
      const tool = { name: 'deptrust', version: context.version };
      context.writeOutputs([{ file: flags.output, content: flags.format === 'json' ? renderFixPlanJson(plan, result, tool) : renderFixPlanText(plan, result) }]);
    } finally {
      prepared.close();
    }
  });
}
