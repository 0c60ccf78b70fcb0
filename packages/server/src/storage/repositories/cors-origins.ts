// Allowed browser origins of one client (one store behind both CORS settings paths).
import type { Kysely } from "kysely";
import type { Database } from "../schema.js";

export async function listCorsOrigins(db: Kysely<Database>, clientId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("cors_origins")
    .select("origin")
    .where("client_id", "=", clientId)
    .orderBy("origin")
    .execute();
  return rows.map((r) => r.origin);
}

/** Replaces the client's whole list (origins already normalised and de-duplicated). */
export async function replaceCorsOrigins(
  db: Kysely<Database>,
  clientId: string,
  origins: string[],
  now: Date,
): Promise<void> {
  const replace = async (trx: Kysely<Database>) => {
    await trx.deleteFrom("cors_origins").where("client_id", "=", clientId).execute();
    if (origins.length === 0) return;
    const created = now.toISOString();
    await trx
      .insertInto("cors_origins")
      .values(origins.map((origin) => ({ client_id: clientId, origin, created_date: created })))
      .execute();
  };
  // Joins the caller's transaction when there is one (Kysely transactions do not nest).
  if (db.isTransaction) await replace(db);
  else await db.transaction().execute(replace);
}

/** Adds one origin (already normalised) to the client's list; false when it was there already. */
export async function addCorsOrigin(db: Kysely<Database>, clientId: string, origin: string, now: Date): Promise<boolean> {
  const inserted = await db
    .insertInto("cors_origins")
    .values({ client_id: clientId, origin, created_date: now.toISOString() })
    .onConflict((oc) => oc.columns(["client_id", "origin"]).doNothing())
    .returning("origin")
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Removes one origin from the client's list; false when it was not on it. */
export async function removeCorsOrigin(db: Kysely<Database>, clientId: string, origin: string): Promise<boolean> {
  const result = await db.deleteFrom("cors_origins").where("client_id", "=", clientId).where("origin", "=", origin).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
