/**
 * Recorded strings (project names, branches, paths) are data from many
 * repositories: in a terminal, control characters and bidirectional overrides
 * could rewrite what is shown. They are printed as visible escapes.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function terminalText(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
