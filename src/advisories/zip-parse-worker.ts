import { parentPort, workerData } from 'node:worker_threads';
import type { ParsedItem } from './parse-record-text.js';
import { readZipRecords } from './zip-records.js';

// Reads, inflates, parses and validates a zip's records on the second core
// while the main thread writes them to SQLite. Batches are sent with credit:
// at most MAX_IN_FLIGHT unacknowledged batches, so memory stays bounded when
// the database is the slower side.

const MAX_IN_FLIGHT = 4;

export type WorkerMessage = { type: 'batch'; items: ParsedItem[] } | { type: 'done' } | { type: 'error'; message: string; zipFormat: boolean };

const { file, maxBytes } = readWorkerData(workerData);
let inFlight = 0;
let wake: (() => void) | undefined;
parentPort?.on('message', () => {
  inFlight--;
  wake?.();
});

async function send(items: ParsedItem[]): Promise<void> {
  post({ type: 'batch', items });
  inFlight++;
  while (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => (wake = resolve));
}

function post(message: WorkerMessage): void {
  parentPort?.postMessage(message);
}

readZipRecords(file, maxBytes, send)
  .then(() => post({ type: 'done' }))
  .catch((error: unknown) => {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error), zipFormat: error instanceof Error && error.name === 'ZipFormatError' });
  });

function readWorkerData(data: unknown): { file: string; maxBytes: number } {
  if (data && typeof data === 'object' && 'file' in data && 'maxBytes' in data && typeof data.file === 'string' && typeof data.maxBytes === 'number') {
    return { file: data.file, maxBytes: data.maxBytes };
  }
  throw new Error('zip-parse-worker needs { file, maxBytes }');
}
