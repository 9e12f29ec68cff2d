import { COLOUR_STYLE, type TerminalStyle } from '../report/terminal-style.js';
import type { CliStream } from './cli-process.js';

/**
 * What the terminal report may assume about where it is printed: the width
 * it must fit and whether it may use colour. Files get neither: 80 columns
 * (the width a reader of a log or a CI page can count on) and plain text.
 */

/** `COLUMNS` when set (the shell's word), else the TTY's width, else 80. */
export function terminalWidth(stream: CliStream, env: NodeJS.ProcessEnv): number {
  const fromEnv = Number.parseInt(env['COLUMNS'] ?? '', 10);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  if (stream.isTTY && stream.columns !== undefined && stream.columns > 0) return stream.columns;
  return 80;
}

/**
 * Colour on a TTY unless `NO_COLOR` is set (no-color.org); `FORCE_COLOR`
 * (other than `0`/`false`) turns it on for a pipe too. Never for files.
 */
export function colourWanted(toStdout: boolean, stream: CliStream, env: NodeJS.ProcessEnv): boolean {
  if (!toStdout) return false;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  return stream.isTTY === true;
}

/** How the table of one output is laid out: stdout fits the terminal (in colour when wanted), a file gets 80 plain columns. */
export function terminalFor(file: string | undefined, wide: boolean | undefined, io: { stdout: CliStream; env: NodeJS.ProcessEnv }): { width: number; wide?: true; style?: TerminalStyle } {
  const toStdout = file === undefined || file === '-';
  return { width: toStdout ? terminalWidth(io.stdout, io.env) : 80, ...(wide ? { wide: true } : {}), ...(colourWanted(toStdout, io.stdout, io.env) ? { style: COLOUR_STYLE } : {}) };
}
