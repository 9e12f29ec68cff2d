// Text from outside (advisory records, lockfiles, package names, policy files)
// may carry terminal control sequences: ESC [2J clears the screen, ESC ] 0;…
// BEL retitles the window, a carriage return lets a later text overwrite the
// line it is on. Every report a person reads goes through this one function.

/**
 * C0 controls except tab and newline, DEL, C1 controls (U+0080–U+009F, where
 * 8-bit CSI and OSC live), and the bidirectional embeddings, overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069): a project name with a
 * right-to-left override ("Trojan Source") shows reversed, and the override
 * runs on through the rest of its table row, so a cell could make the
 * columns after it read differently from what they hold.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is this module's job
const CONTROLS = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- as above
const CONTROLS_BUT_NEWLINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export interface NeutralizeOptions {
  /** Keep line breaks (a CRLF becomes a plain newline) where the format has lines; otherwise they are shown escaped. */
  keepNewlines?: boolean;
}

/**
 * Shows every control character as a visible escape (`\x1b`, `\r`, `\x9b`)
 * instead of letting it act on the terminal or the page. Idempotent: its
 * output has no control characters left to escape.
 */
export function neutralizeControls(text: string, options: NeutralizeOptions = {}): string {
  if (options.keepNewlines) return text.replace(/\r\n/g, '\n').replace(CONTROLS_BUT_NEWLINE, visible);
  return text.replace(CONTROLS, visible);
}

/** Lines already safe to print (a drawn table, whose cells were neutralized one by one): kept as they are. */
export class SafeLines {
  constructor(readonly text: string) {}
}

/**
 * Report lines joined into text, each line's control characters shown
 * escaped, a newline included: a package name from a lockfile cannot start a
 * line of its own (a forged "advisories: none" line, a suggested command
 * split in two).
 */
export function joinReportLines(lines: ReadonlyArray<string | SafeLines>): string {
  return lines.map((line) => (line instanceof SafeLines ? line.text : neutralizeControls(line))).join('\n');
}

function visible(character: string): string {
  if (character === '\n') return '\\n';
  if (character === '\r') return '\\r';
  const code = character.charCodeAt(0);
  return code > 0xff ? `\\u${code.toString(16)}` : `\\x${code.toString(16).padStart(2, '0')}`;
}

/**
 * JSON text with the C1 controls and DEL escaped as `\u009b` (JSON.stringify
 * escapes only C0): the same data for a parser, nothing live for a terminal
 * that shows the file. Such characters can occur only inside JSON strings.
 */
export function escapeJsonControls(json: string): string {
  // Tested first: a report of 100 MB without any is not copied.
  if (!/[\u007f-\u009f]/.test(json)) return json;
  return json.replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
