import type { OutputText } from '../report/output-formats.js';
import type { CliContext } from './context.js';
import { fullReportLocation } from './output-specs.js';
import { terminalFor } from './terminal.js';

/** What `scan` and `diff` take from the command line for every report they render. */
export interface ReportFlags {
  reproducible?: boolean;
  maxPaths: number;
  maxRows?: number;
  wide?: boolean;
}

/** The rendering options scan's and diff's reports share: the tool, the clock, the caps, and where the full report went (docs/ci.md). */
export function sharedReportOptions(flags: ReportFlags, outputs: ReadonlyArray<{ format: string; file: string | undefined }>, command: 'scan' | 'diff', context: CliContext) {
  const fullReport = fullReportLocation(outputs, command);
  return {
    tool: { name: 'deptrust', version: context.version },
    now: context.now,
    reproducible: flags.reproducible === true,
    maxPaths: flags.maxPaths,
    ...(flags.maxRows ? { maxRows: flags.maxRows } : {}),
    ...(fullReport ? { fullReport } : {}),
  };
}

/**
 * Renders every output, each fitted to its target (a terminal's width, or a
 * file's), before any is written (and the SBOM validated); the JSON report
 * comes as pieces made while it is written, and `writeOutputs` stages every
 * file before it replaces any: an output that cannot be rendered leaves
 * every file as it was.
 */
export async function renderEveryOutput<Format>(
  outputs: ReadonlyArray<{ format: Format; file: string | undefined }>,
  render: (format: Format, terminal: ReturnType<typeof terminalFor>) => Promise<OutputText>,
  flags: ReportFlags,
  context: CliContext,
): Promise<Array<{ file: string | undefined; content: OutputText }>> {
  const rendered: Array<{ file: string | undefined; content: OutputText }> = [];
  for (const { format, file } of outputs) rendered.push({ file, content: await render(format, terminalFor(file, flags.wide, context)) });
  return rendered;
}
