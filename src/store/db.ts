// Opens the database named by the configuration: embedded SQLite (better-sqlite3) under
// DATA_DIR by default, PostgreSQL (pg) when DATABASE_URL is set. Each driver is imported only
// when it is used. Migrations, schema checks and liveness checks live here too.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type { Config } from '../config/config.ts';
import { describeDatabase } from '../config/config.ts';
import { migrations, type Dialect } from './migrations.ts';
import type { Database } from './schema.ts';

export interface SchemaStatus {
  /** Migrations this code has that the database has not run. */
  pending: string[];
  /** Migrations the database has run that this code does not know (it is newer). */
  unknown: string[];
}

export interface Db {
  readonly dialect: Dialect;
  readonly kysely: Kysely<Database>;
  /** The database's address without secrets. */
  readonly description: string;
  ping(timeoutMs?: number): Promise<void>;
  schemaStatus(): Promise<SchemaStatus>;
  /** Runs every pending migration; returns the names applied. */
  migrate(): Promise<string[]>;
  close(): Promise<void>;
}

const MIGRATION_TABLE = 'mbg_migration';
const MIGRATION_LOCK_TABLE = 'mbg_migration_lock';

/** The database is unreachable or refused the connection: the request may be retried later (503). */
export class DatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super('the database is not reachable', { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '53300', 'SQLITE_BUSY', 'SQLITE_CANTOPEN', 'SQLITE_IOERR', 'SQLITE_FULL']);

/** True for errors that mean "the database is not there right now", not "the query is wrong". */
export function isUnavailable(err: unknown): boolean {
  if (err instanceof DatabaseUnavailableError) return true;
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  return /connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|Connection terminated unexpectedly|Client has encountered a connection error|database is locked/i.test(err.message);
}

/** Prepared SQLite statements kept per connection, by SQL text (Kysely prepares every query again otherwise). */
export const SQLITE_STATEMENT_CACHE_SIZE = 200;
/** How long a SQLite connection waits for another process's write lock before SQLITE_BUSY (503). */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

async function sqliteDialect(file: string): Promise<SqliteDialect> {
  const { default: SQLite } = await import('better-sqlite3');
  mkdirSync(dirname(file), { recursive: true });
  const database = new SQLite(file);
  // WAL: readers never wait for the writer, and several processes (the cluster's web workers,
  // batch workers) share the file. synchronous=NORMAL: a commit is written to the WAL without an
  // fsync of its own; the WAL is fsynced at each checkpoint. A power cut can lose the last
  // commits before a checkpoint, never corrupt the database; a crashed process loses nothing.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  database.pragma('foreign_keys = ON');
  // Kysely runs one query at a time on this connection (its mutex), so a cached statement is
  // never in use twice at once. Queries differ only in their parameters, so a few statements
  // cover the service; the map is cleared if something ever makes many distinct SQL texts.
  const statements = new Map<string, ReturnType<typeof database.prepare>>();
  const cached = {
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        if (statements.size >= SQLITE_STATEMENT_CACHE_SIZE) statements.clear();
        statement = database.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
    close() {
      statements.clear();
      database.close();
    },
  };
  return new SqliteDialect({ database: cached });
}

async function postgresDialect(url: string, poolMax: number, connectTimeoutMs: number, onPoolError: (err: Error) => void): Promise<PostgresDialect> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: url,
    max: poolMax,
    connectionTimeoutMillis: connectTimeoutMs,
    idleTimeoutMillis: 10_000,
    // int8 (count(*), bigint columns) as numbers: every value we keep fits in 2^53.
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser },
  });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', onPoolError);
  // A connection cut while checked out (mid-query) emits 'error' on the client itself; the query
  // fails on its own, so the event only needs a listener to keep the process up.
  pool.on('connect', (client) => { client.on('error', onPoolError); });
  return new PostgresDialect({ pool });
}

export async function openDatabase(config: Pick<Config, 'database'>, options: { onPoolError?: (err: Error) => void } = {}): Promise<Db> {
  const dialect: Dialect = config.database.kind;
  const driver = config.database.kind === 'sqlite'
    ? await sqliteDialect(config.database.file)
    : await postgresDialect(config.database.url, config.database.poolMax, config.database.connectTimeoutMs, options.onPoolError ?? (() => {}));
  const kysely = new Kysely<Database>({ dialect: driver });
  const migrator = new Migrator({
    db: kysely,
    provider: { getMigrations: async () => migrations(dialect) },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });

  async function executedNames(): Promise<string[]> {
    const tables = await kysely.introspection.getTables();
    if (!tables.some((t) => t.name === MIGRATION_TABLE)) return [];
    const rows = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)}`.execute(kysely);
    return rows.rows.map((r) => r.name);
  }

  return {
    dialect,
    kysely,
    description: describeDatabase(config),
    async ping(timeoutMs = 1500) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new DatabaseUnavailableError(new Error(`no answer in ${timeoutMs} ms`))), timeoutMs); });
      try {
        await Promise.race([sql`select 1`.execute(kysely), timeout]);
      } catch (err) {
        throw err instanceof DatabaseUnavailableError ? err : new DatabaseUnavailableError(err);
      } finally {
        clearTimeout(timer);
      }
    },
    async schemaStatus() {
      const known = Object.keys(migrations(dialect));
      const executed = await executedNames();
      return { pending: known.filter((n) => !executed.includes(n)), unknown: executed.filter((n) => !known.includes(n)) };
    },
    async migrate() {
      const { error, results } = await migrator.migrateToLatest();
      if (error) throw error instanceof Error ? error : new Error(String(error));
      return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    },
    async close() {
      await kysely.destroy();
    },
  };
}

