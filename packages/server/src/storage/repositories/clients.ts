// Clients (tenants). Every other repository is scoped by a client id.
import type { Kysely } from "kysely";
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

export async function getClient(db: Kysely<Database>, clientId: string): Promise<ClientRecord | undefined> {
  const row = await db.selectFrom("clients").selectAll().where("id", "=", clientId).executeTakeFirst();
  return row && toRecord(row);
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
