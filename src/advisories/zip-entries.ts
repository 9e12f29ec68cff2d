import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { Readable } from 'node:stream';
import { inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';

// The only importer of yauzl: streams a zip's entries one at a time, so an
// archive of any size is read with bounded memory.

export interface ZipEntryText {
  name: string;
  /** The entry's bytes as UTF-8, or undefined when it was larger than the cap. */
  text: string | undefined;
  uncompressedSize: number;
}

export class ZipFormatError extends Error {
  override name = 'ZipFormatError';
}

/** Bytes read from disk at a time; entries are laid out one after the other, so most reads hit the window. */
const WINDOW_BYTES = 4 * 1024 * 1024;
const MAX_WINDOWS = 3;

/**
 * A yauzl reader that serves its many small reads (a local header, then the
 * entry's data, entry after entry) from one window of the file read ahead in
 * a single call. yauzl's own file reader issues two asynchronous reads per
 * entry; on a 200,000-entry dump the waits between them dominated the import.
 * Memory stays bounded by the window (plus an entry larger than it).
 */
class WindowedFileReader extends yauzl.RandomAccessReader {
  readonly #fd: number;
  // yauzl alternates between the central directory (at the end of the file)
  // and each entry's data, so a few windows are kept, least recently used last.
  #windows: Array<{ start: number; bytes: Buffer }> = [];

  constructor(fd: number) {
    super();
    this.#fd = fd;
  }

  /** The file's bytes [start, end), valid until the next read. */
  bytes(start: number, end: number): Buffer {
    return this.#slice(start, end);
  }

  #slice(start: number, end: number): Buffer {
    let index = this.#windows.findIndex((w) => start >= w.start && end <= w.start + w.bytes.length);
    if (index === -1) {
      const buffer = Buffer.allocUnsafe(Math.max(WINDOW_BYTES, end - start));
      const bytes = readSync(this.#fd, buffer, 0, buffer.length, start);
      if (end > start + bytes) throw new Error(`unexpected end of file at byte ${start + bytes}`);
      this.#windows.unshift({ start, bytes: buffer.subarray(0, bytes) });
      this.#windows.length = Math.min(this.#windows.length, MAX_WINDOWS);
      index = 0;
    } else if (index > 0) {
      const [hit] = this.#windows.splice(index, 1);
      if (hit) this.#windows.unshift(hit);
      index = 0;
    }
    const window = this.#windows[index];
    if (!window) throw new Error('zip window lost');
    return window.bytes.subarray(start - window.start, end - window.start);
  }

  override _readStreamForRange(start: number, end: number): Readable {
    try {
      // A copy: the window is reused while the stream is still being read.
      return Readable.from([Buffer.from(this.#slice(start, end))]);
    } catch (error) {
      const failed = new Readable({ read() {} });
      setImmediate(() => failed.destroy(error instanceof Error ? error : new Error(String(error))));
      return failed;
    }
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (err: Error | null) => void): void {
    try {
      this.#slice(position, position + length).copy(buffer, offset);
      callback(null);
    } catch (error) {
      callback(error instanceof Error ? error : new Error(String(error)));
    }
  }

  override close(callback: (err: Error | null) => void): void {
    try {
      closeSync(this.#fd);
      callback(null);
    } catch (error) {
      callback(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

function openZip(file: string, callback: (error: Error | null, zip?: yauzl.ZipFile, reader?: WindowedFileReader) => void): void {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    callback(error instanceof Error ? error : new Error(String(error)));
    return;
  }
  const reader = new WindowedFileReader(fd);
  yauzl.fromRandomAccessReader(reader, fstatSync(fd).size, { lazyEntries: true, autoClose: true, strictFileNames: false, validateEntrySizes: true }, (error, zip) => {
    if (error) reader.close(() => undefined);
    callback(error ?? null, zip, reader);
  });
}

/**
 * Calls `onEntry` for every file entry, one after the other (the next entry
 * is read only when the returned promise settles). Entries larger than
 * `maxEntryBytes` are reported with `text: undefined` and not read. A fault
 * of the archive rejects with a ZipFormatError, an error of `onEntry` with
 * that error.
 */
export function readZipEntries(
  file: string,
  maxEntryBytes: number,
  onEntry: (entry: ZipEntryText) => Promise<void> | void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    openZip(file, (openError, zip, reader) => {
      if (openError || !zip || !reader) {
        reject(new ZipFormatError(openError?.message ?? 'cannot open zip'));
        return;
      }
      let failed = false;
      const stop = (error: Error): void => {
        if (failed) return;
        failed = true;
        zip.close();
        reject(error);
      };
      // What the archive does wrong is a ZipFormatError; what `onEntry` throws (storing the records) is passed on as it is.
      const fail = (error: unknown): void => stop(new ZipFormatError(error instanceof Error ? error.message : String(error)));
      const entryFailed = (error: unknown): void => stop(error instanceof Error ? error : new Error(String(error)));
      zip.on('error', fail);
      zip.on('end', () => {
        if (!failed) resolve();
      });
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) {
          zip.readEntry();
          return;
        }
        const deliver = (text: string | undefined): void => {
          Promise.resolve()
            .then(() => onEntry({ name: entry.fileName, text, uncompressedSize: entry.uncompressedSize }))
            .then(() => zip.readEntry(), entryFailed)
            .catch(fail);
        };
        if (entry.uncompressedSize > maxEntryBytes) {
          deliver(undefined);
          return;
        }
        if (entry.isEncrypted()) {
          fail(new Error(`${entry.fileName} is encrypted`));
          return;
        }
        // The entry's bytes come straight from the reader's window and are
        // inflated synchronously: yauzl's per-entry streams and zlib's stream
        // form (a thread-pool round trip each) cost more than the inflating.
        zip.readLocalFileHeader(entry, { minimal: true }, (headerError, header) => {
          if (headerError) {
            fail(headerError);
            return;
          }
          try {
            const raw = reader.bytes(header.fileDataStart, header.fileDataStart + entry.compressedSize);
            // Compression method 8 is deflate, 0 is stored (APPNOTE.TXT 4.4.5).
            if (entry.compressionMethod !== 8 && entry.compressionMethod !== 0) throw new Error(`${entry.fileName}: unsupported compression method ${entry.compressionMethod}`);
            // One output buffer of the entry's own size: zlib's default 16 KiB chunk per call
            // made every small record allocate (and the collector free) far more than it held.
            const data = entry.compressionMethod === 8 ? inflateRawSync(raw, { maxOutputLength: maxEntryBytes + 1, chunkSize: Math.max(64, entry.uncompressedSize + 1) }) : raw;
            if (data.length !== entry.uncompressedSize) throw new Error(`${entry.fileName}: expected ${entry.uncompressedSize} bytes, inflated ${data.length}`);
            deliver(data.toString('utf8'));
          } catch (error) {
            fail(error);
          }
        });
      });
      zip.readEntry();
    });
  });
}
