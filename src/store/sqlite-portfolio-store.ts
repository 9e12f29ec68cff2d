import { DataError } from '../model/errors.js';
import type { AuditBaseline, AuditRecord, LatestComponent, PortfolioRecord, PortfolioStore, PruneRule, RecordHeader, WhoRow } from '../model/portfolio.js';
import { databaseFault } from './database-fault.js';
import { openDatabase, type Db } from './db.js';
import { SQLITE_PORTFOLIO_MIGRATIONS } from './portfolio-migrations.js';
import {
  AUDIT_COLUMNS,
  auditValues,
  baselinesFromRows,
  COMPONENT_COLUMNS,
  componentFromRow,
  componentValues,
  compareHeaders,
  FINDING_COLUMNS,
  findingValues,
  headerFromRow,
  LATEST_BASELINE_FINDINGS,
  LATEST_RECORD_IDS,
  RECORD_COLUMNS,
  recordValues,
  text,
  WHO_COLUMNS,
  whoRowFromRow,
  type Row,
} from './portfolio-rows.js';

type Value = string | number | boolean | null;
/** SQLite has no boolean: 0 and 1. */
const sqliteValue = (value: Value): string | number | null => (typeof value === 'boolean' ? (value ? 1 : 0) : value);
const insertSql = (table: string, columns: readonly string[]): string => `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;

/**
 * The portfolio in the embedded SQLite database (by default the local deptrust
 * database). Concurrent writers serialise: WAL, the busy timeout of
 * openDatabase, and write transactions that take the lock when they begin
 * (BEGIN IMMEDIATE), so a reader never has to upgrade to a writer mid-way.
 */
export class SqlitePortfolioStore implements PortfolioStore {
  readonly description: string;
  readonly #db: Db;
  readonly #ownsDb: boolean;

  private constructor(db: Db, description: string, ownsDb: boolean) {
    this.#db = db;
    this.description = description;
    this.#ownsDb = ownsDb;
  }

  /** Opens (creating if needed) the SQLite file and migrates the portfolio tables. */
  static open(file: string): SqlitePortfolioStore {
    return SqlitePortfolioStore.over(openDatabase(file), `SQLite ${file}`, true);
  }

  /** A store over a database already open (closing the store leaves it open). */
  static over(db: Db, description: string, ownsDb = false): SqlitePortfolioStore {
    migratePortfolio(db);
    return new SqlitePortfolioStore(db, description, ownsDb);
  }

  async record(record: PortfolioRecord): Promise<void> {
    this.#write(() => {
      // Prepared inside the transaction: a table missing from a store tampered with fails here, as a write.
      const insertRecord = this.#db.prepare(insertSql('portfolio_records', RECORD_COLUMNS));
      const insertComponent = this.#db.prepare(insertSql('portfolio_components', COMPONENT_COLUMNS));
      const insertFinding = this.#db.prepare(insertSql('portfolio_findings', FINDING_COLUMNS));
      insertRecord.run(recordValues(record).map(sqliteValue));
      for (const component of record.components) insertComponent.run(componentValues(record.id, component).map(sqliteValue));
      for (const finding of record.findings) insertFinding.run(findingValues(record.id, finding).map(sqliteValue));
    });
  }

  async latest(): Promise<RecordHeader[]> {
    const rows = this.#read(() => this.#db.prepare<[], Row>(`SELECT * FROM portfolio_records WHERE id IN (${LATEST_RECORD_IDS})`).all());
    return rows.map(headerFromRow).sort(compareHeaders);
  }

  async who(name: string): Promise<WhoRow[]> {
    return this.#read(() =>
      this.#db
        .prepare<[string], Row>(`SELECT ${WHO_COLUMNS} FROM portfolio_components c JOIN portfolio_records r ON r.id = c.record_id WHERE c.name = ? AND c.record_id IN (${LATEST_RECORD_IDS})`)
        .all(name),
    ).map(whoRowFromRow);
  }

  async latestPackages(): Promise<Array<{ name: string; version: string }>> {
    return this.#read(() =>
      this.#db
        .prepare<[], { name: string; version: string }>(`SELECT DISTINCT name, version FROM portfolio_components WHERE source_kind = 'registry' AND record_id IN (${LATEST_RECORD_IDS})`)
        .all(),
    );
  }

  async latestComponents(packages: ReadonlyArray<{ name: string; version: string }>): Promise<LatestComponent[]> {
    if (packages.length === 0) return [];
    // The pairs as one JSON parameter: [[name, version], …].
    return this.#read(() =>
      this.#db
        .prepare<[string], Row>(
          `WITH wanted(name, version) AS (SELECT value ->> 0, value ->> 1 FROM json_each(?))
           SELECT c.* FROM wanted JOIN portfolio_components c ON c.name = wanted.name AND c.version = wanted.version
           WHERE c.source_kind = 'registry' AND c.record_id IN (${LATEST_RECORD_IDS})`,
        )
        .all(JSON.stringify(packages.map((pkg) => [pkg.name, pkg.version]))),
    ).map((row) => ({ recordId: text(row, 'record_id'), component: componentFromRow(row) }));
  }

  async latestBaselines(): Promise<Map<string, AuditBaseline>> {
    return baselinesFromRows(this.#read(() => this.#db.prepare<[], Row>(LATEST_BASELINE_FINDINGS).all()));
  }

  async recordAudits(audits: readonly AuditRecord[]): Promise<void> {
    this.#write(() => {
      const insertAudit = this.#db.prepare(insertSql('portfolio_audits', AUDIT_COLUMNS));
      const insertFinding = this.#db.prepare(insertSql('portfolio_findings', FINDING_COLUMNS));
      for (const audit of audits) {
        insertAudit.run(auditValues(audit).map(sqliteValue));
        for (const finding of audit.findings) insertFinding.run(findingValues(audit.id, finding).map(sqliteValue));
      }
    });
  }

  async prune(rule: PruneRule): Promise<number> {
    return this.#write(() => {
      const victims =
        'keep' in rule
          ? this.#db
              .prepare<[number], { id: string }>(
                'SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY project_key, branch ORDER BY recorded_at DESC, id DESC) AS rank FROM portfolio_records) WHERE rank > ?',
              )
              .all(rule.keep)
          : this.#db.prepare<[string], { id: string }>(`SELECT id FROM portfolio_records WHERE recorded_at < ? AND id NOT IN (${LATEST_RECORD_IDS})`).all(rule.olderThan);
      const ids = JSON.stringify(victims.map((victim) => victim.id));
      // Findings have no foreign key (a set is a record or an audit): those of the victims and of every superseded audit go first.
      this.#db
        .prepare(
          `DELETE FROM portfolio_findings WHERE set_id IN (SELECT value FROM json_each(?))
             OR set_id IN (SELECT id FROM portfolio_audits WHERE record_id IN (SELECT value FROM json_each(?)))`,
        )
        .run(ids, ids);
      this.#db.prepare('DELETE FROM portfolio_records WHERE id IN (SELECT value FROM json_each(?))').run(ids);
      const superseded = `SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY record_id ORDER BY audited_at DESC, id DESC) AS rank FROM portfolio_audits) WHERE rank > 1`;
      this.#db.prepare(`DELETE FROM portfolio_findings WHERE set_id IN (${superseded})`).run();
      this.#db.prepare(`DELETE FROM portfolio_audits WHERE id IN (${superseded})`).run();
      return victims.length;
    });
  }

  async close(): Promise<void> {
    if (this.#ownsDb) this.#db.close();
  }

  /**
   * A query's rows. An SQLite error is the store's, never deptrust's (exit 3, as
   * PostgreSQL's are): a file fault as the database's, anything else (a table
   * dropped or renamed, a column missing: a store tampered with) naming the store.
   */
  #read<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      const code = error && typeof error === 'object' && 'code' in error && typeof error.code === 'string' ? error.code : '';
      if (!code.startsWith('SQLITE_')) throw error;
      throw databaseFault(error) ?? new DataError(`cannot read from the portfolio store (${this.description}): ${error instanceof Error ? error.message : code}`, { cause: error });
    }
  }

  #write<T>(work: () => T): T {
    try {
      return this.#db.transaction(work).immediate();
    } catch (error) {
      if (error instanceof DataError) throw error;
      throw new DataError(`cannot write to the portfolio store (${this.description}): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
}

/** Applies the portfolio migrations not yet run, in one write transaction (concurrent first runs wait for each other). */
function migratePortfolio(db: Db): void {
  try {
    db.transaction(() => {
      db.exec('CREATE TABLE IF NOT EXISTS portfolio_schema (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
      const current = db.prepare<[], { version: unknown }>('SELECT max(version) AS version FROM portfolio_schema').get()?.version ?? 0;
      // Another program's table of that name, or one tampered with: no migration could be judged against it.
      if (typeof current !== 'number' || !Number.isInteger(current) || current < 0) {
        throw new DataError(`the portfolio store's portfolio_schema holds no schema version (${JSON.stringify(current)}): it was not written by deptrust`);
      }
      if (current > SQLITE_PORTFOLIO_MIGRATIONS.length) {
        throw new DataError(`the portfolio store was written by a newer deptrust (portfolio schema ${current}, this one knows ${SQLITE_PORTFOLIO_MIGRATIONS.length})`);
      }
      for (let version = current; version < SQLITE_PORTFOLIO_MIGRATIONS.length; version++) {
        db.exec(SQLITE_PORTFOLIO_MIGRATIONS[version] ?? '');
        db.prepare('INSERT INTO portfolio_schema (version, applied_at) VALUES (?, ?)').run(version + 1, new Date().toISOString());
      }
    }).immediate();
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError(`cannot prepare the portfolio tables: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
