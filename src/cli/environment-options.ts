import { InvalidArgumentError, Option, type Command } from 'commander';

/**
 * An option that takes its value from an environment variable when the flag
 * is not given. Commander's own `.env()` reads the global process.env; the
 * CLI's environment is the one it is given (the process's in a real run, a
 * test's own when run in process: test/helpers/run-cli.ts).
 */
export class EnvironmentOption extends Option {
  readonly variable: string;

  constructor(flags: string, description: string, variable: string) {
    // Worded as commander's help words `.env()`.
    super(flags, `${description} (env: ${variable})`);
    this.variable = variable;
  }
}

/** Applies `env`'s values to the EnvironmentOptions of `command` the command line left unset, parsed and refused as commander would. */
export function applyOptionEnvironment(command: Command, env: NodeJS.ProcessEnv): void {
  for (const option of command.options) {
    if (!(option instanceof EnvironmentOption)) continue;
    const raw = env[option.variable];
    const key = option.attributeName();
    const source = command.getOptionValueSource(key);
    if (raw === undefined || (source !== undefined && source !== 'default')) continue;
    command.setOptionValueWithSource(key, option.required || option.optional ? parsed(command, option, raw) : true, 'env');
  }
}

function parsed(command: Command, option: EnvironmentOption, raw: string): unknown {
  if (!option.parseArg) return raw;
  try {
    return option.parseArg(raw, undefined);
  } catch (error) {
    if (!(error instanceof InvalidArgumentError)) throw error;
    // Commander's wording for a bad value from the environment.
    return command.error(`error: option '${option.flags}' value '${raw}' from env '${option.variable}' is invalid. ${error.message}`, { exitCode: error.exitCode, code: error.code });
  }
}
