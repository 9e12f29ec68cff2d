// The only importer of pg (docs/architecture.md: one adapter per heavy dependency).
import { statSync } from 'node:fs';
import type pg from 'pg';
import { DataError } from '../model/errors.js';
import type { AuditBaseline, AuditRecord, LatestComponent, PortfolioRecord, PortfolioStore, PruneRule, RecordHeader, WhoRow } from '../model/portfolio.js';
import { POSTGRES_PORTFOLIO_MIGRATIONS } from './portfolio-migrations.js';
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
  WHO_COLUMN_LIST,
  whoRowFromRow,
  whoRowFromValues,
  type Row,
} from './portfolio-rows.js';

type Value = string | number | boolean | null;

let pgModule: Promise<typeof pg> | undefined;

/**
 * node-postgres, loaded on first use. When pg 8 loads, it asks whether it
 * runs in a Cloudflare Worker: where `navigator.userAgent` is missing (Node
 * 20; Node 21 and later define it) it constructs a fetch `Response` to find
 * out, which loads Node's whole fetch implementation (undici), a tenth of a
 * `portfolio who`. While pg loads, Node 20 is lent a `navigator.userAgent`
 * (later versions have one), removed again right after.
 */
function loadPg(): Promise<typeof pg> {
  pgModule ??= (async () => {
    const lent = !Reflect.has(globalThis, 'navigator');
    if (lent) Reflect.defineProperty(globalThis, 'navigator', { value: { userAgent: 'Node.js' }, configurable: true });
    try {
      return (await import('pg')).default;
    } finally {
      if (lent) Reflect.deleteProperty(globalThis, 'navigator');
    }
  })();
  return pgModule;
}

/** Any constant: serialises concurrent first-time migrations of one database. */
const MIGRATION_LOCK = 7_314_159_265;

export interface PostgresOptions {
  /** Connections in the pool (an audit reads several projects at once). */
  poolSize?: number;
  /** How long to wait for a connection: a minute, since many CI jobs may connect at the same moment to a busy server. */
  connectTimeoutMs?: number;
}

/**
 * A `postgres://` or `postgresql://` URL with its password removed, for
 * messages. The password itself comes from the URL, PGPASSWORD or ~/.pgpass
 * (node-postgres reads the last two) and is never printed.
 */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    // pg-connection-string takes every query parameter as a setting: `?password=…` is a password too.
    if (parsed.searchParams.has(PASSWORD_PARAMETER)) parsed.searchParams.delete(PASSWORD_PARAMETER);
    return parsed.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

/** The query parameter node-postgres reads a password from, as it reads the user's part of the URL. */
const PASSWORD_PARAMETER = 'password';

/** The query parameters node-postgres reads a file from when it connects (readFileSync: a FIFO would block for ever, /dev/zero fill the memory). */
const FILE_PARAMETERS = ['sslrootcert', 'sslcert', 'sslkey'];

/**
 * What node-postgres would fail on badly, refused before it sees the URL: a
 * port that is not one (`?port=abc` left its pool's query unsettled, and the
 * process ended a minute later with exit 13 and no word), and a certificate
 * or key parameter that names no regular file (a policy file from any
 * repository may name the store). An unparsable URL is left to the driver.
 */
function checkConnectionParameters(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return;
  }
  const port = parsed.searchParams.get('port');
  if (port !== null && port !== '' && !/^\d{1,5}$/.test(port)) throw new Error(`port ${JSON.stringify(port)} is not a port number`);
  if (port !== null && Number(port) > 65_535) throw new Error(`port ${port} is not a port number`);
  for (const name of FILE_PARAMETERS) {
    const file = parsed.searchParams.get(name);
    if (file === null || file === '') continue;
    const stats = statSync(file, { throwIfNoEntry: false });
    if (!stats) throw new Error(`${name} ${file}: no such file`);
    if (!stats.isFile()) throw new Error(`${name} ${file} is not a regular file`);
  }
}

/** `url` with PGPASSWORD of `env` as its password when it has none. */
function withEnvironmentPassword(url: string, env: Readonly<Record<string, string | undefined>>): string {
  const password = env['PGPASSWORD'];
  const parsed = new URL(url);
  if (parsed.password !== '' || password === undefined || password === '') return url;
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

/** Removes every secret a message could carry: the URL's password, raw and decoded, and the URL itself. */
function redactor(url: string, env: Readonly<Record<string, string | undefined>>): (message: string) => string {
  const secrets = new Set<string>();
  try {
    const parsed = new URL(url);
    if (parsed.password) {
      secrets.add(parsed.password);
      secrets.add(decodeURIComponent(parsed.password));
    }
    for (const password of parsed.searchParams.getAll(PASSWORD_PARAMETER)) {
      secrets.add(password);
      secrets.add(encodeURIComponent(password));
    }
  } catch {
    // An unparsable URL: the whole URL is the secret.
  }
  const pgPassword = env['PGPASSWORD'];
  if (pgPassword) secrets.add(pgPassword);
  secrets.add(url);
  const ordered = [...secrets].filter((secret) => secret.length > 0).sort((a, b) => b.length - a.length);
  return (message) => ordered.reduce((text, secret) => text.split(secret).join('***'), message);
}

/** The column arrays of a multi-row insert through unnest (one statement, one parameter per column). */
function columnsOf(rows: readonly Value[][], width: number): Value[][] {
  const columns: Value[][] = Array.from({ length: width }, () => []);
  for (const row of rows) row.forEach((value, index) => columns[index]?.push(value));
  return columns;
}

export class PostgresPortfolioStore implements PortfolioStore {
  readonly description: string;
  readonly #pool: pg.Pool;
  readonly #redact: (message: string) => string;
  /** The first error of an idle connection (the server went away), reported by the next query. */
  #idleError: Error | undefined;

  private constructor(pool: pg.Pool, description: string, redact: (message: string) => string) {
    this.#pool = pool;
    this.description = description;
    this.#redact = redact;
  }

  /** Loads node-postgres, which `open` then uses at once. */
  static async loadDriver(): Promise<void> {
    await loadPg();
  }

  /** Connects, checks the schema version and applies the migrations not yet run. */
  static async open(url: string, env: Readonly<Record<string, string | undefined>>, options: PostgresOptions = {}): Promise<PostgresPortfolioStore> {
    const redact = redactor(url, env);
    const description = `PostgreSQL ${describePostgresUrl(url)}`;
    const { Pool } = await loadPg();
    let pool: pg.Pool;
    try {
      checkConnectionParameters(url);
      // node-postgres reads PGPASSWORD from the global process environment; the password comes from `env` (the
      // caller's environment: the CLI's, or a library user's), and only without one there from ~/.pgpass.
      // (A `password` option would be overridden by the connection string's missing one: it goes into the URL.)
      pool = new Pool({ connectionString: withEnvironmentPassword(url, env), max: options.poolSize ?? 4, connectionTimeoutMillis: options.connectTimeoutMs ?? 60_000, application_name: 'deptrust' });
    } catch (error) {
      throw new DataError(`cannot use the portfolio store ${description}: ${redact(error instanceof Error ? error.message : String(error))}`);
    }
    const store = new PostgresPortfolioStore(pool, description, redact);
    pool.on('error', (error) => {
      store.#idleError ??= error;
    });
    try {
      await store.#migrate();
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
    return store;
  }

  async record(record: PortfolioRecord): Promise<void> {
    await this.#transaction(async (client) => {
      await client.query(`INSERT INTO portfolio_records (${RECORD_COLUMNS.join(', ')}) VALUES (${RECORD_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`, recordValues(record));
      await this.#insertComponents(client, record);
      await this.#insertFindings(client, record.findings.map((finding) => findingValues(record.id, finding)));
    });
  }

  async latest(): Promise<RecordHeader[]> {
    const rows = await this.#query(`SELECT * FROM portfolio_records WHERE id IN (${LATEST_RECORD_IDS})`);
    return rows.map(headerFromRow).sort(compareHeaders);
  }

  /**
   * The rows come as one JSON document, each row a JSON array of
   * WHO_COLUMN_LIST: a package in every project is thousands of rows, and
   * decoding them field by field (node-postgres's type parsers, a Date per
   * timestamp) cost three times as much as the query; arrays rather than
   * objects, because naming every field of every row (json_agg of a row) took
   * the server a third longer. The time is rendered as `toISOString()` would
   * (what the records hold, to the millisecond), so the rows read the same as
   * from SQLite.
   */
  async who(name: string): Promise<WhoRow[]> {
    const columns = WHO_COLUMN_LIST.map((column) => (column === 'r.recorded_at' ? `to_char(r.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` : column));
    const rows = await this.#query(
      `SELECT coalesce(json_agg(json_build_array(${columns.join(', ')})), '[]')::text AS rows
       FROM portfolio_components c JOIN portfolio_records r ON r.id = c.record_id WHERE c.name = $1 AND c.record_id IN (${LATEST_RECORD_IDS})`,
      [name],
    );
    return (JSON.parse(text(rows[0] ?? {}, 'rows')) as unknown[]).map((values) => whoRowFromRow(whoRowFromValues(values)));
  }

  async latestPackages(): Promise<Array<{ name: string; version: string }>> {
    const rows = await this.#query(`SELECT DISTINCT name, version FROM portfolio_components WHERE source_kind = 'registry' AND record_id IN (${LATEST_RECORD_IDS})`);
    return rows.map((row) => ({ name: String(row['name']), version: String(row['version']) }));
  }

  async latestComponents(packages: ReadonlyArray<{ name: string; version: string }>): Promise<LatestComponent[]> {
    if (packages.length === 0) return [];
    // The pairs as two array parameters; the distinct names let the (name, record_id) index find the candidates.
    const rows = await this.#query(
      `SELECT c.* FROM portfolio_components c
       JOIN unnest($1::text[], $2::text[]) AS wanted(name, version) ON c.name = wanted.name AND c.version = wanted.version
       WHERE c.name = ANY($3::text[]) AND c.source_kind = 'registry' AND c.record_id IN (${LATEST_RECORD_IDS})`,
      [packages.map((pkg) => pkg.name), packages.map((pkg) => pkg.version), [...new Set(packages.map((pkg) => pkg.name))]],
    );
    return rows.map((row) => ({ recordId: text(row, 'record_id'), component: componentFromRow(row) }));
  }

  async latestBaselines(): Promise<Map<string, AuditBaseline>> {
    return baselinesFromRows(await this.#query(LATEST_BASELINE_FINDINGS));
  }

  async recordAudits(audits: readonly AuditRecord[]): Promise<void> {
    if (audits.length === 0) return;
    await this.#transaction(async (client) => {
      const [ids, recordIds, auditedAt, sources, updatedAt] = columnsOf(audits.map(auditValues), AUDIT_COLUMNS.length);
      await client.query(
        `INSERT INTO portfolio_audits (${AUDIT_COLUMNS.join(', ')}) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::text[], $5::timestamptz[])`,
        [ids, recordIds, auditedAt, sources, updatedAt],
      );
      await this.#insertFindings(client, audits.flatMap((audit) => audit.findings.map((finding) => findingValues(audit.id, finding))));
    });
  }

  async prune(rule: PruneRule): Promise<number> {
    return this.#transaction(async (client) => {
      const victims =
        'keep' in rule
          ? await client.query<{ id: string }>(
              'SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY project_key, branch ORDER BY recorded_at DESC, id DESC) AS rank FROM portfolio_records) ranked WHERE rank > $1',
              [rule.keep],
            )
          : await client.query<{ id: string }>(`SELECT id FROM portfolio_records WHERE recorded_at < $1 AND id NOT IN (${LATEST_RECORD_IDS})`, [rule.olderThan]);
      const ids = victims.rows.map((row) => row.id);
      // Findings have no foreign key (a set is a record or an audit): those of the victims and of every superseded audit go first.
      await client.query('DELETE FROM portfolio_findings WHERE set_id = ANY($1::uuid[]) OR set_id IN (SELECT id FROM portfolio_audits WHERE record_id = ANY($1::uuid[]))', [ids]);
      await client.query('DELETE FROM portfolio_records WHERE id = ANY($1::uuid[])', [ids]);
      const superseded = 'SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY record_id ORDER BY audited_at DESC, id DESC) AS rank FROM portfolio_audits) ranked WHERE rank > 1';
      await client.query(`DELETE FROM portfolio_findings WHERE set_id IN (${superseded})`);
      await client.query(`DELETE FROM portfolio_audits WHERE id IN (${superseded})`);
      return ids.length;
    });
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }

  /** All components in one statement: each column is one array parameter, unnest makes the rows. */
  async #insertComponents(client: pg.PoolClient, record: PortfolioRecord): Promise<void> {
    if (record.components.length === 0) return;
    const [, ...columns] = columnsOf(record.components.map((component) => componentValues(record.id, component)), COMPONENT_COLUMNS.length);
    await client.query(
      `INSERT INTO portfolio_components (${COMPONENT_COLUMNS.join(', ')})
       SELECT $1::uuid, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[], $8::integer[], $9::bigint[], $10::text[], $11::text[], $12::integer[])`,
      [record.id, ...columns],
    );
  }

  /** Findings of one or more sets in one statement (each row names its set). */
  async #insertFindings(client: pg.PoolClient, rows: Value[][]): Promise<void> {
    if (rows.length === 0) return;
    await client.query(
      `INSERT INTO portfolio_findings (${FINDING_COLUMNS.join(', ')})
       SELECT set_id, purl, name, version, primary_id, ids::jsonb, severity, malicious, fixed_versions::jsonb
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::boolean[], $9::text[]) AS t(set_id, purl, name, version, primary_id, ids, severity, malicious, fixed_versions)`,
      columnsOf(rows, FINDING_COLUMNS.length),
    );
  }

  async #query(sql: string, values: readonly unknown[] = []): Promise<Row[]> {
    this.#throwIdleError();
    try {
      const result = await this.#pool.query<Row>(sql, [...values]);
      return result.rows;
    } catch (error) {
      throw this.#wrap(error, 'read from');
    }
  }

  async #transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    this.#throwIdleError();
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (error) {
      throw this.#wrap(error, 'connect to');
    }
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw this.#wrap(error, 'write to');
    } finally {
      client.release();
    }
  }

  async #migrate(): Promise<void> {
    const latest = POSTGRES_PORTFOLIO_MIGRATIONS.length;
    // Read first: a role without CREATE (the CI and query roles) works on a schema that is up to date. One round trip when it is:
    // the version table is read directly, and only its absence (undefined_table, 42P01) means a store never migrated.
    let current: number;
    try {
      current = Number((await this.#pool.query<Row>('SELECT coalesce(max(version), 0) AS version FROM portfolio_schema')).rows[0]?.['version'] ?? 0);
    } catch (error) {
      if (!(error && typeof error === 'object' && 'code' in error && error.code === '42P01')) throw this.#wrap(error, 'read from');
      current = 0;
    }
    if (current > latest) throw new DataError(`the portfolio store was written by a newer deptrust (portfolio schema ${current}, this one knows ${latest})`);
    if (current === latest) return;
    await this.#transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query('CREATE TABLE IF NOT EXISTS portfolio_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
      const locked = await client.query<{ version: number }>('SELECT coalesce(max(version), 0)::integer AS version FROM portfolio_schema');
      for (let version = locked.rows[0]?.version ?? 0; version < latest; version++) {
        await client.query(POSTGRES_PORTFOLIO_MIGRATIONS[version] ?? '');
        await client.query('INSERT INTO portfolio_schema (version) VALUES ($1)', [version + 1]);
      }
    });
  }

  #throwIdleError(): void {
    if (this.#idleError) throw this.#wrap(this.#idleError, 'use');
  }

  #wrap(error: unknown, action: string): DataError {
    if (error instanceof DataError) return error;
    const message = error instanceof Error ? error.message : String(error);
    const code = error && typeof error === 'object' && 'code' in error && typeof error.code === 'string' ? ` [${error.code}]` : '';
    // The cause is left out on purpose: a driver error can carry the connection parameters.
    return new DataError(`cannot ${action} the portfolio store ${this.description}: ${this.#redact(message.split('\n')[0] ?? '')}${code}`);
  }
}
