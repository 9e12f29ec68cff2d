import yauzl from 'yauzl';

// The only importer of yauzl: streams a zip's entries one at a time, so an
// archive of any size is read with bounded memory.

export interface ZipEntryText {
  name: string;
  /** The entry's bytes as UTF-8, or undefined when it was larger than the cap. */
  text: string | undefined;
  uncompressedSize: number;
}

export class ZipFormatError extends Error {}

/**
 * Calls `onEntry` for every file entry, one after the other (the next entry
 * is read only when the returned promise settles). Entries larger than
 * `maxEntryBytes` are reported with `text: undefined` and not read.
 */
export function readZipEntries(
  file: string,
  maxEntryBytes: number,
  onEntry: (entry: ZipEntryText) => Promise<void> | void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: true, strictFileNames: false, validateEntrySizes: true }, (openError, zip) => {
      if (openError || !zip) {
        reject(new ZipFormatError(openError?.message ?? 'cannot open zip'));
        return;
      }
      let failed = false;
      const fail = (error: unknown): void => {
        if (failed) return;
        failed = true;
        zip.close();
        reject(error instanceof Error ? new ZipFormatError(error.message) : new ZipFormatError(String(error)));
      };
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
          Promise.resolve(onEntry({ name: entry.fileName, text, uncompressedSize: entry.uncompressedSize }))
            .then(() => zip.readEntry())
            .catch(fail);
        };
        if (entry.uncompressedSize > maxEntryBytes) {
          deliver(undefined);
          return;
        }
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) {
            fail(streamError ?? new Error(`cannot read ${entry.fileName}`));
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          stream.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size <= maxEntryBytes) chunks.push(chunk);
          });
          stream.on('error', fail);
          stream.on('end', () => deliver(size > maxEntryBytes ? undefined : Buffer.concat(chunks).toString('utf8')));
        });
      });
      zip.readEntry();
    });
  });
}
