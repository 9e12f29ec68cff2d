import path from 'node:path';
import { InvalidArgumentError } from 'commander';
import { UsageError } from '../model/errors.js';

export const SCAN_FORMATS = ['table', 'json', 'sarif', 'markdown', 'cyclonedx'] as const;
export type ScanFormat = (typeof SCAN_FORMATS)[number];
export const DIFF_FORMATS = ['table', 'json', 'sarif', 'markdown'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

/** One `-o` value: `format=file`, a bare `format` (stdout), or a bare file (in the `--format` format). */
export type OutputSpec<F extends string = ScanFormat> = { format: F; file: string | undefined } | { format: undefined; file: string };

/** A collector for repeatable `-o` values (`-o table -o sarif=deptrust.sarif -o json=report.json`) in the given formats. */
export function outputCollector<F extends string>(formats: readonly F[]): (value: string, previous?: OutputSpec<F>[]) => OutputSpec<F>[] {
  return (value, previous = []) => {
    const match = /^([a-z]+)=(.+)$/.exec(value);
    const known = (name: string | undefined): F | undefined => formats.find((format) => format === name);
    if (match) {
      const format = known(match[1]);
      if (!format) throw new InvalidArgumentError(`unknown format "${match[1] ?? ''}" (expected one of ${formats.join(', ')})`);
      return [...previous, { format, file: match[2] }];
    }
    const format = known(value);
    return [...previous, format ? { format, file: undefined } : { format: undefined, file: value }];
  };
}

/**
 * Where the Markdown comment's truncation notice sends the reader: another
 * file this run writes (JSON first), by the name given (a bare file name
 * for an absolute path: the comment is public, the runner's folders are not).
 */
export function fullReportLocation(outputs: ReadonlyArray<{ format: string; file: string | undefined }>, command: 'scan' | 'diff'): string | undefined {
  const preference = ['json', 'sarif', 'cyclonedx', 'table'];
  const written = outputs
    .filter((output): output is { format: string; file: string } => output.file !== undefined && output.file !== '-' && output.format !== 'markdown')
    .sort((a, b) => preference.indexOf(a.format) - preference.indexOf(b.format))[0];
  if (!written) return undefined;
  const name = path.isAbsolute(written.file) ? path.basename(written.file) : written.file;
  return `\`${name.replace(/`/g, "'")}\` (${written.format}, written by the same \`deptrust ${command}\` run)`;
}

/** The outputs to write, each with its format; at most one may go to stdout. */
export function resolveOutputs<F extends string>(specs: readonly OutputSpec<F>[] | undefined, defaultFormat: F): Array<{ format: F; file: string | undefined }> {
  const resolved = (specs?.length ? specs : [{ format: defaultFormat, file: undefined }]).map((spec) => ({ format: spec.format ?? defaultFormat, file: spec.file }));
  if (resolved.filter((output) => output.file === undefined || output.file === '-').length > 1) {
    throw new UsageError('only one output can go to stdout; give the others a file (-o sarif=deptrust.sarif)');
  }
  return resolved;
}
