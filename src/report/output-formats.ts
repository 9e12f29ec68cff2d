import { randomUUID } from 'node:crypto';
import type { IgnoreRule } from '../model/policy.js';
import type { ScanResult } from '../model/scan-result.js';
import type { DiffReport } from './diff-input.js';
import type { TerminalStyle } from './terminal-style.js';
import type { Warning } from '../model/warning.js';

/** The formats of `scan` (the first is the default), and those `diff` also writes. */
export const SCAN_FORMATS = ['table', 'json', 'sarif', 'markdown', 'cyclonedx'] as const;
export type ScanFormat = (typeof SCAN_FORMATS)[number];
export const DIFF_FORMATS = ['table', 'json', 'sarif', 'markdown'] as const satisfies readonly ScanFormat[];
export type DiffFormat = (typeof DIFF_FORMATS)[number];

/** The policy's verdict on a scan, as the reporters show it. */
export interface ScanVerdict {
  passed: boolean;
  violations: Array<{ componentId: string; primaryId: string; rule: string }>;
  suppressed: Array<{ componentId: string; primaryId: string; rule: IgnoreRule }>;
  warnings: Warning[];
}

interface RenderSettings {
  tool: { name: string; version: string };
  now: () => Date;
  /** No generation time, serial number or timestamp: same input, same bytes. */
  reproducible: boolean;
  /** Paths per finding in JSON. */
  maxPaths: number;
  /** Rows in the table (the rest are counted). */
  maxRows?: number;
  /** The table's width in columns: no line is longer, unless `wide`. */
  width: number;
  /** The table with every column and cell whole, whatever the width. */
  wide?: boolean;
  /** Where the Markdown's truncation notice sends the reader (another output of the same run). */
  fullReport?: string;
  /** Colours for the scan's table (plain when not given). */
  style?: TerminalStyle;
}

export interface ScanOutputInput extends RenderSettings {
  result: ScanResult;
  verdict: ScanVerdict;
  policy: { failOn: string; file: string | null };
}

export interface DiffOutputInput extends RenderSettings {
  report: DiffReport;
}

/**
 * A rendered output: its text, or its text in pieces, made as they are
 * written (the JSON report: a large tree's is never one string). Told apart
 * by `typeof text === 'string'`.
 */
export type OutputText = string | Iterable<string>;

type Renderers<F extends ScanFormat> = { scan(input: ScanOutputInput): Promise<OutputText> } & (F extends DiffFormat ? { diff(input: DiffOutputInput): Promise<OutputText> } : object);

/** One table: each format and how it renders a scan and a diff (renderers load on first use). */
const OUTPUT_FORMATS: { [F in ScanFormat]: Renderers<F> } = {
  table: {
    async scan({ result, verdict, policy, now, maxRows, width, wide, style }) {
      const { renderTable } = await import('./table.js');
      return renderTable(result, {
        now: now(),
        width,
        verdict: { passed: verdict.passed, violations: verdict.violations, failOn: policy.failOn },
        ...(wide ? { wide: true } : {}),
        ...(maxRows ? { maxRows } : {}),
        ...(style ? { style } : {}),
      });
    },
    async diff({ report, maxRows, width, wide }) {
      const { renderDiffTable } = await import('./diff-table.js');
      return renderDiffTable(report, { width, ...(wide ? { wide: true } : {}), ...(maxRows ? { maxRows } : {}) });
    },
  },
  json: {
    async scan({ result, verdict, policy, tool, now, reproducible, maxPaths }) {
      const { renderJsonPieces } = await import('./json.js');
      return renderJsonPieces(result, { tool, ...(reproducible ? {} : { generatedAt: now() }), verdict: { ...verdict, failOn: policy.failOn, policyFile: policy.file }, maxPaths });
    },
    async diff({ report, tool, now, reproducible, maxPaths }) {
      const { renderDiffJson } = await import('./diff-json.js');
      return renderDiffJson(report, { tool, maxPaths, ...(reproducible ? {} : { generatedAt: now() }) });
    },
  },
  sarif: {
    async scan({ result, verdict, tool }) {
      const { renderSarif } = await import('./sarif.js');
      return renderSarif(result, { tool, policyViolations: verdict.violations });
    },
    // Code scanning shows what the change introduces, so only new findings and signals become results.
    async diff({ report, tool }) {
      const { renderSarif } = await import('./sarif.js');
      const { diff } = report;
      return renderSarif(report.head, { tool, findings: diff.findings.introduced, signals: diff.signals.introduced, policyViolations: diff.violations.introduced });
    },
  },
  markdown: {
    async scan({ result, verdict, policy, now, fullReport }) {
      const { renderMarkdown } = await import('./markdown.js');
      return renderMarkdown(result, { now: now(), violations: verdict.violations, failOn: policy.failOn, ...(fullReport ? { fullReport } : {}) });
    },
    async diff({ report, fullReport }) {
      const { renderDiffMarkdown } = await import('./diff-markdown.js');
      return renderDiffMarkdown(report, fullReport ? { fullReport } : {});
    },
  },
  cyclonedx: {
    // The SBOM is validated against the CycloneDX 1.6 schema before it is returned.
    async scan({ result, verdict, tool, now, reproducible }) {
      const { validatedSbom } = await import('./cyclonedx-validation.js');
      return validatedSbom(result.inventory, {
        spec: '1.6',
        format: 'json',
        reproducible,
        timestamp: now(),
        serialNumber: `urn:uuid:${randomUUID()}`,
        tool,
        risk: { findings: result.findings, suppressed: verdict.suppressed, scores: result.scores, signals: result.signals, remediations: result.remediations },
      });
    },
  },
};

/** A scan in one of the formats. */
export function renderScanOutput(format: ScanFormat, input: ScanOutputInput): Promise<OutputText> {
  return OUTPUT_FORMATS[format].scan(input);
}

/** A diff in one of the formats. */
export function renderDiffOutput(format: DiffFormat, input: DiffOutputInput): Promise<OutputText> {
  return OUTPUT_FORMATS[format].diff(input);
}
