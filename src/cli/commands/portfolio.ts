import { randomUUID } from 'node:crypto';
import { Command, InvalidArgumentError, Option } from 'commander';
import { UsageError } from '../../model/errors.js';
import { splitPackageQuery } from '../../model/package-query.js';
import type { Policy } from '../../model/policy.js';
import type { PortfolioStore, ProjectAudit } from '../../model/portfolio.js';
import type { FailOn } from '../../policy/evaluate-policy.js';
import type { PortfolioFormat, PortfolioTableOptions } from '../../report/portfolio-labels.js';
import type { CliContext } from '../context.js';
import { databaseOptionHelp, databasePath } from '../database-path.js';
import { addNetworkOptions, type NetworkFlags } from '../network-options.js';
import { choice, positiveInteger } from '../options.js';
import { outputCollector, resolveOutputs, type OutputSpec } from '../output-specs.js';
import { terminalFor } from '../terminal.js';
import { addStoreOption, openStore, storeLocation, storeNamedOutsidePolicy, storeOpener, type StoreFlags } from '../portfolio-store.js';

export const PORTFOLIO_FORMATS = ['table', 'json', 'markdown'] as const;

interface QueryFlags extends StoreFlags {
  config?: string;
  format: PortfolioFormat;
  output?: Array<OutputSpec<PortfolioFormat>>;
  wide?: boolean;
}

interface AuditFlags extends QueryFlags, NetworkFlags {
  source: 'local' | 'api';
  offline?: boolean;
  failOn?: FailOn;
  record?: boolean;
  reproducible?: boolean;
}

function withQueryOptions(command: Command, context: CliContext): Command {
  return addStoreOption(command)
    .option('--db <file>', databaseOptionHelp('the local deptrust database: advisories, and the default portfolio store', context.env))
    .option('--config <file>', 'policy file naming the store (default: .deptrust.json found by walking up from here)')
    .addOption(new Option('--format <format>', `output format: ${PORTFOLIO_FORMATS.join(', ')}`).argParser(choice(PORTFOLIO_FORMATS)).default('table'))
    .option('-o, --output <spec>', 'an output: FILE (in --format), FORMAT (stdout) or FORMAT=FILE; repeatable, each written atomically', outputCollector(PORTFOLIO_FORMATS))
    .option('--wide', 'tables show every column whole instead of fitting the terminal');
}

/** A command's reading of the store, in three parts that overlap where they can. */
interface StoreWork<M, A, T> {
  /** The command's own modules, loaded while the store opens. */
  load: () => Promise<M>;
  /** What to read as soon as the store is open, needing none of those modules (the server works while they load). */
  ask: (store: PortfolioStore) => Promise<A>;
  /** The rest, with the modules and the answer. */
  work: (store: PortfolioStore, modules: M, answer: A, policy: Policy | undefined) => Promise<T>;
}

/**
 * Opens the store the flags, environment or policy file name, and does
 * `StoreWork` with it. The policy file is read only when something needs it:
 * the audit (its fail-on), naming the store when neither `--store` nor
 * DEPTRUST_STORE does, or `--config` naming one (a file the user named is
 * checked). The command's modules load while PostgreSQL answers the
 * connection, the schema check and the first question, so that neither the
 * server nor this process waits on the other.
 */
async function withStore<M, A, T>(flags: QueryFlags, context: CliContext, needsPolicy: boolean, { load, ask, work }: StoreWork<M, A, T>): Promise<T> {
  const wanted = needsPolicy || flags.config !== undefined || storeNamedOutsidePolicy(flags, context.env) === undefined;
  const policy = wanted ? await (await import('../../policy/load-policy.js')).loadPolicy(context.cwd(), flags.config) : undefined;
  const open = await storeOpener(await storeLocation(flags, policy?.portfolioStore, context), context.env);
  const opening = open();
  const answering = opening.then(ask);
  // Both are awaited below; until then a failure must not count as an unhandled rejection.
  answering.catch(() => undefined);
  let modules: M;
  try {
    modules = await load();
  } catch (error) {
    await opening.then((store) => store.close(), () => undefined);
    throw error;
  }
  const store = await opening;
  try {
    return await work(store, modules, await answering, policy);
  } finally {
    await store.close();
  }
}

/** For a command that has imported what it needs before opening the store, or asks nothing first. */
const nothing = async (): Promise<undefined> => undefined;

/** Each output rendered; a table fits the terminal on stdout (80 columns in a file), or shows every column whole with --wide. */
function render(context: CliContext, flags: QueryFlags, content: (format: PortfolioFormat, table: PortfolioTableOptions) => string): void {
  const outputs = resolveOutputs(flags.output, flags.format);
  context.writeOutputs(outputs.map(({ format, file }) => {
    const { width, wide } = terminalFor(file, flags.wide, context);
    return { file, content: content(format, { width, ...(wide ? { wide } : {}) }) };
  }));
}

/** The first day of year 1: nothing was recorded before it, and both stores can compare a time with it. */
const EARLIEST_CUTOFF = Date.parse('0001-01-01T00:00:00.000Z');

/**
 * The time `--older-than <days>` cuts at. A number of days that reaches
 * back before year 1 (`--older-than 1e300` was an internal error: Invalid
 * time value) cuts there: nothing is that old.
 */
export function pruneCutoff(now: Date, days: number): string {
  return new Date(Math.max(now.getTime() - days * 24 * 3600 * 1000, EARLIEST_CUTOFF)).toISOString();
}

function nonNegativeInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new InvalidArgumentError('expected a whole number');
  return number;
}

export function portfolioCommand(context: CliContext): Command {
  const portfolio = new Command('portfolio').description('what every recorded project ships (scan --record): list, who, audit, prune (docs/portfolio.md)');

  portfolio.addCommand(
    withQueryOptions(new Command('list'), context)
      .description('every project and branch: last recorded, components, findings by severity, highest risk')
      .action(async (flags: QueryFlags) => {
        await withStore(flags, context, false, {
          load: () => import('../../report/portfolio-list.js'),
          ask: (store) => store.latest(),
          work: async (_store, { renderPortfolioList }, headers) => render(context, flags, (format, table) => renderPortfolioList(headers, format, table)),
        });
      }),
  );

  portfolio.addCommand(
    withQueryOptions(new Command('who'), context)
      .description('every project whose latest record holds a matching version')
      .argument('<package>', 'name or name@range (lodash@<4.17.21, @scope/name@^2)')
      .action(async (query: string, flags: QueryFlags) => {
        await withStore(flags, context, false, {
          load: async () => {
            const [{ whoShipsPackage }, { renderPortfolioWho }] = await Promise.all([import('../../pipeline/portfolio-queries.js'), import('../../report/portfolio-who.js')]);
            return { whoShipsPackage, renderPortfolioWho };
          },
          // The rows of the name; its range is checked and applied once semver has loaded.
          ask: (store) => store.who(splitPackageQuery(query).name),
          work: async (_store, { whoShipsPackage, renderPortfolioWho }, named) => {
            const { query: parsed, rows } = whoShipsPackage(named, query);
            render(context, flags, (format, table) => renderPortfolioWho(parsed, rows, format, table));
          },
        });
      }),
  );

  portfolio.addCommand(
    addNetworkOptions(withQueryOptions(new Command('audit'), context))
      .description('match every latest record again against the current advisories; exit 1 when a new finding fails the policy')
      .addOption(new Option('--source <source>', 'advisories from the local database or the OSV API').argParser(choice(['local', 'api'] as const)).default('local'))
      .option('--offline', 'never use the network (local database only)')
      .addOption(
        new Option('--fail-on <severity>', "fail (exit 1) on new findings at or above this severity (default high, or the policy file's); malware always fails").argParser(
          choice(['critical', 'high', 'medium', 'low', 'none'] as const),
        ),
      )
      .option('--record', 'store this audit, so that the next one reports only what is newer')
      .option('--reproducible', 'JSON without the audit time')
      .action(async (flags: AuditFlags) => {
        const { chooseAdvisoryProvider } = await import('../../pipeline/advisory-source.js');
        const { networkSettings, withNpmTransport } = await import('../../pipeline/network-settings.js');
        const { auditRecordedPortfolio } = await import('../../pipeline/portfolio-audit.js');
        const { renderPortfolioAudit } = await import('../../report/portfolio-audit.js');
        const { warningText } = await import('../../report/warning-text.js');
        const { createProgress } = await import('../progress.js');
        const { autoUpdateReporter } = await import('../scan-setup.js');
        const { openDatabase } = await import('../../store/db.js');
        resolveOutputs(flags.output, flags.format);
        await withStore(flags, context, true, {
          load: nothing,
          ask: nothing,
          work: async (store, _modules, _answer, policy) => {
            const failOn = flags.failOn ?? policy?.failOn.severity ?? 'high';
            const file = databasePath(flags.db, context.env);
            const db = openDatabase(file);
            try {
              const progress = createProgress(context.progressEnabled(), context.stderr, context.env);
              const provider = await chooseAdvisoryProvider({
                db,
                source: flags.source,
                offline: flags.offline === true,
                network: withNpmTransport(networkSettings(flags, context.env, context.cwd()), context.cwd(), context.env),
                now: context.now,
                warn: (warning) => context.warn(warningText(warning)),
                onAutoUpdate: autoUpdateReporter(context, progress),
              });
              const auditedAt = context.now();
              const audits: ProjectAudit[] = await auditRecordedPortfolio(store, provider, failOn, auditedAt, (stage) => progress.phase(stage));
              progress.finish();
              const info = provider.info();
              const data = { source: info.description, ...(info.updatedAt !== undefined ? { updatedAt: info.updatedAt } : {}) };
              render(context, flags, (format, table) => renderPortfolioAudit(audits, { ...(flags.reproducible ? {} : { auditedAt }), data, failOn }, format, table));
              if (flags.record) {
                await store.recordAudits(audits.map((audit) => ({ id: randomUUID(), recordId: audit.header.id, auditedAt: auditedAt.toISOString(), data, findings: audit.current })));
                context.info(`recorded the audit of ${audits.length} project branch(es)`);
              }
              const failing = audits.reduce((n, audit) => n + audit.failing.length, 0);
              if (failing > 0) {
                context.info(`policy failed: ${failing} new finding(s) at or above ${failOn} (or malware)`);
                context.setExitCode(1);
              }
            } finally {
              db.close();
            }
          },
        });
      }),
  );

  portfolio.addCommand(
    addStoreOption(new Command('prune'))
      .description('delete old records (never the latest of a project and branch)')
      .option('--db <file>', databaseOptionHelp('the local deptrust database: advisories, and the default portfolio store', context.env))
      .option('--config <file>', 'policy file naming the store')
      .option('--keep <n>', 'keep the newest n records of each project and branch', positiveInteger)
      .option('--older-than <days>', 'delete records older than this many days', nonNegativeInteger)
      .action(async (flags: StoreFlags & { config?: string; keep?: number; olderThan?: number }) => {
        if ((flags.keep === undefined) === (flags.olderThan === undefined)) throw new UsageError('portfolio prune needs exactly one of --keep <n> and --older-than <days>');
        // As for the other portfolio commands: the policy file only when it names the store or --config names one.
        const wanted = flags.config !== undefined || storeNamedOutsidePolicy(flags, context.env) === undefined;
        const policy = wanted ? await (await import('../../policy/load-policy.js')).loadPolicy(context.cwd(), flags.config) : undefined;
        const store = await openStore(await storeLocation(flags, policy?.portfolioStore, context), context.env);
        try {
          // More records than a whole number can count is all of them: PostgreSQL refused 1e300 as a bigint (exit 3).
          const rule = flags.keep !== undefined ? { keep: Math.min(flags.keep, Number.MAX_SAFE_INTEGER) } : { olderThan: pruneCutoff(context.now(), flags.olderThan ?? 0) };
          const removed = await store.prune(rule);
          context.writeOutput(undefined, `removed ${removed} record(s) from ${store.description}\n`);
        } finally {
          await store.close();
        }
      }),
  );
  return portfolio;
}
