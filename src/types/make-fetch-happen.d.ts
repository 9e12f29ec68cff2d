// make-fetch-happen ships no types; its README documents `fetch(url, opts)`
// with minipass-fetch's Response and npm's agent options (proxy, noProxy, ca, strictSSL).
declare module 'make-fetch-happen' {
  export interface MakeFetchResponse {
    status: number;
    statusText: string;
    headers: { entries(): IterableIterator<[string, string]> };
    /** A Minipass stream: async iterable, an EventEmitter that emits 'error'. */
    body: AsyncIterable<Buffer> & { on(event: 'error', listener: (error: unknown) => void): unknown };
  }
  export default function fetch(url: string, opts?: Record<string, unknown>): Promise<MakeFetchResponse>;
}
