// The one place that knows which database engine is underneath. Everything else talks to a
// `Kysely<Database>` and uses portable SQL only.
import { mkdirSync } from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, type Dialect } from "kysely";
import pg from "pg";
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

function sqliteDialect(databaseUrl: string, cwd: string): Dialect {
  const file = databaseUrl.slice("sqlite:".length);
  const location = file === ":memory:" ? ":memory:" : path.resolve(cwd, file);
  if (location !== ":memory:") mkdirSync(path.dirname(location), { recursive: true });
  const database = new SQLite(location);
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = NORMAL");
  database.pragma("foreign_keys = ON");
  database.pragma("busy_timeout = 5000");
  return new SqliteDialect({ database });
}

function postgresDialect(databaseUrl: string): Dialect {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, types: pgTypes });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on("error", () => undefined);
  return new PostgresDialect({ pool });
}

/** Opens (but does not migrate) the database named by `databaseUrl`. */
export function openDatabase(databaseUrl: string, cwd: string = process.cwd()): DatabaseHandle {
  const dialect: DialectName = databaseUrl.startsWith("sqlite:") ? "sqlite" : "postgres";
  const kyselyDialect = dialect === "sqlite" ? sqliteDialect(databaseUrl, cwd) : postgresDialect(databaseUrl);
  return { db: new Kysely<Database>({ dialect: kyselyDialect }), dialect };
}

/** True when `error` is a unique-constraint violation, on either engine. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}
