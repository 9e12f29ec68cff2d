/**
 * Schema migrations of the portfolio store, one list per backend with the same
 * versions; `portfolio_schema` records which have run. Never edit a released
 * migration: add one to both lists.
 *
 * Record ids are UUIDs made by the client, so a CI role that may only INSERT
 * never needs to read anything back (docs/portfolio.md, least privilege).
 * Findings belong to a "set": a record's own findings (set_id = record id) or
 * those of a later audit of it (set_id = audit id).
 */
export const SQLITE_PORTFOLIO_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE portfolio_records (
    id              TEXT PRIMARY KEY,
    project_key     TEXT NOT NULL,
    project_name    TEXT NOT NULL,
    repository      TEXT,
    folder          TEXT NOT NULL,
    branch          TEXT NOT NULL,
    commit_sha      TEXT,
    recorded_at     TEXT NOT NULL,        -- ISO 8601, UTC
    tool_version    TEXT NOT NULL,
    data_source     TEXT NOT NULL,
    data_updated_at TEXT,
    component_count INTEGER NOT NULL,
    n_malware       INTEGER NOT NULL,
    n_critical      INTEGER NOT NULL,
    n_high          INTEGER NOT NULL,
    n_medium        INTEGER NOT NULL,
    n_low           INTEGER NOT NULL,
    n_unknown       INTEGER NOT NULL,
    highest_risk    INTEGER NOT NULL,
    passed          INTEGER NOT NULL,
    violations      INTEGER NOT NULL
  );
  CREATE INDEX portfolio_records_latest ON portfolio_records (project_key, branch, recorded_at DESC, id DESC);

  CREATE TABLE portfolio_components (
    record_id   TEXT NOT NULL REFERENCES portfolio_records(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    version     TEXT NOT NULL,
    purl        TEXT NOT NULL,
    scope       TEXT NOT NULL,
    source_kind TEXT NOT NULL,
    direct      INTEGER NOT NULL,
    depth       INTEGER NOT NULL,
    path_count  INTEGER NOT NULL,
    license     TEXT,
    sample_path TEXT NOT NULL,
    risk        INTEGER NOT NULL
  );
  CREATE INDEX portfolio_components_by_name ON portfolio_components (name, record_id);
  CREATE INDEX portfolio_components_by_record ON portfolio_components (record_id);

  CREATE TABLE portfolio_audits (
    id              TEXT PRIMARY KEY,
    record_id       TEXT NOT NULL REFERENCES portfolio_records(id) ON DELETE CASCADE,
    audited_at      TEXT NOT NULL,
    data_source     TEXT NOT NULL,
    data_updated_at TEXT
  );
  CREATE INDEX portfolio_audits_by_record ON portfolio_audits (record_id, audited_at DESC, id DESC);

  CREATE TABLE portfolio_findings (
    set_id         TEXT NOT NULL,
    purl           TEXT NOT NULL,
    name           TEXT NOT NULL,
    version        TEXT NOT NULL,
    primary_id     TEXT NOT NULL,
    ids            TEXT NOT NULL,           -- JSON array
    severity       TEXT NOT NULL,
    malicious      INTEGER NOT NULL,
    fixed_versions TEXT NOT NULL            -- JSON array
  );
  CREATE INDEX portfolio_findings_by_set ON portfolio_findings (set_id);
  `,
  // 2: each record keeps the ignore rules its scan applied (JSON list; NULL in older records).
  `ALTER TABLE portfolio_records ADD COLUMN ignore_rules TEXT;`,
];

export const POSTGRES_PORTFOLIO_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE portfolio_records (
    id              uuid PRIMARY KEY,
    project_key     text NOT NULL,
    project_name    text NOT NULL,
    repository      text,
    folder          text NOT NULL,
    branch          text NOT NULL,
    commit_sha      text,
    recorded_at     timestamptz NOT NULL,
    tool_version    text NOT NULL,
    data_source     text NOT NULL,
    data_updated_at timestamptz,
    component_count integer NOT NULL,
    n_malware       integer NOT NULL,
    n_critical      integer NOT NULL,
    n_high          integer NOT NULL,
    n_medium        integer NOT NULL,
    n_low           integer NOT NULL,
    n_unknown       integer NOT NULL,
    highest_risk    integer NOT NULL,
    passed          boolean NOT NULL,
    violations      integer NOT NULL
  );
  CREATE INDEX portfolio_records_latest ON portfolio_records (project_key, branch, recorded_at DESC, id DESC);

  CREATE TABLE portfolio_components (
    record_id   uuid NOT NULL REFERENCES portfolio_records(id) ON DELETE CASCADE,
    name        text NOT NULL,
    version     text NOT NULL,
    purl        text NOT NULL,
    scope       text NOT NULL,
    source_kind text NOT NULL,
    direct      boolean NOT NULL,
    depth       integer NOT NULL,
    path_count  bigint NOT NULL,
    license     text,
    sample_path text NOT NULL,
    risk        integer NOT NULL
  );
  CREATE INDEX portfolio_components_by_name ON portfolio_components (name, record_id);
  CREATE INDEX portfolio_components_by_record ON portfolio_components (record_id);

  CREATE TABLE portfolio_audits (
    id              uuid PRIMARY KEY,
    record_id       uuid NOT NULL REFERENCES portfolio_records(id) ON DELETE CASCADE,
    audited_at      timestamptz NOT NULL,
    data_source     text NOT NULL,
    data_updated_at timestamptz
  );
  CREATE INDEX portfolio_audits_by_record ON portfolio_audits (record_id, audited_at DESC, id DESC);

  CREATE TABLE portfolio_findings (
    set_id         uuid NOT NULL,
    purl           text NOT NULL,
    name           text NOT NULL,
    version        text NOT NULL,
    primary_id     text NOT NULL,
    ids            jsonb NOT NULL,
    severity       text NOT NULL,
    malicious      boolean NOT NULL,
    fixed_versions jsonb NOT NULL
  );
  CREATE INDEX portfolio_findings_by_set ON portfolio_findings (set_id);
  `,
  // 2: each record keeps the ignore rules its scan applied (NULL in older records).
  `ALTER TABLE portfolio_records ADD COLUMN ignore_rules jsonb;`,
];
