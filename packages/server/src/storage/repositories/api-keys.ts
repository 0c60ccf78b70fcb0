// API keys: 32 random bytes, base64url, shown once; only their SHA-256 is stored. A key is a
// high-entropy secret, so a fast hash is the right tool (no password stretching needed), and
// lookups go by hash, which is also what the in-process auth cache is keyed by.
import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { newId } from "../ids.js";
import type { Database } from "../schema.js";

export interface ApiKeyRecord {
  id: string;
  clientId: string;
  name: string | null;
  created: string;
}

export function generateApiKey(): string {
  return randomBytes(32).toString("base64url");
}

export function hashApiKey(key: string): Buffer {
  return createHash("sha256").update(key, "utf8").digest();
}

function toRecord(row: Pick<Database["api_keys"], "id" | "client_id" | "name" | "created_date">): ApiKeyRecord {
  return { id: row.id, clientId: row.client_id, name: row.name, created: row.created_date };
}

/** Stores `key` (generated when omitted) for the client; returns the record and the key itself. */
export async function createApiKey(
  db: Kysely<Database>,
  clientId: string,
  input: { name?: string | null | undefined; key?: string; now: Date },
): Promise<{ record: ApiKeyRecord; key: string }> {
  const key = input.key ?? generateApiKey();
  const row = {
    id: newId(),
    client_id: clientId,
    name: input.name ?? null,
    key_hash: hashApiKey(key).toString("base64url"),
    created_date: input.now.toISOString(),
  };
  await db.insertInto("api_keys").values(row).execute();
  return { record: toRecord(row), key };
}

export async function listApiKeys(db: Kysely<Database>, clientId: string): Promise<ApiKeyRecord[]> {
  const rows = await db
    .selectFrom("api_keys")
    .select(["id", "client_id", "name", "created_date"])
    .where("client_id", "=", clientId)
    .orderBy("created_date")
    .orderBy("id")
    .execute();
  return rows.map(toRecord);
}

/** One key's record by its id, whichever client holds it (the operator's CLI names keys by id). */
export async function findApiKeyById(db: Kysely<Database>, apiKeyId: string): Promise<ApiKeyRecord | undefined> {
  const row = await db.selectFrom("api_keys").select(["id", "client_id", "name", "created_date"]).where("id", "=", apiKeyId).executeTakeFirst();
  return row && toRecord(row);
}

export async function countApiKeys(db: Kysely<Database>, clientId: string): Promise<number> {
  const row = await db
    .selectFrom("api_keys")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("client_id", "=", clientId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Deletes the client's key and records its hash as deleted; false when the client has no key
 * with that id. Run it in a transaction: the two writes belong together.
 */
export async function deleteApiKey(db: Kysely<Database>, clientId: string, apiKeyId: string, now: Date): Promise<boolean> {
  const row = await db
    .deleteFrom("api_keys")
    .where("client_id", "=", clientId)
    .where("id", "=", apiKeyId)
    .returning("key_hash")
    .executeTakeFirst();
  if (!row) return false;
  await db
    .insertInto("deleted_api_keys")
    .values({ key_hash: row.key_hash, client_id: clientId, deleted_date: now.toISOString() })
    .onConflict((oc) => oc.column("key_hash").doNothing())
    .execute();
  return true;
}

/** When the key with this hash was deleted through the API, if it was. */
async function findDeletedApiKey(db: Kysely<Database>, keyHash: Buffer): Promise<{ clientId: string; deleted: string } | undefined> {
  const row = await db
    .selectFrom("deleted_api_keys")
    .select(["client_id", "deleted_date"])
    .where("key_hash", "=", keyHash.toString("base64url"))
    .executeTakeFirst();
  return row && { clientId: row.client_id, deleted: row.deleted_date };
}

/**
 * Resolves a key hash to its key record. This is the one look-up not scoped by a client id:
 * it is how a request's client is found in the first place.
 */
export async function findApiKeyByHash(
  db: Kysely<Database>,
  keyHash: Buffer,
): Promise<(ApiKeyRecord & { keyHash: Buffer }) | undefined> {
  const row = await db
    .selectFrom("api_keys")
    .select(["id", "client_id", "name", "created_date", "key_hash"])
    .where("key_hash", "=", keyHash.toString("base64url"))
    .executeTakeFirst();
  return row && { ...toRecord(row), keyHash: Buffer.from(row.key_hash, "base64url") };
}

/**
 * Makes sure the client has a key with exactly this value (for `PLATFORM_API_KEY`), unless that
 * key was deleted through the API: then it stays deleted, and the date of its deletion is returned.
 */
export async function ensureApiKey(
  db: Kysely<Database>,
  clientId: string,
  key: string,
  input: { name: string; now: Date },
): Promise<{ deleted?: string }> {
  const hash = hashApiKey(key);
  const existing = await findApiKeyByHash(db, hash);
  if (existing?.clientId === clientId) return {};
  if (existing) throw new Error("PLATFORM_API_KEY already belongs to another client");
  const deleted = await findDeletedApiKey(db, hash);
  if (deleted) return { deleted: deleted.deleted };
  await createApiKey(db, clientId, { name: input.name, key, now: input.now });
  return {};
}
