// Initial schema. Portable DDL only (text, integer, bigint), so the same migration runs on
// SQLite and PostgreSQL.
import type { Kysely } from "kysely";

// Migrations must not depend on the application's evolving `Database` type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("clients")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("is_default", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_date", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("api_keys")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("client_id", "text", (c) => c.notNull().references("clients.id").onDelete("cascade"))
    .addColumn("name", "text")
    .addColumn("key_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_date", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("api_keys_client").on("api_keys").columns(["client_id", "created_date"]).execute();

  await db.schema
    .createTable("companies")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("client_id", "text", (c) => c.notNull().references("clients.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("tags", "text", (c) => c.notNull())
    .addColumn("created_date", "text", (c) => c.notNull())
    .addColumn("modified_date", "text", (c) => c.notNull())
    .addColumn("last_sync", "text")
    .execute();
  await db.schema.createIndex("companies_client").on("companies").columns(["client_id", "created_date"]).execute();

  await db.schema
    .createTable("connections")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("client_id", "text", (c) => c.notNull().references("clients.id").onDelete("cascade"))
    .addColumn("company_id", "text", (c) => c.notNull().references("companies.id").onDelete("cascade"))
    .addColumn("integration_id", "text", (c) => c.notNull())
    .addColumn("integration_key", "text", (c) => c.notNull())
    .addColumn("source_id", "text", (c) => c.notNull())
    .addColumn("source_type", "text", (c) => c.notNull())
    .addColumn("platform_name", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("created_date", "text", (c) => c.notNull())
    .addColumn("modified_date", "text", (c) => c.notNull())
    .addColumn("last_sync", "text")
    .addColumn("errors", "text")
    .execute();
  await db.schema
    .createIndex("connections_company")
    .on("connections")
    .columns(["client_id", "company_id", "created_date"])
    .execute();

  await db.schema
    .createTable("cors_origins")
    .addColumn("client_id", "text", (c) => c.notNull().references("clients.id").onDelete("cascade"))
    .addColumn("origin", "text", (c) => c.notNull())
    .addColumn("created_date", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("cors_origins_pk", ["client_id", "origin"])
    .execute();

  await db.schema
    .createTable("signing_keys")
    .addColumn("kid", "text", (c) => c.primaryKey())
    .addColumn("public_jwk", "text", (c) => c.notNull())
    .addColumn("private_key_encrypted", "text", (c) => c.notNull())
    .addColumn("created_date", "text", (c) => c.notNull())
    .addColumn("superseded_date", "text")
    .addColumn("retire_after", "text")
    .execute();

  await db.schema
    .createTable("counters")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("value", "bigint", (c) => c.notNull())
    .execute();
  await db.insertInto("counters").values({ name: "webhook_events", value: 0 }).execute();

  await db.schema
    .createTable("webhook_events")
    .addColumn("sequence", "bigint", (c) => c.primaryKey())
    .addColumn("id", "text", (c) => c.notNull().unique())
    .addColumn("client_id", "text", (c) => c.notNull())
    .addColumn("company_id", "text", (c) => c.notNull())
    .addColumn("event_type", "text", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("generated_date", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("webhook_events_client").on("webhook_events").columns(["client_id", "sequence"]).execute();
}
