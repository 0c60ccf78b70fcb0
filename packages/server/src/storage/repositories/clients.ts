// Clients (tenants). Every other repository is scoped by a client id.
import type { Kysely } from "kysely";
import { lockingRows } from "../dialect.js";
import { newId } from "../ids.js";
import type { Database } from "../schema.js";

export interface ClientRecord {
  id: string;
  name: string;
  isDefault: boolean;
  created: string;
}

function toRecord(row: Database["clients"]): ClientRecord {
  return { id: row.id, name: row.name, isDefault: row.is_default === 1, created: row.created_date };
}

export async function createClient(
  db: Kysely<Database>,
  input: { name: string; isDefault?: boolean; now: Date },
): Promise<ClientRecord> {
  const row = { id: newId(), name: input.name, is_default: input.isDefault ? 1 : 0, created_date: input.now.toISOString() };
  await db.insertInto("clients").values(row).execute();
  return toRecord(row);
}

/**
 * Serialises a client's writes that must see each other (its limits on companies, API keys,
 * webhook consumers) until the transaction ends, on every node and worker: PostgreSQL locks the
 * client's row; SQLite's transactions hold the database's write lock from their start.
 */
export async function lockClient(trx: Kysely<Database>, clientId: string): Promise<void> {
  await lockingRows(trx, trx.selectFrom("clients").select("id").where("id", "=", clientId)).execute();
}

/** The client that `npm start` seeded, if any. */
export async function findDefaultClient(db: Kysely<Database>): Promise<ClientRecord | undefined> {
  const row = await db
    .selectFrom("clients")
    .selectAll()
    .where("is_default", "=", 1)
    .orderBy("created_date")
    .executeTakeFirst();
  return row && toRecord(row);
}
