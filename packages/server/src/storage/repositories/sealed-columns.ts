// The columns that hold values sealed by the server's SecretBox, described as data, and the two
// statements resealing needs: list a column's sealed values with the keys of their rows, and
// swap one for its resealed form only while it is still the value that was read (a
// compare-and-set, so a value a running server replaced meanwhile is never overwritten).
import { sql, type Kysely } from "kysely";
import type { Database } from "../schema.js";

export interface SealedColumn {
  table: string;
  /** The columns that identify a row. */
  keys: readonly string[];
  column: string;
}

/** One sealed value and the keys of its row. */
export interface SealedCell {
  keys: Record<string, unknown>;
  sealed: string;
}

export async function listSealedCells(db: Kysely<Database>, { table, keys, column }: SealedColumn): Promise<SealedCell[]> {
  const result = await sql<Record<string, unknown>>`select ${sql.join(keys.map((key) => sql.ref(key)))}, ${sql.ref(column)} as sealed
    from ${sql.table(table)} where ${sql.ref(column)} is not null`.execute(db);
  return result.rows.map((row) => ({ keys: Object.fromEntries(keys.map((key) => [key, row[key]])), sealed: String(row.sealed) }));
}

/** Replaces `cell`'s value with `next` only if it still is `cell.sealed`; false when it was replaced meanwhile (or deleted). */
export async function swapSealedCell(db: Kysely<Database>, { table, keys, column }: SealedColumn, cell: SealedCell, next: string): Promise<boolean> {
  const conditions = [...keys.map((key) => sql`${sql.ref(key)} = ${cell.keys[key]}`), sql`${sql.ref(column)} = ${cell.sealed}`];
  const result = await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${next} where ${sql.join(conditions, sql` and `)}`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}
