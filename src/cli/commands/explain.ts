import { Command, Option } from 'commander';
import type { OmittableScope } from '../../model/component.js';
import type { CliContext } from '../context.js';
import { databaseOptionHelp, databasePath } from '../database-path.js';
import { LOCKFILE_HELP, projectTarget } from '../project-target.js';
import { choice, parseOmit, positiveInteger } from '../options.js';
import { warningText } from '../../report/warning-text.js';

interface ExplainFlags {
  format: 'table' | 'json';
  output?: string;
  omit?: OmittableScope[];
  maxPaths: number;
  db?: string;
  lockfile?: string;
}

export function explainCommand(context: CliContext): Command {
  return new Command('explain')
    .description('why a package is in the tree: every path from the root, its scope and source')
    .argument('<package>', 'name, name@version or name@range (scoped names too)')
    .argument('[dir]', 'project directory or its lockfile', '.')
    .option('--lockfile <file>', LOCKFILE_HELP)
    .addOption(new Option('--format <format>', 'table or json').argParser(choice(['table', 'json'] as const)).default('table'))
    .option('-o, --output <file>', 'write to a file (atomically) instead of stdout')
    .option('--omit <scope>', 'leave out dev, optional or peer dependencies (repeatable)', parseOmit)
    .option('--max-paths <n>', 'paths to print per component', positiveInteger, 20)
    .option('--db <file>', databaseOptionHelp('database holding the inventory cache', context.env))
    // Accepted like every command that could touch the network: explain never does (local database and registry cache only).
    .option('--offline', 'never use the network (explain never does: it reads the local database and cache only)')
    .action(async (packageText: string, argument: string, flags: ExplainFlags) => {
      const target = projectTarget(argument, flags.lockfile);
      const { renderExplainJson, renderExplainText } = await import('../../report/explain.js');
      const { explainPackage } = await import('../../pipeline/explain-package.js');
      const { withOptionalStore } = await import('../../pipeline/optional-store.js');
      const { inventory, matches, scan, scopePaths, usage, costs } = await withOptionalStore(databasePath(flags.db, context.env), (db) =>
        explainPackage(target.dir, packageText, {
          omit: flags.omit ?? [],
          ...(target.lockfile === undefined ? {} : { lockfile: target.lockfile }),
          pathSampleCap: flags.maxPaths,
          now: context.now,
          env: context.env,
          ...(db ? { cache: { db, salt: context.version, now: context.now }, db } : {}),
        }),
        (warning) => context.warn(warningText(warning)),
      );
      for (const warning of scan?.warnings ?? inventory.warnings) context.warn(warningText(warning));
      if (!scan) context.info('no advisory data in the local database: showing the tree only (run "deptrust db update")');
      const input = { inventory, query: packageText, matches, scopePaths, usage, costs, ...(scan ? { scan } : {}) };
      const options = { maxPaths: flags.maxPaths };
      context.writeOutput(flags.output, flags.format === 'json' ? renderExplainJson(input, options) : renderExplainText(input, options));
    });
}
