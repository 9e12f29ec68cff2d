// Text for GitHub-flavoured Markdown built from untrusted package data.

/** Escapes Markdown table and emphasis characters in untrusted text. */
export function escape(text: string): string {
  return text.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** A code span: its content is literal, so only backticks (and pipes, in tables) need care. */
export function code(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
