import { existsSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { UsageError } from '../../model/errors.js';
import type { CliContext } from '../context.js';
import { POLICY_FILE, shippedSchemaPath, starterPolicy } from '../../policy/policy-file.js';

export function initCommand(context: CliContext): Command {
  return new Command('init')
    .description(`write a starter ${POLICY_FILE} (policy: what fails, what to omit, what to ignore until when)`)
    .argument('[dir]', 'project directory', '.')
    .option('--force', 'replace an existing file')
    .action((dir: string, flags: { force?: boolean }) => {
      const file = path.join(path.resolve(dir), POLICY_FILE);
      if (existsSync(file) && !flags.force) throw new UsageError(`${file} exists already (use --force to replace it)`);
      context.writeOutput(file, starterPolicy(shippedSchemaPath(dir)));
      context.info(`wrote ${file}: edit it, then run "deptrust scan"`);
    });
}
