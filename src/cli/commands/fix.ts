import { Command, Option } from 'commander';
import { UsageError } from '../../model/errors.js';
import type { CliContext } from '../context.js';
import { choice } from '../options.js';
import { projectTarget } from '../project-target.js';
import { addScanOptions, prepareScan, type ScanFlags } from '../scan-setup.js';
import { warningText } from '../../report/warning-text.js';

interface FixFlags extends ScanFlags {
  dryRun?: boolean;
  apply?: boolean;
  format: 'table' | 'json';
  output?: string;
}

export function fixCommand(context: CliContext): Command {
  const command = new Command('fix')
    .description("the remediation plan for every vulnerable component: lockfile refreshes, direct upgrades, overrides (--dry-run prints it; --apply carries it out with the project's own package manager and proves it by rescanning)")
    .argument('[dir]', 'project directory or its lockfile', '.')
    .option('--dry-run', 'print the plan; changes nothing')
    .option('--apply', 'edit package.json files and overrides, relock with the project\'s npm, pnpm, yarn or bun (lockfile only, no scripts), rescan; undo a round that makes things worse, restore every file if the relock fails')
    .addOption(new Option('--format <format>', 'table or json').argParser(choice(['table', 'json'] as const)).default('table'))
    .option('-o, --output <file>', 'write the plan to a file (atomically) instead of stdout');
  return addScanOptions(command, context.env).action(async (dir: string, flags: FixFlags) => {
    if (flags.dryRun && flags.apply) throw new UsageError('fix takes --dry-run or --apply, not both');
    if (!flags.dryRun && !flags.apply) throw new UsageError('fix needs --dry-run (print the plan, change nothing) or --apply (edit, relock with the project\'s package manager, rescan)');
    if (flags.apply) {
      await applyCommand(dir, flags, context);
      return;
    }
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

/** `fix --apply`: the edits, relock and rescan; exit 1 when what remains still fails the policy. */
async function applyCommand(dir: string, flags: FixFlags, context: CliContext): Promise<void> {
  const { applyFixes } = await import('../../pipeline/apply-fixes.js');
  const { renderFixApplyJson, renderFixApplyText } = await import('../../report/fix-apply.js');
  const { evaluatePolicy } = await import('../../policy/evaluate-policy.js');
  const target = projectTarget(dir, flags.lockfile);
  const prepared = await prepareScan(target, flags, context);
  try {
    const { after, report } = await applyFixes(target.dir, {
      ...prepared.options,
      env: context.env,
      policy: prepared.policy,
      onRound: (round, manager) => prepared.progress.phase(round === 'minor' ? `relocking with ${manager}: refreshes, minor upgrades, overrides` : `relocking with ${manager}: semver-major upgrades`),
    });
    prepared.progress.finish();
    for (const warning of after.warnings) context.warn(warningText(warning));
    const tool = { name: 'deptrust', version: context.version };
    context.writeOutputs([{ file: flags.output, content: flags.format === 'json' ? renderFixApplyJson(report, tool) : renderFixApplyText(report, target.dir) }]);
    const verdict = evaluatePolicy(after, prepared.policy, context.now());
    if (!verdict.passed) {
      context.info(`policy still fails after the fixes: ${verdict.violations.length} violation(s)`);
      context.setExitCode(1);
    }
  } finally {
    prepared.close();
  }
}
