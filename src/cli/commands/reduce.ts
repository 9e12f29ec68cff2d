import { Command, Option } from 'commander';
import type { CliContext } from '../context.js';
import { choice, positiveInteger } from '../options.js';
import { projectTarget } from '../project-target.js';
import { addScanOptions, prepareScan, type ScanFlags } from '../scan-setup.js';
import { terminalWidth } from '../terminal.js';
import { warningText } from '../../report/warning-text.js';

interface ReduceFlags extends ScanFlags {
  format: 'table' | 'json' | 'markdown';
  output?: string;
  wide?: boolean;
  maxRows?: number;
}

export function reduceCommand(context: CliContext): Command {
  const command = new Command('reduce')
    .description('what each direct dependency costs: the packages that leave with it, the advisories and install scripts inside, lighter replacements, duplicates a dedupe folds')
    .argument('[dir]', 'project directory or its lockfile', '.')
    .addOption(new Option('--format <format>', 'table, json or markdown').argParser(choice(['table', 'json', 'markdown'] as const)).default('table'))
    .option('-o, --output <file>', 'write to a file (atomically) instead of stdout')
    .option('--wide', 'the table with every column whole, whatever the terminal width')
    .option('--max-rows <n>', 'direct dependencies in the table (the rest are counted)', positiveInteger);
  return addScanOptions(command, context.env).action(async (dir: string, flags: ReduceFlags) => {
    const { reduceProject } = await import('../../pipeline/reduce-project.js');
    const { renderReduceJson, renderReduceMarkdown, renderReduceTable } = await import('../../report/reduce.js');
    const target = projectTarget(dir, flags.lockfile);
    const prepared = await prepareScan(target, flags, context);
    try {
      const { result, report } = await reduceProject(target.dir, prepared.options);
      prepared.progress.finish();
      for (const warning of result.warnings) context.warn(warningText(warning));
      const toStdout = flags.output === undefined || flags.output === '-';
      const content =
        flags.format === 'json'
          ? renderReduceJson(report, { name: 'deptrust', version: context.version })
          : flags.format === 'markdown'
            ? renderReduceMarkdown(report)
            : renderReduceTable(report, { width: toStdout ? terminalWidth(context.stdout, context.env) : 80, ...(flags.wide ? { wide: true } : {}), ...(flags.maxRows ? { maxRows: flags.maxRows } : {}) });
      context.writeOutputs([{ file: flags.output, content }]);
    } finally {
      prepared.close();
    }
  });
}
