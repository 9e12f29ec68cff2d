import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { DeptrustError, NetworkError } from '../model/errors.js';
import { MAX_RESPONSE_BYTES, readCapped } from './read-capped.js';

/**
 * The transport under the retries: Node's fetch, or src/net/npm-fetch.ts's
 * (npm's proxy and TLS settings). `ready` does its set-up (loading modules,
 * reading the cafile) before the deadline's clock starts: that is not network time.
 */
export type FetchFunction = ((url: string, init: RequestInit) => Promise<Response>) & { ready?: () => Promise<void> };

export interface RetryOptions {
  /** Attempts after the first. */
  retries: number;
  /** First backoff; doubles each retry (with jitter), capped at `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
  /** Per-attempt timeout of inactivity: for the answer, then between chunks of its body. */
  timeoutMs: number;
  /** Aborts everything (an overall deadline). */
  signal?: AbortSignal;
  /** Starts the deadline's clock (at the first request of the command). */
  startDeadline?: () => void;
  fetch?: FetchFunction;
  onRetry?: (info: { url: string; attempt: number; delayMs: number; reason: string }) => void;
  /** Injected for tests; defaults to a real timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const DEFAULT_RETRY: RetryOptions = { retries: 3, backoffMs: 500, maxBackoffMs: 30_000, timeoutMs: 30_000 };

/**
 * fetch with a per-attempt timeout and retries with exponential backoff for
 * network errors, 429 and 5xx. The timeout is one of inactivity: it bounds
 * the wait for the answer, then every wait for more of its body, so a large
 * dump that keeps arriving is never cut off at a fixed total time, while a
 * transfer that stalls is. A `Retry-After` header (seconds or an HTTP
 * date, RFC 9110 §10.2.3) sets the delay. Other 4xx answers are returned to
 * the caller, which knows what they mean.
 */
export async function fetchWithRetry(url: string, init: RequestInit, options: RetryOptions): Promise<Response> {
  const doFetch: FetchFunction = options.fetch ?? fetch;
  const sleep = options.sleep ?? delay;
  let lastReason = '';
  await doFetch.ready?.();
  options.startDeadline?.();
  // The overall deadline, whenever it strikes (before a request, during one, in a backoff or Retry-After wait), is a network failure: the documented fallbacks apply.
  const deadlineReached = (cause: unknown): NetworkError => new NetworkError(`request to ${url} was aborted: overall timeout reached`, url, undefined, { cause });
  for (let attempt = 0; attempt <= options.retries; attempt++) {
    if (options.signal?.aborted) throw deadlineReached(options.signal.reason);
    const idle = inactivityTimeout(options.timeoutMs);
    const signals = [idle.signal, ...(options.signal ? [options.signal] : [])];
    let response: Response | undefined;
    try {
      response = await doFetch(url, { ...init, signal: AbortSignal.any(signals) });
    } catch (error) {
      idle.stop();
      if (options.signal?.aborted) throw deadlineReached(error);
      // A configuration error (an unreadable cafile) is not the network's, and a certificate refused now is refused on every retry.
      if (error instanceof DeptrustError) throw error;
      if (isCertificateError(error)) throw new NetworkError(`request to ${url} failed: ${describeFetchError(error, options.timeoutMs)} (the npm settings cafile, ca and strict-ssl apply)`, url, undefined, { cause: error });
      lastReason = describeFetchError(error, options.timeoutMs);
    }
    if (response && response.status !== 429 && response.status < 500) return watchedBody(response, idle);
    idle.stop();
    if (response) {
      lastReason = `HTTP ${response.status}`;
      await response.body?.cancel().catch(() => undefined);
    }
    if (attempt === options.retries) break;
    const backoff = Math.min(options.maxBackoffMs, options.backoffMs * 2 ** attempt) * (0.75 + Math.random() / 2);
    const delayMs = Math.min(options.maxBackoffMs, retryAfterMs(response?.headers.get('retry-after') ?? null) ?? backoff);
    options.onRetry?.({ url, attempt: attempt + 1, delayMs, reason: lastReason });
    try {
      await sleep(delayMs, options.signal);
    } catch (error) {
      throw deadlineReached(error);
    }
  }
  throw new NetworkError(`request to ${url} failed after ${options.retries + 1} attempts: ${lastReason}`, url);
}

/**
 * Reads a whole body as text, at most `maxBytes` (an OSV API answer, `modified_id.csv`, one record),
 * failing on a body shorter than its Content-Length (a truncated transfer).
 */
export async function readText(response: Response, url: string, maxBytes = MAX_RESPONSE_BYTES): Promise<string> {
  return (await readBodyChecked(response, url, maxBytes)).toString('utf8');
}

export async function readBodyChecked(response: Response, url: string, maxBytes = MAX_RESPONSE_BYTES): Promise<Buffer> {
  let body: Buffer;
  try {
    // Capped as it comes: an endless answer that keeps sending never trips the inactivity timeout,
    // and read whole (arrayBuffer) it grew until the process ran out of memory.
    body = response.body ? await readCapped(response.body as unknown as AsyncIterable<Uint8Array>, url, maxBytes) : Buffer.alloc(0);
  } catch (error) {
    if (error instanceof NetworkError) throw error;
    throw new NetworkError(`the answer from ${url} was cut off: ${error instanceof Error ? error.message : String(error)}`, url, response.status, { cause: error });
  }
  const expected = Number(response.headers.get('content-length'));
  if (Number.isFinite(expected) && expected > 0 && !response.headers.get('content-encoding') && body.byteLength !== expected) {
    throw new NetworkError(`the answer from ${url} was cut off (${body.byteLength} of ${expected} bytes)`, url, response.status);
  }
  return body;
}

export function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
  return cause ?? (error instanceof Error ? error.message : String(error));
}

interface InactivityTimeout {
  signal: AbortSignal;
  /** Data arrived: the clock starts again. */
  touch(): void;
  stop(): void;
}

/** Aborts once nothing has arrived for `ms`. */
function inactivityTimeout(ms: number): InactivityTimeout {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const touch = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new DOMException(`no data for ${ms} ms`, 'TimeoutError')), ms);
    // An open socket keeps the process alive; the timer alone never does (a body nobody reads).
    timer.unref();
  };
  touch();
  return { signal: controller.signal, touch, stop: () => clearTimeout(timer) };
}

/** Statuses whose answer has no body (Fetch standard, "null body status"). */
export const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

/** The response with its body passed through the inactivity timeout: each chunk restarts it, the end stops it. */
function watchedBody(response: Response, idle: InactivityTimeout): Response {
  if (!response.body || NULL_BODY_STATUS.has(response.status)) {
    idle.stop();
    return response;
  }
  const body = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        idle.touch();
        controller.enqueue(chunk);
      },
      flush: () => idle.stop(),
    }),
  );
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/** TLS verification failures (OpenSSL's codes as Node reports them). */
function isCertificateError(error: unknown): boolean {
  const code = [error, error instanceof Error ? error.cause : undefined]
    .map((e) => (e && typeof e === 'object' && 'code' in e && typeof e.code === 'string' ? e.code : ''))
    .find((c) => c !== '');
  return code !== undefined && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS_CERT/.test(code);
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}

/** Runs `work` over items with at most `limit` in flight; results in input order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  // One iterator shared by the workers: each takes the next item when free.
  const queue = items.entries();
  const worker = async (): Promise<void> => {
    for (const [index, item] of queue) results[index] = await work(item, index);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Streams a response body into a file, reporting progress, and fails on a
 * body shorter than its Content-Length (a transfer cut off midway).
 */
export async function saveBody(
  response: Response,
  file: string,
  url: string,
  onProgress?: (received: number, total: number | undefined) => void,
  maxBytes = Number.POSITIVE_INFINITY,
): Promise<number> {
  // A compressed answer is decoded on the way: its Content-Length counts the encoded bytes, not what is written.
  const total = response.headers.get('content-encoding') ? undefined : Number(response.headers.get('content-length')) || undefined;
  let received = 0;
  if (!response.body) throw new NetworkError(`${url} sent no body`, url, response.status);
  if (total !== undefined && total > maxBytes) {
    await response.body.cancel().catch(() => undefined);
    throw new NetworkError(`the download of ${url} is larger than ${maxBytes} bytes (${total}): not downloaded`, url, response.status);
  }
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      // A body past the cap (an endless one, or a Content-Length that lied) stops the transfer; the caller removes the file.
      if (received > maxBytes) {
        callback(new NetworkError(`the download of ${url} passed ${maxBytes} bytes: stopped`, url, response.status));
        return;
      }
      onProgress?.(received, total);
      callback(null, chunk);
    },
  });
  try {
    // lib.dom's ReadableStream and node:stream/web's are the same object, typed twice.
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), counter, createWriteStream(file));
  } catch (error) {
    if (error instanceof NetworkError) throw error;
    throw new NetworkError(`the download of ${url} was cut off after ${received} bytes`, url, response.status, { cause: error });
  }
  if (total !== undefined && received !== total) throw new NetworkError(`the download of ${url} was cut off (${received} of ${total} bytes)`, url, response.status);
  return received;
}

/** The largest file `db import <url>` downloads (an OSV all.zip is a few hundred MiB). */
export const MAX_DOWNLOAD_BYTES = 4 * 1024 * 1024 * 1024;

/** Downloads a URL to a file with retries (`db import <url>`), at most `maxBytes`. */
export async function downloadFile(
  url: string,
  file: string,
  retry: RetryOptions,
  onProgress?: (received: number, total: number | undefined) => void,
  maxBytes = MAX_DOWNLOAD_BYTES,
): Promise<number> {
  const response = await fetchWithRetry(url, {}, retry);
  if (!response.ok) throw new NetworkError(`${url} answered HTTP ${response.status}`, url, response.status);
  return saveBody(response, file, url, onProgress, maxBytes);
}
