// A fingerprint of everything a request could write: every row of the resource tables, the
// outbox and its counter, the signing keys, the platforms' apps and connections' grants. Equal fingerprints = the request changed nothing.
// (The webhook delivery tables are left out: the dispatcher writes them in the background.)
import { createHash } from "node:crypto";
import SQLite from "better-sqlite3";
import { sql, type Kysely } from "kysely";
import type { Database } from "../../../src/storage/schema.js";

export const FINGERPRINTED_TABLES = [
  "clients",
  "api_keys",
  "companies",
  "connections",
  "cors_origins",
  "signing_keys",
  "counters",
  "webhook_events",
  "webhook_consumers",
  "platform_apps",
  "custom_platforms",
  "connection_credentials",
  "oauth_flows",
  "revocations",
] as const;

export async function databaseFingerprint(db: Kysely<Database>): Promise<string> {
  const hash = createHash("sha256");
  for (const table of FINGERPRINTED_TABLES) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
    const lines = rows.map((row) => JSON.stringify(row)).sort();
    hash.update(`${table}\n${lines.join("\n")}\n`);
  }
  return hash.digest("hex");
}

/** Rows per fingerprinted table, for reports. */
export async function rowCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of FINGERPRINTED_TABLES) {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
    counts[table] = Number(rows[0]?.n ?? 0);
  }
  return counts;
}

/**
 * A cheap exact "has anything been committed since?" for a SQLite database file: SQLite's
 * `data_version`, read on a connection of our own, changes whenever another connection (the
 * server's) commits. Unchanged = nothing was written; changed = compare fingerprints.
 */
export function sqliteCommitWatcher(databaseUrl: string): { version(): number; close(): void } {
  const connection = new SQLite(databaseUrl.slice("sqlite:".length), { readonly: true, fileMustExist: true });
  return {
    version: () => connection.pragma("data_version", { simple: true }) as number,
    close: () => connection.close(),
  };
}
