import { randomUUID } from 'node:crypto';
import { Command, Option } from 'commander';
import type { CycloneDxFormat, CycloneDxSpecVersion } from '../../report/cyclonedx.js';
import { inventoryProject } from '../../scan.js';
import { startCycloneDxValidator, validatedSbom } from '../cyclonedx-validation.js';
import { choice, parseOmit } from '../options.js';
import type { CliContext } from '../context.js';
import { databasePath } from '../database-path.js';
import { withOptionalStore } from '../optional-store.js';
import type { OmittableScope } from '../../model/component.js';

interface SbomFlags {
  spec: CycloneDxSpecVersion;
  format: CycloneDxFormat;
  output?: string;
  omit?: OmittableScope[];
  reproducible?: boolean;
  db?: string;
}

export function sbomCommand(context: CliContext): Command {
  return new Command('sbom')
    .description('write a CycloneDX SBOM of the project (validated against the CycloneDX schema)')
    .argument('[dir]', 'project directory', '.')
    .addOption(new Option('--spec <version>', 'CycloneDX spec version').argParser(choice(['1.6', '1.5', '1.4'] as const)).default('1.6'))
    .addOption(new Option('--format <format>', 'json or xml').argParser(choice(['json', 'xml'] as const)).default('json'))
    .option('-o, --output <file>', 'write to a file (atomically) instead of stdout')
    .option('--omit <scope>', 'leave out dev, optional or peer dependencies (repeatable)', parseOmit)
    .option('--reproducible', 'no serial number or timestamp, everything sorted: same input, same bytes')
    .option('--db <file>', 'database holding the inventory cache (default $DEPTRUST_DB or ~/.cache/deptrust/deptrust.db)')
    .action(async (dir: string, flags: SbomFlags) => {
      // Compile the schema on the other core while the tree loads.
      const validator = startCycloneDxValidator(flags.spec);
      const inventory = await withOptionalStore(databasePath(flags.db), (db) =>
        inventoryProject(dir, { omit: flags.omit ?? [], ...(db ? { cache: { db, salt: context.version, now: context.now } } : {}) }),
      );
      for (const warning of inventory.warnings) context.warn(warning);
      const output = await validatedSbom(
        inventory,
        {
          spec: flags.spec,
          format: flags.format,
          reproducible: flags.reproducible === true,
          timestamp: context.now(),
          serialNumber: `urn:uuid:${randomUUID()}`,
          tool: { name: 'deptrust', version: context.version },
        },
        validator,
      );
      context.writeOutput(flags.output, output);
      if (flags.output) context.info(`wrote ${flags.output}: CycloneDX ${flags.spec} ${flags.format}, ${inventory.components.length} components`);
    });
}
