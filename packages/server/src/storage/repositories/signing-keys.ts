// Token signing keys. They are deployment-wide (not per client): one JWKS verifies every
// client's tokens, and every node reads the same rows.
import type { Kysely } from "kysely";
import type { Database } from "../schema.js";

export type SigningKeyRow = Database["signing_keys"];

/** Keys still published: the active one and superseded ones whose tokens may still be alive. */
export async function listPublishedSigningKeys(db: Kysely<Database>, now: Date): Promise<SigningKeyRow[]> {
  return db
    .selectFrom("signing_keys")
    .selectAll()
    .where((eb) => eb.or([eb("retire_after", "is", null), eb("retire_after", ">", now.toISOString())]))
    .orderBy("created_date", "desc")
    .orderBy("kid", "desc")
    .execute();
}

/**
 * Makes `row` the active key: every other active key is superseded and stays published until
 * `retireAfter`. Readers sign with the newest unsuperseded key, so even two racing rotations
 * end with one key in use.
 */
export async function activateSigningKey(db: Kysely<Database>, row: SigningKeyRow, retireAfter: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("signing_keys")
      .set({ superseded_date: row.created_date, retire_after: retireAfter.toISOString() })
      .where("superseded_date", "is", null)
      .execute();
    await trx.insertInto("signing_keys").values(row).execute();
  });
}

/** Removes keys whose last token has expired. */
export async function deleteRetiredSigningKeys(db: Kysely<Database>, now: Date): Promise<number> {
  const result = await db.deleteFrom("signing_keys").where("retire_after", "<=", now.toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}
