// Rows of the portfolio tables to and from the model, for both backends:
// SQLite gives 0/1 and ISO text where PostgreSQL gives booleans, Dates and
// parsed jsonb, so every reader here accepts both.
import type { DependencyScope, SourceKind } from '../model/component.js';
import { DataError } from '../model/errors.js';
import { SEVERITIES, type Severity } from '../model/finding.js';
import type { AuditBaseline, AuditRecord, PortfolioRecord, RecordedComponent, RecordedFinding, RecordHeader, WhoRow } from '../model/portfolio.js';
import { VEX_JUSTIFICATIONS, type IgnoreRule } from '../model/policy.js';

export type Row = Record<string, unknown>;

/** Column order of portfolio_records, shared by both backends' inserts. */
export const RECORD_COLUMNS = [
  'id', 'project_key', 'project_name', 'repository', 'folder', 'branch', 'commit_sha', 'recorded_at', 'tool_version', 'data_source', 'data_updated_at',
  'component_count', 'n_malware', 'n_critical', 'n_high', 'n_medium', 'n_low', 'n_unknown', 'highest_risk', 'passed', 'violations', 'ignore_rules',
] as const;

export const COMPONENT_COLUMNS = ['record_id', 'name', 'version', 'purl', 'scope', 'source_kind', 'direct', 'depth', 'path_count', 'license', 'sample_path', 'risk'] as const;

export const FINDING_COLUMNS = ['set_id', 'purl', 'name', 'version', 'primary_id', 'ids', 'severity', 'malicious', 'fixed_versions'] as const;

export const AUDIT_COLUMNS = ['id', 'record_id', 'audited_at', 'data_source', 'data_updated_at'] as const;

type Value = string | number | boolean | null;

export function recordValues(record: PortfolioRecord): Value[] {
  const { project, counts } = record;
  return [
    record.id, project.key, project.name, project.repository ?? null, project.folder, record.branch, record.commit ?? null, record.recordedAt, record.toolVersion,
    record.data.source, record.data.updatedAt ?? null, record.components.length, counts.malware, counts.critical, counts.high, counts.medium, counts.low, counts.unknown,
    record.highestRisk, record.verdict.passed, record.verdict.violations, JSON.stringify(record.ignore),
  ];
}

export function componentValues(recordId: string, c: RecordedComponent): Value[] {
  return [recordId, c.name, c.version, c.purl, c.scope, c.sourceKind, c.direct, c.depth, c.pathCount, c.license ?? null, c.samplePath, c.risk];
}

/** `ids` and `fixed_versions` are JSON text here; PostgreSQL casts them to jsonb. */
export function findingValues(setId: string, f: RecordedFinding): Value[] {
  return [setId, f.purl, f.name, f.version, f.primaryId, JSON.stringify(f.ids), f.severity, f.malicious, JSON.stringify(f.fixedVersions)];
}

export function auditValues(audit: AuditRecord): Value[] {
  return [audit.id, audit.recordId, audit.auditedAt, audit.data.source, audit.data.updatedAt ?? null];
}

export function text(row: Row, column: string): string {
  const value = row[column];
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  throw new DataError(`the portfolio store holds a malformed row: ${column} is not text`);
}

function optionalText(row: Row, column: string): string | undefined {
  return row[column] === null || row[column] === undefined ? undefined : text(row, column);
}

function int(row: Row, column: string): number {
  const value = Number(row[column]);
  if (!Number.isFinite(value)) throw new DataError(`the portfolio store holds a malformed row: ${column} is not a number`);
  return value;
}

function bool(row: Row, column: string): boolean {
  const value = row[column];
  return value === true || value === 1 || value === 1n;
}

/** A JSON column's value: text in SQLite (parsed here), jsonb already parsed from PostgreSQL. Malformed JSON is a malformed row, not a bug. */
function jsonColumn(row: Row, column: string): unknown {
  const raw = row[column];
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new DataError(`the portfolio store holds a malformed row: ${column} is not JSON`);
  }
}

function stringArray(row: Row, column: string): string[] {
  const value = jsonColumn(row, column);
  if (!Array.isArray(value) || !value.every((item): item is string => typeof item === 'string')) {
    throw new DataError(`the portfolio store holds a malformed row: ${column} is not a list of strings`);
  }
  return value;
}

const SCOPES: readonly DependencyScope[] = ['prod', 'dev', 'optional', 'devOptional'];
const SOURCE_KINDS: readonly SourceKind[] = ['registry', 'git', 'tarball', 'file', 'directory', 'link', 'workspace'];

function oneOf<T extends string>(row: Row, column: string, allowed: readonly T[]): T {
  const value = text(row, column);
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined) throw new DataError(`the portfolio store holds a malformed row: unknown ${column} ${JSON.stringify(value)}`);
  return found;
}

export function headerFromRow(row: Row): RecordHeader {
  const repository = optionalText(row, 'repository');
  const commit = optionalText(row, 'commit_sha');
  const dataUpdatedAt = optionalText(row, 'data_updated_at');
  return {
    id: text(row, 'id'),
    project: { key: text(row, 'project_key'), name: text(row, 'project_name'), folder: text(row, 'folder'), ...(repository !== undefined ? { repository } : {}) },
    branch: text(row, 'branch'),
    ...(commit !== undefined ? { commit } : {}),
    recordedAt: text(row, 'recorded_at'),
    toolVersion: text(row, 'tool_version'),
    data: { source: text(row, 'data_source'), ...(dataUpdatedAt !== undefined ? { updatedAt: dataUpdatedAt } : {}) },
    counts: {
      malware: int(row, 'n_malware'),
      critical: int(row, 'n_critical'),
      high: int(row, 'n_high'),
      medium: int(row, 'n_medium'),
      low: int(row, 'n_low'),
      unknown: int(row, 'n_unknown'),
    },
    highestRisk: int(row, 'highest_risk'),
    componentCount: int(row, 'component_count'),
    verdict: { passed: bool(row, 'passed'), violations: int(row, 'violations') },
    ignore: ignoreRules(row),
  };
}

/**
 * The recorded ignore rules: a JSON list (text in SQLite, parsed jsonb from
 * PostgreSQL), or NULL for a record made before they were kept. Each rule was
 * validated by the policy parser when the scan read it; a row that is not a
 * list of rules is refused rather than applied half.
 */
function ignoreRules(row: Row): IgnoreRule[] {
  const raw = row['ignore_rules'];
  if (raw === null || raw === undefined) return [];
  const value = jsonColumn(row, 'ignore_rules');
  if (!Array.isArray(value)) throw new DataError('the portfolio store holds a malformed row: ignore_rules is not a list');
  return value.map((item: unknown): IgnoreRule => {
    if (typeof item !== 'object' || item === null) throw new DataError('the portfolio store holds a malformed row: an ignore rule is not an object');
    const fields = new Map<string, unknown>(Object.entries(item));
    const field = (name: string): string | undefined => {
      const text = fields.get(name);
      if (text !== undefined && typeof text !== 'string') throw new DataError(`the portfolio store holds a malformed row: ignore rule ${name} is not text`);
      return text;
    };
    const id = field('id');
    const reason = field('reason');
    const expires = field('expires');
    if (id === undefined || reason === undefined || expires === undefined) throw new DataError('the portfolio store holds a malformed row: an ignore rule lacks its id, reason or expiry');
    const rule: IgnoreRule = { id, reason, expires };
    const pkg = field('package');
    const versions = field('versions');
    const justification = VEX_JUSTIFICATIONS.find((known) => known === field('justification'));
    if (pkg !== undefined) rule.package = pkg;
    if (versions !== undefined) rule.versions = versions;
    if (justification !== undefined) rule.justification = justification;
    return rule;
  });
}

export function componentFromRow(row: Row): RecordedComponent {
  const license = optionalText(row, 'license');
  return {
    name: text(row, 'name'),
    version: text(row, 'version'),
    purl: text(row, 'purl'),
    scope: oneOf(row, 'scope', SCOPES),
    sourceKind: oneOf(row, 'source_kind', SOURCE_KINDS),
    direct: bool(row, 'direct'),
    depth: int(row, 'depth'),
    pathCount: int(row, 'path_count'),
    ...(license !== undefined ? { license } : {}),
    samplePath: text(row, 'sample_path'),
    risk: int(row, 'risk'),
  };
}

export function findingFromRow(row: Row): RecordedFinding {
  return {
    purl: text(row, 'purl'),
    name: text(row, 'name'),
    version: text(row, 'version'),
    primaryId: text(row, 'primary_id'),
    ids: stringArray(row, 'ids'),
    severity: oneOf<Severity>(row, 'severity', SEVERITIES),
    malicious: bool(row, 'malicious'),
    fixedVersions: stringArray(row, 'fixed_versions'),
  };
}

/** Binary order of project key, then branch: the same on both backends whatever the server's collation. */
export function compareHeaders(a: RecordHeader, b: RecordHeader): number {
  return a.project.key < b.project.key ? -1 : a.project.key > b.project.key ? 1 : a.branch < b.branch ? -1 : a.branch > b.branch ? 1 : 0;
}

/**
 * The latest record of each project and branch (ties on time broken by id):
 * those no other record of the same project and branch is newer than. As an
 * anti-join, PostgreSQL's planner estimates it well (a window function's
 * `rank = 1` it takes for a handful of rows, and then reads the components
 * of two thousand records one record at a time instead of in one scan).
 */
export const LATEST_RECORD_IDS = `
  SELECT r.id FROM portfolio_records r
  WHERE NOT EXISTS (
    SELECT 1 FROM portfolio_records newer
    WHERE newer.project_key = r.project_key AND newer.branch = r.branch
      AND (newer.recorded_at > r.recorded_at OR (newer.recorded_at = r.recorded_at AND newer.id > r.id))
  )`;

/**
 * Every latest record's baseline findings, one row per finding (or one row of
 * NULL finding columns for a baseline without any): those of the record's
 * last stored audit when it has one, else its own. Same SQL on both backends.
 */
export const LATEST_BASELINE_FINDINGS = `
  WITH latest AS (${LATEST_RECORD_IDS}),
  last_audit AS (
    SELECT record_id, id, audited_at FROM (
      SELECT record_id, id, audited_at, row_number() OVER (PARTITION BY record_id ORDER BY audited_at DESC, id DESC) AS rank
      FROM portfolio_audits WHERE record_id IN (SELECT id FROM latest)
    ) ranked WHERE rank = 1
  )
  SELECT l.id AS baseline_record_id, a.audited_at AS baseline_audited_at, f.*
  FROM latest l
  LEFT JOIN last_audit a ON a.record_id = l.id
  LEFT JOIN portfolio_findings f ON f.set_id = coalesce(a.id, l.id)`;

/** The baselines from the rows of LATEST_BASELINE_FINDINGS, by record id. */
export function baselinesFromRows(rows: readonly Row[]): Map<string, AuditBaseline> {
  const baselines = new Map<string, AuditBaseline>();
  for (const row of rows) {
    const recordId = text(row, 'baseline_record_id');
    let baseline = baselines.get(recordId);
    if (!baseline) {
      const auditedAt = optionalText(row, 'baseline_audited_at');
      baseline = { findings: [], ...(auditedAt !== undefined ? { auditedAt } : {}) };
      baselines.set(recordId, baseline);
    }
    if (row['primary_id'] !== null && row['primary_id'] !== undefined) baseline.findings.push(findingFromRow(row));
  }
  return baselines;
}

/** `portfolio who`: the latest records' components of one name (parameter 1), with only the record columns a WhoRow shows. */
export const WHO_COLUMN_LIST = [
  'r.id', 'r.project_key', 'r.project_name', 'r.repository', 'r.folder', 'r.branch', 'r.commit_sha', 'r.recorded_at',
  'c.name', 'c.version', 'c.purl', 'c.scope', 'c.source_kind', 'c.direct', 'c.depth', 'c.path_count', 'c.license', 'c.sample_path', 'c.risk',
] as const;

export const WHO_COLUMNS = WHO_COLUMN_LIST.join(', ');

/**
 * A who row sent as a JSON array in WHO_COLUMN_LIST's order, keyed by column
 * name as whoRowFromRow reads it (one object literal: the same shape for
 * every row, which is what keeps thousands of them cheap to build).
 */
export function whoRowFromValues(values: unknown): Row {
  if (!Array.isArray(values) || values.length !== WHO_COLUMN_LIST.length) throw new DataError('the portfolio store holds a malformed row: a who row is not a list of its columns');
  const v = values as unknown[];
  return {
    id: v[0], project_key: v[1], project_name: v[2], repository: v[3], folder: v[4], branch: v[5], commit_sha: v[6], recorded_at: v[7],
    name: v[8], version: v[9], purl: v[10], scope: v[11], source_kind: v[12], direct: v[13], depth: v[14], path_count: v[15], license: v[16], sample_path: v[17], risk: v[18],
  };
}

export function whoRowFromRow(row: Row): WhoRow {
  const repository = optionalText(row, 'repository');
  const commit = optionalText(row, 'commit_sha');
  return {
    record: {
      id: text(row, 'id'),
      project: { key: text(row, 'project_key'), name: text(row, 'project_name'), folder: text(row, 'folder'), ...(repository !== undefined ? { repository } : {}) },
      branch: text(row, 'branch'),
      ...(commit !== undefined ? { commit } : {}),
      recordedAt: text(row, 'recorded_at'),
    },
    component: componentFromRow(row),
  };
}
