// Hashes of API keys deleted through the API. A key with a fixed value (PLATFORM_API_KEY) is
// ensured at every start; without this record, one that its owner deleted (say, because it
// leaked) would silently come back at the next start.
import type { Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("deleted_api_keys")
    .addColumn("key_hash", "text", (c) => c.primaryKey())
    .addColumn("client_id", "text", (c) => c.notNull().references("clients.id").onDelete("cascade"))
    .addColumn("deleted_date", "text", (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("deleted_api_keys").execute();
}
