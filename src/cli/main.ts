import { Command } from 'commander';
import { loadCommands } from './command-table.js';
import { realProcess, type CliProcess } from './cli-process.js';
import { processContext } from './context.js';
import { applyOptionEnvironment } from './environment-options.js';
import { exitCodeFor } from './exit.js';
import { removeAllTemporaryFolders } from '../net/temporary-folders.js';
import { restoreInterruptedProjects } from '../pipeline/project-snapshot.js';
import { deptrustVersion } from '../pipeline/version.js';
import { neutralizeControls } from '../report/control-characters.js';

/**
 * Builds the program for one command line (`args`: the arguments after node
 * and the script), with the commands it needs; every command gets the same
 * context and error handling.
 */
export async function buildProgram(version: string, io: CliProcess, args: readonly string[]): Promise<{ program: Command; quiet: () => boolean }> {
  let progress = true;
  const context = processContext(version, () => !progress, io);
  const program = new Command('deptrust')
    .description('dependency and supply-chain risk scanner for Node.js API projects')
    .version(version)
    .option('--no-progress', 'no progress bars or status lines on stderr')
    .hook('preAction', (command, actionCommand) => {
      progress = command.opts()['progress'] !== false;
      for (let c: Command | null = actionCommand; c; c = c.parent) applyOptionEnvironment(c, io.env);
    });
  for (const command of await loadCommands(args, context)) program.addCommand(command);
  // Commander errors (unknown flag, missing argument) exit 2 like every usage
  // error and print the documented one line, `deptrust: ...`, instead of commander's `error: ...`.
  const override = (command: Command): void => {
    command.exitOverride();
    command.configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(parserErrorLine(text, command)),
    });
    command.commands.forEach(override);
  };
  override(program);
  return { program, quiet: () => !progress };
}

/** `error: unknown option '--x'` as `deptrust: unknown option '--x' (run "deptrust scan --help" for usage)`. */
export function parserErrorLine(text: string, command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  const message = neutralizeControls(text.trim().replace(/^error: /, '').replace(/\s*\n\s*/g, ' '));
  return `deptrust: ${message} (run "${names.join(' ')} --help" for usage)\n`;
}

/** Runs the program as this process: its environment, streams and exit code, with its crash and signal handlers. */
export async function run(argv: readonly string[]): Promise<void> {
  const io = realProcess();
  // A failure outside the awaited chain (an event handler, a stray promise) is a bug too: same line, same code.
  const crash = (error: unknown): void => {
    process.exitCode = exitCodeFor(error, (line) => process.stderr.write(`${line}\n`), process.env);
    process.exit();
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  // Interrupted (Ctrl-C, a CI job cancelled): remove the download folders, then exit as the signal would (128 + its number).
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      removeAllTemporaryFolders();
      // fix --apply: the relock is stopped and every file it had changed is put back.
      restoreInterruptedProjects();
      process.exit(code);
    });
  }
  await runWith(argv, io);
}

/**
 * Runs one command line (`argv` as `process.argv`: node, the script, then the
 * arguments) against `io`; every error becomes its line on `io.stderr` and
 * its exit code. Touches nothing of the process it runs in.
 */
export async function runWith(argv: readonly string[], io: CliProcess): Promise<void> {
  try {
    const { program } = await buildProgram(deptrustVersion(), io, argv.slice(2));
    await program.parseAsync([...argv]);
  } catch (error) {
    io.setExitCode(exitCodeFor(error, (line) => io.stderr.write(`${line}\n`), io.env));
  }
}
