// The one place that knows which database engine is underneath: opening it, its transaction
// mode, its errors, and the few query clauses that differ (row locks). Everything else talks to
// a `Kysely<Database>` and uses portable SQL only.
import path from "node:path";
import SQLite from "better-sqlite3";
import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type SelectQueryBuilder,
  type SqliteDialectConfig,
} from "kysely";
import pg from "pg";
import { ensurePrivateFile, tightenExisting } from "../lib/private-files.js";
import type { Database } from "./schema.js";

export type DialectName = "sqlite" | "postgres";

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
}

/** PostgreSQL returns int8 as a string; our int8 values (outbox sequence) stay far below 2^53. */
const INT8_OID = 20;
const pgTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === INT8_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/**
 * Transactions start with BEGIN IMMEDIATE, taking SQLite's write lock up front. Several
 * processes may share one file (WORKERS > 1): a plain (deferred) BEGIN that reads and then
 * writes fails at once with SQLITE_BUSY when another process wrote in between, whereas an
 * immediate one waits its turn (busy_timeout). Within one process nothing changes: Kysely runs
 * one query at a time on the one connection anyway.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings);
  }
}

function sqliteDialect(databaseUrl: string, cwd: string): Dialect {
  const file = databaseUrl.slice("sqlite:".length);
  const location = file === ":memory:" ? ":memory:" : path.resolve(cwd, file);
  if (location !== ":memory:") {
    // Every tenant's data: 0600 in a 0700 folder. SQLite gives its -wal and -shm files the
    // database file's mode; those left by an older version are tightened too.
    ensurePrivateFile(location);
    tightenExisting(`${location}-wal`, `${location}-shm`);
  }
  const database = new SQLite(location);
  database.pragma("journal_mode = WAL");
  // FULL: every commit is on disk before it is acknowledged, so an acknowledged write survives a
  // power loss too, not only a process crash (WAL with NORMAL may lose the last commits then).
  database.pragma("synchronous = FULL");
  database.pragma("foreign_keys = ON");
  database.pragma("busy_timeout = 5000");
  return new ImmediateSqliteDialect({ database: withStatementCache(database) });
}

/** Prepared statements kept per SQL text; beyond this many, the least recently used is dropped. */
const STATEMENT_CACHE_SIZE = 512;

/**
 * The database as Kysely's SQLite driver sees it, preparing each SQL text once: the driver
 * prepares every query anew, and compiling the statement costs as much as running a small one.
 * Safe because the driver runs one query at a time and never streams (a statement is never
 * in use twice at once); SQLite re-prepares a statement by itself after a schema change.
 */
function withStatementCache(database: SQLite.Database): SqliteDialectConfig["database"] {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => {
      statements.clear();
      database.close();
    },
    prepare: (sql: string) => {
      let statement = statements.get(sql);
      if (statement) {
        statements.delete(sql); // re-inserted below: the map's order is the recency
      } else {
        statement = database.prepare(sql);
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
      }
      statements.set(sql, statement);
      return statement;
    },
  };
}

function postgresDialect(databaseUrl: string): Dialect {
  // A bounded wait for a connection: a network that silently drops packets answers 503 after
  // 5 s instead of holding requests until TCP gives up.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, types: pgTypes, connectionTimeoutMillis: 5000, keepAlive: true });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on("error", () => undefined);
  // pg-pool listens for a client's errors only while it is idle: a connection that breaks while
  // checked out (the database restarts mid-request) would emit an unhandled 'error' and kill the
  // process. The failed query rejects anyway, and the pool drops the broken client on release.
  pool.on("connect", (client) => client.on("error", () => undefined));
  return new PostgresDialect({ pool });
}

/** Opens (but does not migrate) the database named by `databaseUrl`. */
export function openDatabase(databaseUrl: string, cwd: string = process.cwd()): DatabaseHandle {
  const dialect: DialectName = databaseUrl.startsWith("sqlite:") ? "sqlite" : "postgres";
  const kyselyDialect = dialect === "sqlite" ? sqliteDialect(databaseUrl, cwd) : postgresDialect(databaseUrl);
  return { db: new Kysely<Database>({ dialect: kyselyDialect }), dialect };
}

// What differs by engine in queries, behind names that say what they mean. SQLite needs none
// of these: its transactions hold the database's write lock from their start (BEGIN IMMEDIATE
// above), so they run one at a time anyway.

/** A database handle or transaction, whatever tables its type knows. */
interface Queryable {
  getExecutor(): { readonly adapter: unknown };
}

/** True when `db` (or a transaction of it) talks to PostgreSQL. */
function onPostgres(db: Queryable): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** `query` locking the rows it reads until the transaction ends (PostgreSQL: FOR UPDATE). */
export function lockingRows<DB, TB extends keyof DB, O>(db: Queryable, query: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O> {
  return onPostgres(db) ? query.forUpdate() : query;
}

/**
 * `query` locking the rows it reads, and passing over rows another transaction holds instead
 * of waiting for them (PostgreSQL: FOR UPDATE [OF table] SKIP LOCKED): for work queues that
 * several nodes drain at once.
 */
export function claimingRows<DB, TB extends keyof DB, O>(
  db: Queryable,
  query: SelectQueryBuilder<DB, TB, O>,
  ofTable?: string,
): SelectQueryBuilder<DB, TB, O> {
  if (!onPostgres(db)) return query;
  return (ofTable === undefined ? query.forUpdate() : query.forUpdate(ofTable as never)).skipLocked();
}

const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "SQLITE_BUSY"]);
/** PostgreSQL SQLSTATEs of a database that is away or not taking connections (class 08: connection exceptions). */
const UNAVAILABLE_STATES = /^(08...|57P0[123]|53300)$/;
/** pg's own errors for a broken or unobtainable connection carry no code. */
const UNREACHABLE_MESSAGES = /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Client was closed/i;

/**
 * True when `error` says the database cannot be reached right now (stopped, restarting, network
 * cut, pool exhausted, SQLite busy) rather than that the query is wrong: a retryable 503.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error === null || typeof error !== "object") return false;
  const { code, message, errors } = error as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof code === "string" && (UNREACHABLE_CODES.has(code) || UNAVAILABLE_STATES.test(code))) return true;
  if (typeof message === "string" && UNREACHABLE_MESSAGES.test(message)) return true;
  return Array.isArray(errors) && errors.some(isDatabaseUnavailable);
}
