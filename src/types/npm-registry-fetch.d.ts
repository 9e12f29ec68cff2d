// npm-registry-fetch ships no types; its README documents `fetch(url, opts)`
// returning a fetch Response (minipass-fetch), with npm's flattened options.
declare module 'npm-registry-fetch' {
  export interface RegistryResponse {
    status: number;
    ok: boolean;
    headers: { get(name: string): string | null };
    json(): Promise<unknown>;
    text(): Promise<string>;
    /** The body as a stream (a Minipass stream: async iterable, destroyable). */
    body: AsyncIterable<Uint8Array> & { destroy?(): void };
  }
  export default function fetch(uri: string, opts?: Record<string, unknown>): Promise<RegistryResponse>;
}
