import type { Command } from 'commander';
import type { CliContext } from './context.js';

type CommandFactory = (context: CliContext) => Command;

/**
 * Every command, in the order `deptrust --help` lists them, each loaded only
 * when it is needed: a command line runs one command, and loading the others
 * (their options, helpers and reports, a hundred modules) would be most of
 * the start-up of a quick one such as `portfolio who`.
 */
const COMMANDS: ReadonlyArray<readonly [name: string, load: () => Promise<CommandFactory>]> = [
  ['scan', async () => (await import('./commands/scan.js')).scanCommand],
  ['sbom', async () => (await import('./commands/sbom.js')).sbomCommand],
  ['diff', async () => (await import('./commands/diff.js')).diffCommand],
  ['fix', async () => (await import('./commands/fix.js')).fixCommand],
  ['reduce', async () => (await import('./commands/reduce.js')).reduceCommand],
  ['explain', async () => (await import('./commands/explain.js')).explainCommand],
  ['db', async () => (await import('./commands/db.js')).dbCommand],
  ['portfolio', async () => (await import('./commands/portfolio.js')).portfolioCommand],
  ['init', async () => (await import('./commands/init.js')).initCommand],
];

/**
 * The command an argument list names (`process.argv` without node and the
 * script): its first word that is not an option, or the word after `help`.
 * Undefined when it names none of ours, so that every command is loaded for
 * the program's help and its "unknown command" suggestions.
 */
export function requestedCommand(args: readonly string[]): string | undefined {
  const words = args.filter((arg) => !arg.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return COMMANDS.some(([known]) => known === name) ? name : undefined;
}

/** `deptrust --version` (or `-V`), options only and no help asked: commander answers it before any command is needed. */
function asksOnlyVersion(args: readonly string[]): boolean {
  return args.every((arg) => arg.startsWith('-')) && args.some((arg) => arg === '--version' || arg === '-V') && !args.some((arg) => arg === '--help' || arg === '-h');
}

/** The commands `args` needs: the one it names, none for the version alone, or all of them. */
export async function loadCommands(args: readonly string[], context: CliContext): Promise<Command[]> {
  if (asksOnlyVersion(args)) return [];
  const wanted = requestedCommand(args);
  const entries = COMMANDS.filter(([name]) => wanted === undefined || name === wanted);
  const factories = await Promise.all(entries.map(([, load]) => load()));
  return factories.map((factory) => factory(context));
}
