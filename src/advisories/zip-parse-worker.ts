import { parentPort, workerData } from 'node:worker_threads';
import { parseRecordText, type ParsedItem } from './parse-record-text.js';
import { readZipEntries } from './zip-entries.js';

// Reads, inflates, parses and validates a zip's records on the second core
// while the main thread writes them to SQLite. Batches are sent with credit:
// at most MAX_IN_FLIGHT unacknowledged batches, so memory stays bounded when
// the database is the slower side.

const BATCH = 1_000;
const MAX_IN_FLIGHT = 4;

export type WorkerMessage = { type: 'batch'; items: ParsedItem[] } | { type: 'done' } | { type: 'error'; message: string; zipFormat: boolean };

const { file, maxBytes } = readWorkerData(workerData);
let inFlight = 0;
let wake: (() => void) | undefined;
parentPort?.on('message', () => {
  inFlight--;
  wake?.();
});

let batch: ParsedItem[] = [];
async function send(): Promise<void> {
  if (batch.length === 0) return;
  post({ type: 'batch', items: batch });
  batch = [];
  inFlight++;
  while (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => (wake = resolve));
}

function post(message: WorkerMessage): void {
  parentPort?.postMessage(message);
}

readZipEntries(file, maxBytes, async (entry) => {
  if (!entry.name.toLowerCase().endsWith('.json')) return;
  batch.push(...parseRecordText(entry.name, entry.text, maxBytes));
  if (batch.length >= BATCH) await send();
})
  .then(async () => {
    await send();
    post({ type: 'done' });
  })
  .catch((error: unknown) => {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error), zipFormat: error instanceof Error && error.name === 'ZipFormatError' });
  });

function readWorkerData(data: unknown): { file: string; maxBytes: number } {
  if (data && typeof data === 'object' && 'file' in data && 'maxBytes' in data && typeof data.file === 'string' && typeof data.maxBytes === 'number') {
    return { file: data.file, maxBytes: data.maxBytes };
  }
  throw new Error('zip-parse-worker needs { file, maxBytes }');
}
