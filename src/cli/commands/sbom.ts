import { Command, Option } from 'commander';
import type { CycloneDxFormat, CycloneDxSpecVersion } from '../../report/cyclonedx.js';
import { choice, parseOmit } from '../options.js';
import type { CliContext } from '../context.js';
import { databaseOptionHelp, databasePath } from '../database-path.js';
import { LOCKFILE_HELP, projectTarget } from '../project-target.js';
import type { OmittableScope } from '../../model/component.js';
import { warningText } from '../../report/warning-text.js';

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
      // Loaded here, not at start-up: each command pays only for what it uses.
      const { sbomProject } = await import('../../pipeline/sbom-project.js');
      // The library's sbom() goes through the same function (src/index.ts): the CLI adds its words, the file and the exit code.
      const { inventory, text } = await sbomProject(target.dir, {
        spec: flags.spec,
        format: flags.format,
        reproducible: flags.reproducible === true,
        vulnerabilities: flags.vulnerabilities !== false,
        ...(flags.omit ? { omit: flags.omit } : {}),
        ...(flags.config === undefined ? {} : { config: flags.config }),
        ...(target.lockfile === undefined ? {} : { lockfile: target.lockfile }),
        dbFile: databasePath(flags.db, context.env),
        env: context.env,
        now: context.now,
        version: context.version,
        warn: (warning) => context.warn(warningText(warning)),
      });
      context.writeOutput(flags.output, text);
      if (flags.output) context.info(`wrote ${flags.output}: CycloneDX ${flags.spec} ${flags.format}, ${inventory.components.length} components`);
    });
}
