/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many
 * have run. Never edit a released migration: add one.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: advisories in generations, API cache, inventory cache, key/value meta.
  `
  CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );

  -- An import writes a new generation and switches meta.current_generation at
  -- the end, so an interrupted import leaves the previous data in use.
  CREATE TABLE generations (
    id           INTEGER PRIMARY KEY,
    source       TEXT NOT NULL,
    started_at   TEXT NOT NULL,
    completed_at TEXT
  );

  CREATE TABLE advisories (
    generation INTEGER NOT NULL REFERENCES generations(id) ON DELETE CASCADE,
    id         TEXT NOT NULL,
    modified   TEXT NOT NULL,
    withdrawn  INTEGER NOT NULL DEFAULT 0,
    record     TEXT NOT NULL,            -- the full OSV record, as JSON
    PRIMARY KEY (generation, id)
  ) WITHOUT ROWID;

  CREATE TABLE affected_packages (
    generation  INTEGER NOT NULL,
    ecosystem   TEXT NOT NULL,
    name        TEXT NOT NULL,
    advisory_id TEXT NOT NULL,
    PRIMARY KEY (generation, ecosystem, name, advisory_id),
    FOREIGN KEY (generation, advisory_id) REFERENCES advisories(generation, id) ON DELETE CASCADE
  ) WITHOUT ROWID;
  -- Replacing a record deletes its rows by advisory id.
  CREATE INDEX affected_packages_by_advisory ON affected_packages (generation, advisory_id);

  -- Records hydrated from the OSV API (GET /v1/vulns/{id}).
  CREATE TABLE api_records (
    id         TEXT PRIMARY KEY,
    modified   TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    record     TEXT NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE inventory_cache (
    key        TEXT PRIMARY KEY,        -- hash of the inputs (lockfile, manifests, deptrust version)
    created_at TEXT NOT NULL,
    inventory  TEXT NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE registry_cache (
    name       TEXT PRIMARY KEY,
    registry   TEXT NOT NULL,
    etag       TEXT,
    fetched_at TEXT NOT NULL,
    status     INTEGER NOT NULL,
    packument  TEXT                     -- the reduced packument as JSON, NULL when not found
  ) WITHOUT ROWID;
  `,
  // 2: packuments with each version's dependency ranges, for remediation. Kept
  // apart from registry_cache because they are much larger and needed only for
  // the packages on a vulnerable component's paths.
  `
  CREATE TABLE registry_dependency_cache (
    name       TEXT PRIMARY KEY,
    registry   TEXT NOT NULL,
    etag       TEXT,
    fetched_at TEXT NOT NULL,
    status     INTEGER NOT NULL,
    packument  TEXT
  ) WITHOUT ROWID;
  `,
];
