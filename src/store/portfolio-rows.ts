// Rows of the portfolio tables to and from the model, for both backends:
// SQLite gives 0/1 and ISO text where PostgreSQL gives booleans, Dates and
// parsed jsonb, so every reader here accepts both.
import type { DependencyScope, SourceKind } from '../model/component.js';
import { DataError } from '../model/errors.js';
import { SEVERITIES, type Severity } from '../model/finding.js';
import type { AuditRecord, PortfolioRecord, RecordedComponent, RecordedFinding, RecordHeader } from '../model/portfolio.js';

export type Row = Record<string, unknown>;

/** Column order of portfolio_records, shared by both backends' inserts. */
export const RECORD_COLUMNS = [
  'id', 'project_key', 'project_name', 'repository', 'folder', 'branch', 'commit_sha', 'recorded_at', 'tool_version', 'data_source', 'data_updated_at',
  'component_count', 'n_malware', 'n_critical', 'n_high', 'n_medium', 'n_low', 'n_unknown', 'highest_risk', 'passed', 'violations',
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
    record.highestRisk, record.verdict.passed, record.verdict.violations,
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

function text(row: Row, column: string): string {
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

function stringArray(row: Row, column: string): string[] {
  const raw = row[column];
  const value: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
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
  };
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

/** The latest record of each project and branch (ties on time broken by id). */
export const LATEST_RECORD_IDS = `
  SELECT id FROM (
    SELECT id, row_number() OVER (PARTITION BY project_key, branch ORDER BY recorded_at DESC, id DESC) AS rank
    FROM portfolio_records
  ) ranked WHERE rank = 1`;
