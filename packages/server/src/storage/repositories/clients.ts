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
  /** Where a company's owner goes back to ({companyId} not yet filled in), or null. */
  redirectUrl: string | null;
}

function toRecord(row: Database["clients"]): ClientRecord {
  return { id: row.id, name: row.name, isDefault: row.is_default === 1, created: row.created_date, redirectUrl: row.redirect_url ?? null };
}

export async function createClient(
  db: Kysely<Database>,
  input: { name: string; isDefault?: boolean; now: Date },
): Promise<ClientRecord> {
  const row = { id: newId(), name: input.name, is_default: input.isDefault ? 1 : 0, created_date: input.now.toISOString(), redirect_url: null };
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

export async function getClient(db: Kysely<Database>, clientId: string): Promise<ClientRecord | undefined> {
  const row = await db.selectFrom("clients").selectAll().where("id", "=", clientId).executeTakeFirst();
  return row && toRecord(row);
}

/** Every client, oldest first. */
export async function listClients(db: Kysely<Database>): Promise<ClientRecord[]> {
  const rows = await db.selectFrom("clients").selectAll().orderBy("created_date").orderBy("id").execute();
  return rows.map(toRecord);
}

/** The clients with exactly this name (names are not unique). */
export async function findClientsByName(db: Kysely<Database>, name: string): Promise<ClientRecord[]> {
  const rows = await db.selectFrom("clients").selectAll().where("name", "=", name).orderBy("created_date").orderBy("id").execute();
  return rows.map(toRecord);
}

/** Sets (or, with null, removes) the client's redirect URL; false when there is no such client. */
export async function setClientRedirectUrl(db: Kysely<Database>, clientId: string, redirectUrl: string | null): Promise<boolean> {
  const result = await db.updateTable("clients").set({ redirect_url: redirectUrl }).where("id", "=", clientId).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
