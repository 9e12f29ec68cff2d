import type MakeFetch from 'make-fetch-happen';
import { NULL_BODY_STATUS, type FetchFunction } from './http.js';
import type { TransportSettings } from './transport-settings.js';

/**
 * A fetch that goes through make-fetch-happen, the transport under
 * npm-registry-fetch: the OSV API and dump are reached through the same
 * proxy (or not, per `noproxy` and NO_PROXY), with the same trusted
 * certificates and `strict-ssl`, as npm and the registry client. Node's own
 * fetch ignores all of these. It returns a standard Response, so the retries,
 * timeouts, deadline and size caps of src/net/http.ts apply unchanged.
 *
 * `settings` is called at the first request (an offline run never reads the
 * cafile); make-fetch-happen (about ninety modules) is loaded then too.
 */
export function npmTransportFetch(settings: () => TransportSettings): FetchFunction {
  let transport: Promise<{ makeFetch: typeof MakeFetch; resolved: TransportSettings }> | undefined;
  const ready = (): Promise<{ makeFetch: typeof MakeFetch; resolved: TransportSettings }> =>
    (transport ??= (async () => {
      const resolved = settings();
      const { default: makeFetch } = await import('make-fetch-happen');
      return { makeFetch, resolved };
    })());
  const fetch = async (url: string, init: RequestInit): Promise<Response> => {
    const { makeFetch, resolved } = await ready();
    // Cancelling the body (a size cap, an answer to retry) aborts the request, so the socket is not left open.
    const cancel = new AbortController();
    const response = await makeFetch(url, {
      ...resolved,
      method: init.method ?? 'GET',
      headers: plainHeaders(init.headers),
      ...(typeof init.body === 'string' ? { body: init.body } : {}),
      signal: init.signal ? AbortSignal.any([init.signal, cancel.signal]) : cancel.signal,
      // src/net/http.ts retries, with its own backoff and deadline; no second layer of retries or a cache beneath it.
      retry: { retries: 0 },
      cache: 'no-store',
    });
    // minipass-fetch reports an aborted or broken body as an 'error' event; the reader sees it through the iterator.
    response.body.on('error', () => undefined);
    const nullBody = NULL_BODY_STATUS.has(response.status) || init.method === 'HEAD';
    return new Response(nullBody ? null : webStream(response.body, () => cancel.abort()), {
      status: response.status,
      statusText: response.statusText,
      headers: [...response.headers.entries()],
    });
  };
  return Object.assign(fetch, { ready: async () => void (await ready()) });
}

function plainHeaders(headers: RequestInit['headers']): Record<string, string> {
  return Object.fromEntries(new Headers(headers ?? {}).entries());
}

/**
 * A pull stream over the body: read at the consumer's pace (a dump is
 * hundreds of MiB), with a few chunks read ahead so the socket never waits
 * for the disk.
 */
function webStream(body: AsyncIterable<Buffer>, cancel: () => void): ReadableStream<Uint8Array> {
  const chunks = body[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength));
      },
      cancel,
    },
    { highWaterMark: 8 },
  );
}
