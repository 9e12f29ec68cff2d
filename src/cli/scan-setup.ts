import { inventoryProgress } from './inventory-progress.js';
import { Option, type Command } from 'commander';
import type { OmittableScope } from '../model/component.js';
import type { Policy } from '../model/policy.js';
import type { ScanPhase } from '../model/scan-result.js';
import type { FailOn } from '../policy/evaluate-policy.js';
import type { ScanOptions } from '../pipeline/scan-project.js';
import type { Db } from '../store/db.js';
import type { CliContext } from './context.js';
import { databaseOptionHelp } from './database-path.js';
import { addNetworkOptions, type NetworkFlags } from './network-options.js';
import { choice, failOnSeverity, parseOmit, positiveInteger } from './options.js';
import { outputCollector } from './output-specs.js';
import { POLICY_FILE } from '../policy/policy-file.js';
import { LOCKFILE_HELP, type ProjectTarget } from './project-target.js';
import { createProgress, type Progress } from './progress.js';
import { warningText } from '../report/warning-text.js';

/** The flags `scan`, `diff` and `fix` share: what to scan, where advisories come from, the policy. */
export interface ScanFlags extends NetworkFlags {
  omit?: OmittableScope[];
  offline?: boolean;
  db?: string;
  source: 'local' | 'api';
  failOn?: FailOn;
  config?: string;
  maxPaths: number;
  registry: boolean;
  registryTtl: number;
  lockfile?: string;
}

/** `--format`, repeatable `-o FORMAT=FILE` and `--reproducible`, for the commands with several machine formats. */
export function addOutputOptions<F extends string>(command: Command, formats: readonly F[]): Command {
  return command
    .addOption(new Option('--format <format>', `output format: ${formats.join(', ')}`).argParser(choice(formats)).default(formats[0]))
    .option('-o, --output <spec>', 'an output: FILE (in --format), FORMAT (stdout) or FORMAT=FILE; repeatable, each written atomically', outputCollector(formats))
    .option('--reproducible', 'JSON without the generation time: same input, same bytes');
}

export function addScanOptions(command: Command, env: NodeJS.ProcessEnv): Command {
  command
    .option('--lockfile <file>', LOCKFILE_HELP)
    .option('--omit <scope>', 'leave out dev, optional or peer dependencies (repeatable)', parseOmit)
    .option('--offline', 'never use the network (local database only)')
    .option('--db <file>', databaseOptionHelp('advisory database', env))
    .addOption(new Option('--source <source>', 'advisories from the local database or the OSV API').argParser(choice(['local', 'api'] as const)).default('local'))
    .addOption(
      new Option('--fail-on <severity>', "fail (exit 1) on findings at or above this severity: critical, high, medium (or moderate), low, none (default high, or the policy file's); malware always fails").argParser(
        failOnSeverity,
      ),
    )
    .option('--config <file>', `policy file (default: ${POLICY_FILE} found by walking up from the project)`)
    .option('--max-paths <n>', 'paths per finding in JSON output', positiveInteger, 5)
    .option('--no-registry', 'skip registry metadata (deprecated, stale, behind, new, maintainers; versions for remediation)')
    .option('--registry-ttl <hours>', 'use cached registry metadata younger than this', positiveInteger, 24);
  return addNetworkOptions(command);
}

/** Everything a scan needs, opened; `close` releases the database. */
export interface PreparedScan {
  db: Db;
  policy: Policy;
  options: ScanOptions;
  /** The progress line the scan draws on; commands mark their own phases (writing outputs) on it. */
  progress: Progress;
  close(): void;
}

/** How progress names each stage of a scan. */
const PHASE_LABELS: Record<ScanPhase, string> = {
  inventory: 'reading the dependency tree',
  advisories: 'loading advisories',
  match: 'matching advisories',
  signals: 'reading the project code and computing signals',
  registry: 'registry metadata',
  score: 'scoring',
  remediation: 'planning remediation',
};

/** The scan as `src/pipeline/open-scan.ts` opens it from the flags, with progress on stderr. */
export async function prepareScan(target: ProjectTarget, flags: ScanFlags, context: CliContext): Promise<PreparedScan> {
  const { openScan } = await import('../pipeline/open-scan.js');
  const progress = createProgress(context.progressEnabled(), context.stderr, context.env);
  // The target's lockfile is `--lockfile` resolved against the project, or the lockfile given as the project.
  const opened = await openScan(target.dir, { ...flags, ...(target.lockfile === undefined ? {} : { lockfile: target.lockfile }) }, {
    env: context.env,
    now: context.now,
    warn: (warning) => context.warn(warningText(warning)),
    version: context.version,
    onAutoUpdate: autoUpdateReporter(context, progress),
    onPhase: (phase) => progress.phase(PHASE_LABELS[phase]),
    onInventoryProgress: inventoryProgress(progress),
    onRegistryProgress: (done, total) => progress.update('registry metadata', done, total),
    onRegistryDone: () => progress.finish(),
  });
  return {
    db: opened.db,
    policy: opened.policy,
    options: opened.options,
    progress,
    close: () => {
      progress.finish();
      opened.close();
    },
  };
}

/** What the automatic first `db update` of an empty database says, and its progress on stderr (scan and portfolio audit alike). */
export function autoUpdateReporter(context: CliContext, progress: Progress) {
  return () => {
    context.info('the advisory database is empty: downloading the OSV npm data (deptrust db update)');
    return {
      onDownload: (received: number, total: number | undefined) => progress.update('downloading OSV npm data', received, total, 'bytes'),
      onImport: (stats: { read: number }) => progress.update('importing advisories', stats.read),
      onNote: context.info,
      onWait: () => context.info('another deptrust process is writing to the database: waiting for it to finish'),
      done: () => progress.finish(),
    };
  };
}
