import { Command } from 'commander';
import type { CliContext } from '../context.js';
import { positiveInteger } from '../options.js';
import { SCAN_FORMATS, type ScanFormat } from '../../report/output-formats.js';
import { resolveOutputs, type OutputSpec } from '../output-specs.js';
import { renderEveryOutput, sharedReportOptions } from '../render-reports.js';
import { projectTarget } from '../project-target.js';
import { addOutputOptions, addScanOptions, prepareScan, type ScanFlags } from '../scan-setup.js';
import { UsageError } from '../../model/errors.js';
import type { PortfolioStore } from '../../model/portfolio.js';
import { ruleSummary } from '../../report/summary.js';
import { databasePath } from '../database-path.js';
import { addStoreOption, openStore, storeLocation } from '../portfolio-store.js';
import { warningText } from '../../report/warning-text.js';

/** What the table's columns mean (docs/scan.md says the same). */
const TABLE_LEGEND = `
The table (one row per vulnerable package version, fitted to the terminal):
  Risk        the component's risk score, 0-100: advisories, supply-chain and
              maintenance signals, weighed by exposure (docs/scoring.md); the
              same number as in "Act first on"
  Severity    the most severe of its advisories (CVSS base score)
  Advisories  the advisories affecting it, most severe first (+N: more)
  Fix         the version that clears them all, and how to get it
  Scope       prod, dev, optional; Paths: how many paths from the root
  First path  the shortest path from the root
Columns are cut or dropped to fit (path first, then scope, paths, fix);
--wide shows everything, --format json lists one finding per advisory.`;

interface ScanCommandFlags extends ScanFlags {
  format: ScanFormat;
  output?: OutputSpec[];
  reproducible?: boolean;
  maxRows?: number;
  record?: boolean;
  store?: string;
  project?: string;
  wide?: boolean;
}

export function scanCommand(context: CliContext): Command {
  const command = new Command('scan')
    .description('find known advisories in every component; exit 1 when the policy fails')
    .argument('[dir]', 'project directory or its lockfile', '.')
    .option('--max-rows <n>', 'vulnerable packages in the table (the rest are counted)', positiveInteger)
    .option('--wide', 'the table with every column whole, whatever the terminal width')
    .option('--record', 'store this scan in the portfolio (docs/portfolio.md)')
    .option('--project <name>', 'with --record: the project\'s name in the portfolio (default: package.json name, git remote and folder)')
    .addHelpText('after', TABLE_LEGEND);
  addStoreOption(command);
  return addScanOptions(addOutputOptions(command, SCAN_FORMATS), context.env).action(async (dir: string, flags: ScanCommandFlags) => {
    const { renderScanOutput } = await import('../../report/output-formats.js');
    const { scanProject } = await import('../../pipeline/scan-project.js');
    const { evaluatePolicy } = await import('../../policy/evaluate-policy.js');
    const outputs = resolveOutputs(flags.output, flags.format);
    if (!flags.record && (flags.store !== undefined || flags.project !== undefined)) throw new UsageError('--store and --project go with --record');
    // A blank name would be a project no table can show and no one can tell apart from another blank one.
    if (flags.project !== undefined && flags.project.trim() === '') throw new UsageError('--project needs a name (not an empty or blank one)');
    const target = projectTarget(dir, flags.lockfile);
    const prepared = await prepareScan(target, flags, context);
    const { policy } = prepared;
    let store: PortfolioStore | undefined;
    try {
      // The store is opened before the scan: a wrong URL or password fails at once, not after the work.
      if (flags.record) store = await openStore(await storeLocation(flags, policy.portfolioStore, context), context.env, { file: databasePath(flags.db, context.env), db: prepared.db });
      // A freshly read inventory is cached once the outputs are written and their text is let go: the cache entry of a
      // large tree (150 MB at 100,000 packages) then never sits in memory beside the rendered reports.
      let writeInventoryCache: (() => void) | undefined;
      const options = prepared.options.cache ? { ...prepared.options, cache: { ...prepared.options.cache, deferWrite: (write: () => void) => (writeInventoryCache = write) } } : prepared.options;
      const result = await scanProject(target.dir, options);
      prepared.progress.finish();
      for (const warning of result.warnings) context.warn(warningText(warning));
      const verdict = evaluatePolicy(result, policy, context.now());
      for (const warning of verdict.warnings) context.warn(warningText(warning));
      const input = { result, verdict, policy: { failOn: policy.failOn.severity, file: policy.file ?? null }, ...sharedReportOptions(flags, outputs, 'scan', context) };
      prepared.progress.phase('rendering the outputs');
      const rendered = await renderEveryOutput(outputs, (format, terminal) => renderScanOutput(format, { ...input, ...terminal }), flags, context);
      // The JSON report is made as it is written: the phase lasts until every output is staged.
      context.writeOutputs(rendered, () => prepared.progress.finish());
      rendered.length = 0;
      writeInventoryCache?.();
      if (store) {
        const { recordScan } = await import('../record-scan.js');
        await recordScan(store, result, { passed: verdict.passed, violations: verdict.violations.length }, policy.ignore, context, flags.project);
      }
      if (!verdict.passed) {
        context.info(`policy failed: ${verdict.violations.length} violation(s) (${ruleSummary(verdict.violations)})`);
        context.setExitCode(1);
      }
    } finally {
      await store?.close();
      prepared.close();
    }
  });
}
