import { Command, Option } from 'commander';
import type { OmittableScope } from '../../model/component.js';
import { evaluatePolicy, type FailOn } from '../../policy/evaluate-policy.js';
import { renderJson } from '../../report/json.js';
import { renderTable } from '../../report/table.js';
import { chooseAdvisoryProvider, scanProject } from '../../scan.js';
import type { CliContext } from '../context.js';
import { databasePath } from '../database-path.js';
import { addNetworkOptions, networkSettings, type NetworkFlags } from '../network-options.js';
import { choice, parseOmit, positiveInteger } from '../options.js';
import { createProgress } from '../progress.js';
import { openDatabase } from '../../store/db.js';

interface ScanFlags extends NetworkFlags {
  format: 'table' | 'json';
  output?: string;
  omit?: OmittableScope[];
  offline?: boolean;
  db?: string;
  source: 'local' | 'api';
  failOn: FailOn;
  reproducible?: boolean;
  maxPaths: number;
  maxRows?: number;
  registry: boolean;
  registryTtl: number;
}

export function scanCommand(context: CliContext): Command {
  const command = new Command('scan')
    .description('find known advisories in every component; exit 1 when the policy fails')
    .argument('[dir]', 'project directory', '.')
    .addOption(new Option('--format <format>', 'table or json').argParser(choice(['table', 'json'] as const)).default('table'))
    .option('-o, --output <file>', 'write to a file (atomically) instead of stdout')
    .option('--omit <scope>', 'leave out dev, optional or peer dependencies (repeatable)', parseOmit)
    .option('--offline', 'never use the network (local database only)')
    .option('--db <file>', 'advisory database (default $DEPTRUST_DB or ~/.cache/deptrust/deptrust.db)')
    .addOption(new Option('--source <source>', 'advisories from the local database or the OSV API').argParser(choice(['local', 'api'] as const)).default('local'))
    .addOption(
      new Option('--fail-on <severity>', 'fail (exit 1) on findings at or above this severity; malware always fails')
        .argParser(choice(['critical', 'high', 'medium', 'low', 'none'] as const))
        .default('high'),
    )
    .option('--reproducible', 'JSON without the generation time: same input, same bytes')
    .option('--max-paths <n>', 'paths per finding in JSON output', positiveInteger, 5)
    .option('--max-rows <n>', 'rows in the table (the rest are counted)', positiveInteger)
    .option('--no-registry', 'skip registry metadata (deprecated, stale, behind, new, maintainers)')
    .option('--registry-ttl <hours>', 'use cached registry metadata younger than this', positiveInteger, 24);
  return addNetworkOptions(command).action(async (dir: string, flags: ScanFlags) => {
    const db = openDatabase(databasePath(flags.db));
    try {
      const progress = createProgress(context.progressEnabled());
      const provider = await chooseAdvisoryProvider({
        db,
        source: flags.source,
        offline: flags.offline === true,
        network: networkSettings(flags),
        now: context.now,
        warn: context.warn,
        onAutoUpdate: () => {
          context.info('the advisory database is empty: downloading the OSV npm data (deptrust db update)');
          return {
            onDownload: (received, total) => progress.update('downloading OSV npm data', received, total, 'bytes'),
            onImport: (stats) => progress.update('importing advisories', stats.read),
            onNote: context.info,
            done: () => progress.finish(),
          };
        },
      });
      const result = await scanProject(dir, {
        omit: flags.omit ?? [],
        provider,
        now: context.now,
        pathSampleCap: Math.max(flags.maxPaths, 1),
        cache: { db, salt: context.version, now: context.now },
        ...(flags.registry
          ? {
              registry: {
                db,
                offline: flags.offline === true,
                ttlMs: flags.registryTtl * 3600 * 1000,
                timeoutMs: (flags.timeout ?? 30) * 1000,
                env: process.env,
                onProgress: (done: number, total: number) => progress.update('registry metadata', done, total),
                onDone: () => progress.finish(),
              },
            }
          : {}),
      });
      for (const warning of result.warnings) context.warn(warning);
      const verdict = evaluatePolicy(result, { failOn: flags.failOn });
      const output =
        flags.format === 'json'
          ? renderJson(result, {
              tool: { name: 'deptrust', version: context.version },
              ...(flags.reproducible ? {} : { generatedAt: context.now() }),
              verdict: { ...verdict, failOn: flags.failOn },
              maxPaths: flags.maxPaths,
            })
          : renderTable(result, { now: context.now(), ...(flags.maxRows ? { maxRows: flags.maxRows } : {}) });
      context.writeOutput(flags.output, output);
      if (!verdict.passed) {
        context.info(`policy failed: ${verdict.violations.length} finding(s) at or above --fail-on ${flags.failOn} (or malware)`);
        context.setExitCode(1);
      }
    } finally {
      db.close();
    }
  });
}
