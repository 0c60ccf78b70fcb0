// Real connections over OAuth 2.0: each client's app credentials per platform and its own
// platforms, the credentials a linked connection holds, the authorization flows in progress,
// and the durable queue of revocations at the platforms. Secrets are sealed (tokens/secret-box.ts)
// with the row they belong to as associated data, so a sealed value copied to another row
// does not open.
import type { Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("platform_apps")
    .addColumn("client_id", "text", (c) => c.notNull().references("clients.id").onDelete("cascade"))
    .addColumn("platform_key", "text", (c) => c.notNull())
    .addColumn("oauth_client_id", "text", (c) => c.notNull())
    .addColumn("client_secret_sealed", "text", (c) => c.notNull())
    .addColumn("scopes", "text") // JSON array overriding the platform's default scopes, or null
    .addColumn("created_date", "text", (c) => c.notNull())
    .addColumn("modified_date", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("platform_apps_pkey", ["client_id", "platform_key"])
    .execute();

  await db.schema
    .createTable("custom_platforms")
    .addColumn("client_id", "text", (c) => c.notNull().references("clients.id").onDelete("cascade"))
    .addColumn("platform_key", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("source_type", "text", (c) => c.notNull())
    .addColumn("integration_id", "text", (c) => c.notNull())
    .addColumn("source_id", "text", (c) => c.notNull())
    .addColumn("definition", "text", (c) => c.notNull()) // OAuthDefinition as JSON
    .addColumn("created_date", "text", (c) => c.notNull())
    .addColumn("modified_date", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("custom_platforms_pkey", ["client_id", "platform_key"])
    .execute();

  // Non-secret values a connection keeps from its platform (realmId, tenantId, shop, ...).
  await db.schema.alterTable("connections").addColumn("connection_info", "text").execute();

  await db.schema
    .createTable("connection_credentials")
    .addColumn("connection_id", "text", (c) => c.primaryKey().references("connections.id").onDelete("cascade"))
    .addColumn("client_id", "text", (c) => c.notNull())
    .addColumn("access_token_sealed", "text", (c) => c.notNull())
    .addColumn("refresh_token_sealed", "text")
    .addColumn("token_type", "text", (c) => c.notNull())
    .addColumn("scopes", "text")
    .addColumn("expires_date", "text")
    .addColumn("obtained_date", "text", (c) => c.notNull())
    .addColumn("modified_date", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("oauth_flows")
    .addColumn("state_hash", "text", (c) => c.primaryKey())
    .addColumn("client_id", "text", (c) => c.notNull().references("clients.id").onDelete("cascade"))
    .addColumn("company_id", "text", (c) => c.notNull())
    .addColumn("connection_id", "text", (c) => c.notNull())
    .addColumn("browser_hash", "text", (c) => c.notNull())
    .addColumn("code_verifier_sealed", "text")
    .addColumn("parameters", "text", (c) => c.notNull()) // start parameters as JSON
    .addColumn("created_date", "text", (c) => c.notNull())
    .addColumn("expires_date", "text", (c) => c.notNull())
    .addColumn("consumed_date", "text")
    .execute();
  await db.schema.createIndex("oauth_flows_connection").on("oauth_flows").columns(["connection_id", "created_date"]).execute();
  await db.schema.createIndex("oauth_flows_expiry").on("oauth_flows").column("expires_date").execute();

  await db.schema
    .createTable("revocations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("client_id", "text", (c) => c.notNull().references("clients.id").onDelete("cascade"))
    .addColumn("connection_id", "text", (c) => c.notNull())
    .addColumn("platform_key", "text", (c) => c.notNull())
    .addColumn("request_sealed", "text") // what the call needs, secrets included; erased once finished
    .addColumn("state", "text", (c) => c.notNull()) // Pending | Done | Failed
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_date", "text", (c) => c.notNull())
    .addColumn("locked_until", "text")
    .addColumn("last_error", "text")
    .addColumn("created_date", "text", (c) => c.notNull())
    .addColumn("finished_date", "text")
    .execute();
  await db.schema.createIndex("revocations_due").on("revocations").columns(["state", "next_attempt_date"]).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("revocations").execute();
  await db.schema.dropTable("oauth_flows").execute();
  await db.schema.dropTable("connection_credentials").execute();
  await db.schema.alterTable("connections").dropColumn("connection_info").execute();
  await db.schema.dropTable("custom_platforms").execute();
  await db.schema.dropTable("platform_apps").execute();
}
