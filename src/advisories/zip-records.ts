import { parseRecordText, type ParsedItem } from './parse-record-text.js';
import { readZipEntries } from './zip-entries.js';

/** What the reader rejects with when the archive itself is at fault. */
export { ZipFormatError } from './zip-entries.js';

/** Records are handed on this many at a time (a worker's messages, this thread's writes). */
const RECORD_BATCH = 1_000;

/**
 * Reads a zip's `.json` entries as parsed records (OSV's `all.zip` layout:
 * one record a file), calling `onBatch` with each batch and waiting for it
 * before reading on, so whoever stores them sets the pace.
 */
export async function readZipRecords(file: string, maxBytes: number, onBatch: (items: ParsedItem[]) => Promise<void> | void): Promise<void> {
  let batch: ParsedItem[] = [];
  await readZipEntries(file, maxBytes, async (entry) => {
    if (!entry.name.toLowerCase().endsWith('.json')) return;
    batch.push(...parseRecordText(entry.name, entry.text, maxBytes));
    if (batch.length < RECORD_BATCH) return;
    const full = batch;
    batch = [];
    await onBatch(full);
  });
  if (batch.length > 0) await onBatch(batch);
}
