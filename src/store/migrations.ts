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
  // 3: advisories in a rowid table with a unique (generation, id) index: a
  // WITHOUT ROWID table keeps each kilobyte-sized record inside its primary-key
  // B-tree, so every insert in id order split and rewrote pages (an import of
  // 200,000 records spent most of its time there). Each record gets the CVSS
  // ratings computed when it is imported (JSON; NULL for rows imported before
  // this migration, which are rated when read), and each generation the counts
  // `db status` and every scan report, computed once when it is written.
  `
  CREATE TABLE advisory_rows (
    generation INTEGER NOT NULL REFERENCES generations(id) ON DELETE CASCADE,
    id         TEXT NOT NULL,
    modified   TEXT NOT NULL,
    withdrawn  INTEGER NOT NULL DEFAULT 0,
    ratings    TEXT,                     -- the record's CVSS ratings as JSON, computed at import
    record     TEXT NOT NULL             -- the full OSV record, as JSON
  );
  CREATE UNIQUE INDEX advisories_by_id ON advisory_rows (generation, id);
  -- Counting withdrawn records reads this small index, not the records.
  CREATE INDEX advisories_withdrawn ON advisory_rows (generation) WHERE withdrawn = 1;
  INSERT INTO advisory_rows (generation, id, modified, withdrawn, record) SELECT generation, id, modified, withdrawn, record FROM advisories;

  CREATE TABLE affected_rows (
    generation  INTEGER NOT NULL,
    ecosystem   TEXT NOT NULL,
    name        TEXT NOT NULL,
    advisory_id TEXT NOT NULL,
    PRIMARY KEY (generation, ecosystem, name, advisory_id),
    FOREIGN KEY (generation, advisory_id) REFERENCES advisory_rows(generation, id) ON DELETE CASCADE
  ) WITHOUT ROWID;
  INSERT INTO affected_rows SELECT generation, ecosystem, name, advisory_id FROM affected_packages;

  DROP TABLE affected_packages;
  DROP TABLE advisories;
  -- Renaming the parent rewrites the child's foreign key to the new name.
  ALTER TABLE advisory_rows RENAME TO advisories;
  ALTER TABLE affected_rows RENAME TO affected_packages;
  CREATE INDEX affected_packages_by_advisory ON affected_packages (generation, advisory_id);

  ALTER TABLE generations ADD COLUMN advisory_count INTEGER;
  ALTER TABLE generations ADD COLUMN withdrawn_count INTEGER;
  ALTER TABLE generations ADD COLUMN package_count INTEGER;
  `,
  // 4: the inventory cache in parts, each a JSON array of up to a thousand
  // components, edges or paths: an entry is written and read a part at a time,
  // never as one string (150 MB for 100,000 packages, which SQLite and the
  // driver then copied twice more). A cache: the old entries are dropped.
  `
  DROP TABLE inventory_cache;
  CREATE TABLE inventory_cache (
    key        TEXT PRIMARY KEY,        -- hash of the inputs (lockfile, manifests, deptrust version)
    created_at TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE inventory_cache_parts (
    key     TEXT NOT NULL REFERENCES inventory_cache(key) ON DELETE CASCADE,
    part    INTEGER NOT NULL,           -- the order parts are read back in
    section TEXT NOT NULL,              -- head (the rest of the inventory, one part), components, edges or paths
    items   TEXT NOT NULL,              -- JSON: the head object, or an array of the section's items
    PRIMARY KEY (key, part)
  );
  `,
  // 5: packument summaries made before a legacy \`licenses\` array counted as a
  // licence: kept, a 304 would keep calling those packages unlicensed. A cache:
  // the summaries are fetched again.
  `
  DELETE FROM registry_cache;
  DELETE FROM registry_dependency_cache;
  `,
];
