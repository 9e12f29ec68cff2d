import { Command, Option } from 'commander';
import type { ImportStats } from '../../advisories/import-advisories.js';
import type { UpdateResult } from '../../advisories/osv-dump.js';
import type { Db } from '../../store/db.js';
import type { CliContext } from '../context.js';
import { databaseOptionHelp, databasePath } from '../database-path.js';
import { neutralizeControls } from '../../report/control-characters.js';
import { addNetworkOptions, type NetworkFlags } from '../network-options.js';
import { choice } from '../options.js';
import { createProgress } from '../progress.js';

interface DbFlags extends NetworkFlags {
  db?: string;
}

export function dbCommand(context: CliContext): Command {

  const db = new Command('db').description('the local OSV advisory database');
  const withDb = (command: Command) => command.option('--db <file>', databaseOptionHelp('advisory database', context.env));

  db.addCommand(
    addNetworkOptions(withDb(new Command('import')))
      .description("import OSV records: a zip laid out like OSV's all.zip, a folder of <ID>.json, one JSON file, or an http(s) URL of one of those")
      .argument('<source>', 'zip, folder, file or URL')
      .action(async (source: string, flags: DbFlags) => {
        await withDatabase(flags, context.env, async (handle) => {
          const progress = createProgress(context.progressEnabled(), context.stderr, context.env);
          const { importAdvisoryData } = await import('../../pipeline/advisory-database.js');
          const { networkSettings, withNpmTransport } = await import('../../pipeline/network-settings.js');
          const stats = await importAdvisoryData(handle, source, withNpmTransport(networkSettings(flags, context.env, context.cwd()), context.cwd(), context.env), context.now, {
            onDownload: (received, total) => progress.update('downloading', received, total, 'bytes'),
            onImport: (s) => progress.update('importing', s.read),
            onWait: () => context.info(waitingLine(flags, context.env)),
          });
          progress.finish();
          reportImport(context, stats);
        });
      }),
  );

  db.addCommand(
    addNetworkOptions(withDb(new Command('update')))
      .description("download OSV's npm data (incrementally when the database is recent)")
      .option('--full', 'always download the whole all.zip')
      .action(async (flags: DbFlags & { full?: boolean }) => {
        await withDatabase(flags, context.env, async (handle) => {
          const progress = createProgress(context.progressEnabled(), context.stderr, context.env);
          const { updateAdvisoryData } = await import('../../pipeline/advisory-database.js');
          const { networkSettings, withNpmTransport } = await import('../../pipeline/network-settings.js');
          const result = await updateAdvisoryData(handle, withNpmTransport(networkSettings(flags, context.env, context.cwd()), context.cwd(), context.env), context.now, {
            ...(flags.full ? { full: true } : {}),
            onDownload: (received, total) => progress.update('downloading all.zip', received, total, 'bytes'),
            onImport: (stats) => progress.update('importing', stats.read),
            onNote: context.info,
            onWait: () => context.info(waitingLine(flags, context.env)),
          });
          progress.finish();
          reportUpdate(context, result);
        });
      }),
  );

  db.addCommand(
    withDb(new Command('status'))
      .description('what the database holds: counts, source, last update, age')
      .addOption(new Option('--format <format>', 'table or json').argParser(choice(['table', 'json'] as const)).default('table'))
      .action(async (flags: DbFlags & { format: 'table' | 'json' }) => {
        const file = databasePath(flags.db, context.env);
        await withDatabase(flags, context.env, async (handle) => {
          const { advisoryDataStatus } = await import('../../pipeline/advisory-database.js');
          const status = { database: file, ...advisoryDataStatus(handle, context.now()) };
          if (flags.format === 'json') {
            context.writeOutput(undefined, `${JSON.stringify(status, null, 2)}\n`);
            return;
          }
          const lines = [
            `database:   ${status.database}`,
            `advisories: ${status.advisories} (${status.withdrawn} withdrawn) for ${status.packages} npm packages`,
            `source:     ${status.source ?? 'none (run "deptrust db update" or "deptrust db import <zip>")'}`,
            `updated:    ${status.lastUpdate ? `${status.lastUpdate} (${status.ageDays} days ago)` : 'never'}`,
          ];
          // The source is the label of an import: text from outside.
          context.writeOutput(undefined, `${neutralizeControls(lines.join('\n'), { keepNewlines: true })}\n`);
        }, 'reads only');
      }),
  );
  return db;
}

function waitingLine(flags: DbFlags, env: NodeJS.ProcessEnv): string {
  return `another deptrust process is writing to ${databasePath(flags.db, env)}: waiting for it to finish`;
}

async function withDatabase(flags: DbFlags, env: NodeJS.ProcessEnv, work: (db: Db) => Promise<void>, readOnly: 'writes' | 'reads only' = 'writes'): Promise<void> {
  const { openDatabase } = await import('../../store/db.js');
  const handle = openDatabase(databasePath(flags.db, env), { readOnlyFallback: readOnly === 'reads only' });
  try {
    await work(handle);
  } finally {
    handle.close();
  }
}

function reportImport(context: CliContext, stats: ImportStats): void {
  context.writeOutput(
    undefined,
    `imported ${stats.read} records: ${stats.added} new, ${stats.updated} updated, ${stats.unchanged} unchanged` +
      `${stats.older ? `, ${stats.older} older than stored` : ''}, ${stats.otherEcosystem} other ecosystems skipped, ${stats.invalid} invalid skipped\n`,
  );
  for (const sample of stats.invalidSamples) context.warn(`invalid record skipped: ${sample}`);
  if (stats.invalid > stats.invalidSamples.length) context.warn(`… and ${stats.invalid - stats.invalidSamples.length} more invalid records`);
}

function reportUpdate(context: CliContext, result: UpdateResult): void {
  if (result.mode === 'not-modified') {
    context.writeOutput(undefined, 'the OSV npm data has not changed since the last update\n');
    return;
  }
  if (result.mode === 'incremental') context.info(`incremental update: ${result.changed} changed records`);
  else context.info(`downloaded all.zip (${(result.bytes / 1024 / 1024).toFixed(1)} MiB)`);
  reportImport(context, result.stats);
}
