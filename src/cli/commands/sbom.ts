import { randomUUID } from 'node:crypto';
import { Command, Option } from 'commander';
import type { CycloneDxFormat, CycloneDxSpecVersion, SbomRisk } from '../../report/cyclonedx.js';
import { choice, parseOmit } from '../options.js';
import type { CliContext } from '../context.js';
import { databaseOptionHelp, databasePath } from '../database-path.js';
import { LOCKFILE_HELP, projectTarget } from '../project-target.js';
import type { Inventory, OmittableScope } from '../../model/component.js';
import { warningText } from '../../report/warning-text.js';
import type { Warning } from '../../model/warning.js';

interface SbomFlags {
  spec: CycloneDxSpecVersion;
  format: CycloneDxFormat;
  output?: string;
  omit?: OmittableScope[];
  reproducible?: boolean;
  db?: string;
  vulnerabilities?: boolean;
  config?: string;
  lockfile?: string;
}

export function sbomCommand(context: CliContext): Command {
  return new Command('sbom')
    .description('write a CycloneDX SBOM of the project (validated against the CycloneDX schema)')
    .argument('[dir]', 'project directory or its lockfile', '.')
    .option('--lockfile <file>', LOCKFILE_HELP)
    .addOption(new Option('--spec <version>', 'CycloneDX spec version').argParser(choice(['1.6', '1.5', '1.4'] as const)).default('1.6'))
    .addOption(new Option('--format <format>', 'json or xml').argParser(choice(['json', 'xml'] as const)).default('json'))
    .option('-o, --output <file>', 'write to a file (atomically) instead of stdout')
    .option('--omit <scope>', 'leave out dev, optional or peer dependencies (repeatable)', parseOmit)
    .option('--reproducible', 'no serial number or timestamp, everything sorted: same input, same bytes')
    .option('--db <file>', databaseOptionHelp('advisory database, also holding the inventory cache', context.env))
    .option('--no-vulnerabilities', 'components only: no vulnerabilities, VEX, risk scores or signals')
    .option('--config <file>', 'policy file whose ignore rules become VEX (default: .deptrust.json walking up)')
    .action(async (argument: string, flags: SbomFlags) => {
      const target = projectTarget(argument, flags.lockfile);
      const dir = target.dir;
      const lockfile = target.lockfile === undefined ? {} : { lockfile: target.lockfile };
      // Compile the schema on the other core first, while everything else loads and the tree resolves.
      const { startCycloneDxValidator, validatedSbom } = await import('../../report/cyclonedx-validation.js');
      const validator = startCycloneDxValidator(flags.spec);
      // Loaded here, not at start-up: each command pays only for what it uses.
      const { withOptionalStore } = await import('../../pipeline/optional-store.js');
      const { hasAdvisoryData } = await import('../../pipeline/advisory-database.js');
      const { inventoryProject } = await import('../../pipeline/inventory-project.js');
      // With advisory data in the local database (and unless --no-vulnerabilities), the SBOM
      // carries the findings, VEX for ignored ones, risk scores and signals. Never the network.
      const { inventory, output } = await withOptionalStore(databasePath(flags.db, context.env), async (db) => {
        // A fresh inventory is written to the cache while the worker validates the SBOM.
        let writeCache: (() => void) | undefined;
        const cache = db ? { cache: { db, salt: context.version, now: context.now, deferWrite: (write: () => void) => (writeCache = write) } } : {};
        let found: { inventory: Inventory; risk?: SbomRisk; warnings: Warning[] };
        if (db && flags.vulnerabilities !== false && hasAdvisoryData(db)) {
          const { scanOffline } = await import('../../pipeline/scan-project.js');
          const { evaluatePolicy } = await import('../../policy/evaluate-policy.js');
          const { loadPolicy } = await import('../../policy/load-policy.js');
          const policy = await loadPolicy(dir, flags.config);
          const scan = await scanOffline(dir, db, { omit: flags.omit ?? policy.omit, now: context.now, ...cache, ...lockfile });
          const verdict = evaluatePolicy(scan, policy, context.now());
          found = {
            inventory: scan.inventory,
            risk: { findings: scan.findings, suppressed: verdict.suppressed, scores: scan.scores, signals: scan.signals, remediations: scan.remediations },
            warnings: [...scan.warnings, ...verdict.warnings],
          };
        } else {
          const inventory = await inventoryProject(dir, { omit: flags.omit ?? [], ...cache, ...lockfile });
          found = { inventory, warnings: inventory.warnings };
        }
        for (const warning of found.warnings) context.warn(warningText(warning));
        const sbom = await validatedSbom(
          found.inventory,
          {
            spec: flags.spec,
            format: flags.format,
            reproducible: flags.reproducible === true,
            timestamp: context.now(),
            serialNumber: `urn:uuid:${randomUUID()}`,
            tool: { name: 'deptrust', version: context.version },
            ...(found.risk ? { risk: found.risk } : {}),
          },
          validator,
          () => writeCache?.(),
        );
        return { inventory: found.inventory, output: sbom };
      }, (warning) => context.warn(warningText(warning)));
      context.writeOutput(flags.output, output);
      if (flags.output) context.info(`wrote ${flags.output}: CycloneDX ${flags.spec} ${flags.format}, ${inventory.components.length} components`);
    });
}
