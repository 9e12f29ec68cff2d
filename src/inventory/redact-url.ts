/** Query parameters that carry secrets in registry and git URLs. */
const SECRET_PARAM = /token|auth|key|secret|passw|sig|credential/i;

/**
 * Removes credentials from a URL: the password always, the user name on
 * http(s) (where it is a token more often than not; `git@` on ssh is kept,
 * it is the account every git host uses), and secret-looking query parameters.
 * Strings that are not URLs (relative paths) are returned unchanged.
 */
export function redactUrl(raw: string): string {
  const parsed = parseCredentialBearing(raw);
  if (!parsed) return raw;
  const { prefix, url } = parsed;
  if (url.password) url.password = '';
  if (url.username && (url.protocol === 'http:' || url.protocol === 'https:' || url.password)) url.username = '';
  for (const name of [...url.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) url.searchParams.delete(name);
  }
  return prefix + url.toString();
}

/**
 * Removes credentials from a string that may be a URL (a declared spec, a
 * homepage), leaving it byte for byte as it was when there are none, so
 * that specs keep their exact text for matching and display.
 */
export function redactSecrets(raw: string): string {
  const url = parseCredentialBearing(raw)?.url;
  if (!url) return raw;
  const http = url.protocol === 'http:' || url.protocol === 'https:';
  const secretParam = [...url.searchParams.keys()].some((name) => SECRET_PARAM.test(name));
  return url.password || (url.username && http) || secretParam ? redactUrl(raw) : raw;
}

/**
 * The URL in `raw` (a `git+` prefix set apart), or undefined when it cannot
 * carry credentials: without `@` there is no user info and without `?` no
 * query (the fast path), and a string that is not a URL has neither.
 */
function parseCredentialBearing(raw: string): { prefix: string; url: URL } | undefined {
  if (!raw.includes('@') && !raw.includes('?')) return undefined;
  const prefix = /^git\+/.test(raw) ? 'git+' : '';
  try {
    return { prefix, url: new URL(raw.slice(prefix.length)) };
  } catch {
    return undefined;
  }
}
