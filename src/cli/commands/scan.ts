import { Command, Option } from 'commander';
import type { OmittableScope } from '../../model/component.js';
import { randomUUID } from 'node:crypto';
import { collectOutput, resolveOutputs, SCAN_FORMATS, type OutputSpec, type ScanFormat } from '../output-specs.js';
import type { FailOn } from '../../policy/evaluate-policy.js';
import type { CliContext } from '../context.js';
import { POLICY_FILE } from '../policy-file.js';
import { databasePath } from '../database-path.js';
import { addNetworkOptions, networkSettings, type NetworkFlags } from '../network-options.js';
import { choice, parseOmit, positiveInteger } from '../options.js';
import { createProgress } from '../progress.js';

interface ScanFlags extends NetworkFlags {
  format: ScanFormat;
  output?: OutputSpec[];
  omit?: OmittableScope[];
  offline?: boolean;
  db?: string;
  source: 'local' | 'api';
  failOn?: FailOn;
  config?: string;
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
    .addOption(new Option('--format <format>', `output format: ${SCAN_FORMATS.join(', ')}`).argParser(choice(SCAN_FORMATS)).default('table'))
    .option('-o, --output <spec>', 'an output: FILE (in --format), FORMAT (stdout) or FORMAT=FILE; repeatable, each written atomically', collectOutput)
    .option('--omit <scope>', 'leave out dev, optional or peer dependencies (repeatable)', parseOmit)
    .option('--offline', 'never use the network (local database only)')
    .option('--db <file>', 'advisory database (default $DEPTRUST_DB or ~/.cache/deptrust/deptrust.db)')
    .addOption(new Option('--source <source>', 'advisories from the local database or the OSV API').argParser(choice(['local', 'api'] as const)).default('local'))
    .addOption(
      new Option('--fail-on <severity>', 'fail (exit 1) on findings at or above this severity (default high, or the policy file\'s); malware always fails').argParser(
        choice(['critical', 'high', 'medium', 'low', 'none'] as const),
      ),
    )
    .option('--config <file>', `policy file (default: ${POLICY_FILE} found by walking up from the project)`)
    .option('--reproducible', 'JSON without the generation time: same input, same bytes')
    .option('--max-paths <n>', 'paths per finding in JSON output', positiveInteger, 5)
    .option('--max-rows <n>', 'rows in the table (the rest are counted)', positiveInteger)
    .option('--no-registry', 'skip registry metadata (deprecated, stale, behind, new, maintainers)')
    .option('--registry-ttl <hours>', 'use cached registry metadata younger than this', positiveInteger, 24);
  return addNetworkOptions(command).action(async (dir: string, flags: ScanFlags) => {
    const { renderJson } = await import('../../report/json.js');
    const { renderMarkdown } = await import('../../report/markdown.js');
    const { renderSarif } = await import('../../report/sarif.js');
    const { renderTable } = await import('../../report/table.js');
    const { validatedSbom } = await import('../cyclonedx-validation.js');
    const { chooseAdvisoryProvider, DEFAULT_NETWORK, scanProject } = await import('../../scan.js');
    const { evaluatePolicy } = await import('../../policy/evaluate-policy.js');
    const { loadPolicy } = await import('../load-policy.js');
    const { openDatabase } = await import('../../store/db.js');
    const outputs = resolveOutputs(flags.output, flags.format);
    const loaded = loadPolicy(dir, flags.config);
    const policy = { ...loaded, failOn: { ...loaded.failOn, severity: flags.failOn ?? loaded.failOn.severity } };
    const failOn = policy.failOn.severity;
    const db = openDatabase(databasePath(flags.db));
    try {
      const progress = createProgress(context.progressEnabled());
      const provider = await chooseAdvisoryProvider({
        db,
        source: flags.source,
        offline: flags.offline === true,
        network: networkSettings(flags, DEFAULT_NETWORK),
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
        omit: flags.omit ?? policy.omit,
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
      const verdict = evaluatePolicy(result, policy, context.now());
      for (const warning of verdict.warnings) context.warn(warning);
      const tool = { name: 'deptrust', version: context.version };
      // Every output is rendered (and the SBOM validated) before any is written.
      const rendered: Array<{ file: string | undefined; content: string }> = [];
      for (const { format, file } of outputs) {
        let content: string;
        if (format === 'json') {
          content = renderJson(result, { tool, ...(flags.reproducible ? {} : { generatedAt: context.now() }), verdict: { ...verdict, failOn, policyFile: policy.file ?? null }, maxPaths: flags.maxPaths });
        } else if (format === 'sarif') {
          content = renderSarif(result, { tool });
        } else if (format === 'markdown') {
          content = renderMarkdown(result, { now: context.now(), violations: verdict.violations, failOn });
        } else if (format === 'cyclonedx') {
          content = await validatedSbom(result.inventory, {
            spec: '1.6',
            format: 'json',
            reproducible: flags.reproducible === true,
            timestamp: context.now(),
            serialNumber: `urn:uuid:${randomUUID()}`,
            tool,
            risk: { findings: result.findings, suppressed: verdict.suppressed, scores: result.scores, signals: result.signals },
          });
        } else {
          content = renderTable(result, { now: context.now(), ...(flags.maxRows ? { maxRows: flags.maxRows } : {}) });
        }
        rendered.push({ file, content });
      }
      for (const { file, content } of rendered) {
        context.writeOutput(file, content);
        if (file && file !== '-') context.info(`wrote ${file}`);
      }
      if (!verdict.passed) {
        const rules = [...new Set(verdict.violations.map((v) => v.rule.replace(/ \d+ >= /, ' >= ')))].join(', ');
        context.info(`policy failed: ${verdict.violations.length} violation(s) (${rules})`);
        context.setExitCode(1);
      }
    } finally {
      db.close();
    }
  });
}
