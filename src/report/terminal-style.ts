import type { Severity } from '../model/finding.js';

/**
 * ANSI colours for the terminal report. Only the CLI decides whether to use
 * them (a TTY on stdout, NO_COLOR, FORCE_COLOR); files never get them.
 */
export interface TerminalStyle {
  severity(level: Severity, text: string): string;
  pass(text: string): string;
  fail(text: string): string;
  dim(text: string): string;
}

const paint = (open: number, close: number) => (text: string): string => (text === '' ? text : `\x1b[${open}m${text}\x1b[${close}m`);
const red = paint(31, 39);
const yellow = paint(33, 39);
const magenta = paint(35, 39);
const green = paint(32, 39);
const bold = paint(1, 22);
const dim = paint(2, 22);

const SEVERITY_PAINT: Record<Severity, (text: string) => string> = {
  malware: (text) => bold(magenta(text)),
  critical: (text) => bold(red(text)),
  high: red,
  medium: yellow,
  low: (text) => text,
  unknown: dim,
};

export const COLOUR_STYLE: TerminalStyle = {
  severity: (level, text) => SEVERITY_PAINT[level](text),
  pass: (text) => bold(green(text)),
  fail: (text) => bold(red(text)),
  dim,
};

export const PLAIN_STYLE: TerminalStyle = {
  severity: (_level, text) => text,
  pass: (text) => text,
  fail: (text) => text,
  dim: (text) => text,
};
