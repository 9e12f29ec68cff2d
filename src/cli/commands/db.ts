import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command, Option } from 'commander';
import { UsageError } from '../../model/errors.js';
import type { ImportStats, UpdateResult } from '../../scan.js';
import type { Db } from '../../store/db.js';
import type { CliContext } from '../context.js';
import { databasePath } from '../database-path.js';
import { addNetworkOptions, networkSettings, type NetworkFlags } from '../network-options.js';
import { choice } from '../options.js';
import { createProgress } from '../progress.js';

interface DbFlags extends NetworkFlags {
  db?: string;
}

export function dbCommand(context: CliContext): Command {

  const db = new Command('db').description('the local OSV advisory database');
  const withDb = (command: Command) => command.option('--db <file>', 'advisory database (default $DEPTRUST_DB or ~/.cache/deptrust/deptrust.db)');

  db.addCommand(
    addNetworkOptions(withDb(new Command('import')))
      .description("import OSV records: a zip laid out like OSV's all.zip, a folder of <ID>.json, one JSON file, or an http(s) URL of one of those")
      .argument('<source>', 'zip, folder, file or URL')
      .action(async (source: string, flags: DbFlags) => {
        await withDatabase(flags, async (handle) => {
          const progress = createProgress(context.progressEnabled());
          const { kind, file, label, cleanup } = await resolveImportSource(source, flags, progress);
          try {
            const { importAdvisoryData } = await import('../../scan.js');
            const stats = await importAdvisoryData(
              handle,
              kind === 'directory' ? { kind, dir: file } : { kind, file },
              label,
              context.now,
              (s) => progress.update('importing', s.read),
              () => context.info(waitingLine(flags)),
            );
            progress.finish();
            reportImport(context, stats);
          } finally {
            cleanup();
          }
        });
      }),
  );

  db.addCommand(
    addNetworkOptions(withDb(new Command('update')))
      .description("download OSV's npm data (incrementally when the database is recent)")
      .option('--full', 'always download the whole all.zip')
      .action(async (flags: DbFlags & { full?: boolean }) => {
        await withDatabase(flags, async (handle) => {
          const progress = createProgress(context.progressEnabled());
          const { DEFAULT_NETWORK, updateAdvisoryData } = await import('../../scan.js');
          const result = await updateAdvisoryData(handle, networkSettings(flags, DEFAULT_NETWORK), context.now, {
            ...(flags.full ? { full: true } : {}),
            onDownload: (received, total) => progress.update('downloading all.zip', received, total, 'bytes'),
            onImport: (stats) => progress.update('importing', stats.read),
            onNote: context.info,
            onWait: () => context.info(waitingLine(flags)),
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
        const file = databasePath(flags.db);
        await withDatabase(flags, async (handle) => {
          const { AdvisoryRepository } = await import('../../store/advisory-repository.js');
          const { MetaRepository } = await import('../../store/meta-repository.js');
          const { ageInDays } = await import('../../scan.js');
          const repository = new AdvisoryRepository(handle);
          const meta = new MetaRepository(handle);
          const generation = repository.currentGeneration();
          const counts = repository.counts();
          const lastUpdate = meta.get('dump.last_update') ?? generation?.completedAt;
          const status = {
            database: file,
            advisories: counts.advisories,
            withdrawn: counts.withdrawn,
            packages: counts.packages,
            source: generation?.source ?? null,
            lastUpdate: lastUpdate ?? null,
            ageDays: lastUpdate ? ageInDays(lastUpdate, context.now()) : null,
          };
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
          context.writeOutput(undefined, `${lines.join('\n')}\n`);
        }, 'reads only');
      }),
  );
  return db;
}

function waitingLine(flags: DbFlags): string {
  return `another deptrust process is writing to ${databasePath(flags.db)}: waiting for it to finish`;
}

async function withDatabase(flags: DbFlags, work: (db: Db) => Promise<void>, readOnly: 'writes' | 'reads only' = 'writes'): Promise<void> {
  const { openDatabase } = await import('../../store/db.js');
  const handle = openDatabase(databasePath(flags.db), { readOnlyFallback: readOnly === 'reads only' });
  try {
    await work(handle);
  } finally {
    handle.close();
  }
}

interface ResolvedSource {
  kind: 'zip' | 'directory' | 'file';
  file: string;
  label: string;
  cleanup: () => void;
}

/** A local path is read in place; a URL is downloaded to a temporary file first. */
async function resolveImportSource(source: string, flags: NetworkFlags, progress: ReturnType<typeof createProgress>): Promise<ResolvedSource> {
  if (/^https?:\/\//i.test(source)) {
    const work = mkdtempSync(path.join(tmpdir(), 'deptrust-import-'));
    const file = path.join(work, 'download');
    const cleanup = () => rmSync(work, { recursive: true, force: true });
    try {
      const { DEFAULT_NETWORK, downloadFile } = await import('../../scan.js');
      await downloadFile(source, file, networkSettings(flags, DEFAULT_NETWORK).retry, (received, total) => progress.update('downloading', received, total, 'bytes'));
      progress.finish();
      return { kind: looksLikeZip(file) ? 'zip' : 'file', file, label: source, cleanup };
    } catch (error) {
      cleanup();
      throw error;
    }
  }
  const resolved = path.resolve(source);
  if (!existsSync(resolved)) throw new UsageError(`no such file or folder: ${source}`);
  const kind = statSync(resolved).isDirectory() ? 'directory' : looksLikeZip(resolved) ? 'zip' : 'file';
  return { kind, file: resolved, label: resolved, cleanup: () => undefined };
}

/** Zip files start with a local file header, "PK\x03\x04" (or "PK\x05\x06" when empty). */
function looksLikeZip(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(4);
    readSync(fd, header, 0, 4, 0);
    return header[0] === 0x50 && header[1] === 0x4b && (header[2] === 3 || header[2] === 5);
  } finally {
    closeSync(fd);
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
