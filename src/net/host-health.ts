/** Consecutive connection failures after which a host is not asked again in this run. */
export const FAILURES_BEFORE_GIVING_UP = 3;

/**
 * Connection failures per host, for one command: after a few in a row (the
 * host refuses, does not resolve, or does not answer in time), the rest of
 * the run stops asking it and marks what remains unknown, instead of paying
 * every request's timeout and retries again (hundreds of packages against an
 * unreachable registry). Any answer, even an HTTP error, resets the count.
 */
export class HostHealth {
  readonly #failures = new Map<string, number>();
  readonly #givenUp = new Map<string, string>();
  readonly #limit: number;

  constructor(limit = FAILURES_BEFORE_GIVING_UP) {
    this.#limit = limit;
  }

  /** Why this URL's host is no longer asked, or undefined while it is. */
  unavailable(url: string): string | undefined {
    return this.#givenUp.get(hostOf(url));
  }

  succeeded(url: string): void {
    this.#failures.set(hostOf(url), 0);
  }

  failed(url: string, reason: string): void {
    const host = hostOf(url);
    const count = (this.#failures.get(host) ?? 0) + 1;
    this.#failures.set(host, count);
    if (count >= this.#limit && !this.#givenUp.has(host)) this.#givenUp.set(host, `${count} connection failures in a row, the last: ${reason}`);
  }

  /** Hosts given up on, with why, sorted by host. */
  givenUp(): Array<{ host: string; reason: string }> {
    return [...this.#givenUp].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([host, reason]) => ({ host, reason }));
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * Whether an error is a failure to reach the host (refused, reset, unknown
 * name, timed out) rather than an answer: only these count against it.
 */
export function isConnectionFailure(error: unknown): boolean {
  const code = errorCode(error) ?? errorCode(error instanceof Error ? error.cause : undefined);
  if (code && /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|UND_ERR_CONNECT_TIMEOUT|UND_ERR_SOCKET|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT|ERR_SOCKET_TIMEOUT|FETCH_ERROR)$/.test(code)) return true;
  const type = error && typeof error === 'object' && 'type' in error ? String(error.type) : '';
  if (type === 'request-timeout' || type === 'body-timeout' || type === 'system') return true;
  return error instanceof Error && (error.name === 'TimeoutError' || /timed? ?out|socket hang up/i.test(error.message));
}

function errorCode(error: unknown): string | undefined {
  return error && typeof error === 'object' && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
