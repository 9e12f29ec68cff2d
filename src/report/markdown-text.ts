// Text for GitHub-flavoured Markdown built from untrusted package data.
import { neutralizeControls } from './control-characters.js';

/** Escapes Markdown table and emphasis characters in untrusted text. */
export function escape(text: string): string {
  return neutralizeControls(text.replace(/\r?\n/g, ' ')).replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`);
}

/** A code span: its content is literal, so only backticks (and pipes, in tables) need care. */
export function code(text: string): string {
  return `\`${neutralizeControls(text.replace(/\r?\n/g, ' ')).replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}

export function escapeHtml(text: string): string {
  return neutralizeControls(text.replace(/\r?\n/g, ' ')).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Characters that would end a link destination, a table cell or a code span, percent-encoded. */
const LINK_BREAKERS = /[()|`<>"\\ ]/g;

/**
 * The URL when it is http(s), normalised by the WHATWG parser and with the
 * characters that end a Markdown link or table cell (`)`, `|`, backticks…)
 * percent-encoded; undefined for anything else (`javascript:`, `data:`, junk).
 */
export function httpUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  return parsed.href.replace(LINK_BREAKERS, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** A link when the URL is http(s); otherwise the label and the URL as inert text. */
export function link(label: string, url: string): string {
  const href = httpUrl(url);
  return href ? `[${escape(label)}](${href})` : `${escape(label)}: ${code(url)} (not an http(s) link)`;
}

/**
 * Absolute local paths (`/home/ci/osv.zip`, `C:\data\base.json`, `~/x`)
 * replaced by their last segment: a pull-request comment is public, the
 * runner's file system is not. URLs (`https://…`) are left alone.
 */
export function withoutLocalPaths(text: string): string {
  return text.replace(/(?<![\w:/.~-])(?:~?\/|[A-Za-z]:[\\/])[^\s,;()'"`]*/g, (whole) => whole.split(/[\\/]/).filter(Boolean).pop() ?? whole);
}
