import { NetworkError } from '../model/errors.js';

/** The largest answer read into memory (an OSV API answer, a packument): no real one comes near it. */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/**
 * Reads a body into one buffer, failing as soon as it passes `maxBytes`, so
 * a huge or endless answer costs at most that much memory. `cancel` stops
 * the transfer when it is cut short.
 */
export async function readCapped(body: AsyncIterable<Uint8Array>, url: string, maxBytes: number, cancel?: () => void): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of body) {
    received += chunk.byteLength;
    if (received > maxBytes) {
      cancel?.();
      throw new NetworkError(`the answer from ${url} is larger than ${maxBytes} bytes: not read`, url);
    }
    chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }
  return Buffer.concat(chunks, received);
}
