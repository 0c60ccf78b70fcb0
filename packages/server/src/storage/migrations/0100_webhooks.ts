// Webhook consumers, their per-event deliveries with per-attempt history, and the fan-out
// cursor over the outbox (`webhook_events`). Portable DDL, same on SQLite and PostgreSQL.
import type { Kysely } from "kysely";

// Migrations must not depend on the application's evolving types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("webhook_consumers")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("client_id", "text", (c) => c.notNull().references("clients.id").onDelete("cascade"))
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("event_types", "text", (c) => c.notNull())
    .addColumn("disabled", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("company_id", "text")
    .addColumn("company_tags", "text")
    .addColumn("secret", "text", (c) => c.notNull())
    .addColumn("created_date", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("webhook_consumers_client")
    .on("webhook_consumers")
    .columns(["client_id", "created_date"])
    .execute();

  await db.schema
    .createTable("webhook_deliveries")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("consumer_id", "text", (c) => c.notNull().references("webhook_consumers.id").onDelete("cascade"))
    .addColumn("event_sequence", "bigint", (c) => c.notNull())
    .addColumn("event_id", "text", (c) => c.notNull())
    .addColumn("company_id", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_date", "text", (c) => c.notNull())
    .addColumn("created_date", "text", (c) => c.notNull())
    .addColumn("completed_date", "text")
    .addColumn("last_error", "text")
    .addUniqueConstraint("webhook_deliveries_consumer_event", ["consumer_id", "event_sequence"])
    .execute();
  // Claiming scans due pending rows; ordering looks up earlier pending rows of one chain.
  await db.schema
    .createIndex("webhook_deliveries_due")
    .on("webhook_deliveries")
    .columns(["status", "next_attempt_date"])
    .execute();
  await db.schema
    .createIndex("webhook_deliveries_chain")
    .on("webhook_deliveries")
    .columns(["consumer_id", "company_id", "status", "event_sequence"])
    .execute();

  await db.schema
    .createTable("webhook_delivery_attempts")
    .addColumn("delivery_id", "text", (c) => c.notNull().references("webhook_deliveries.id").onDelete("cascade"))
    .addColumn("attempt", "integer", (c) => c.notNull())
    .addColumn("attempted_date", "text", (c) => c.notNull())
    .addColumn("duration_ms", "integer", (c) => c.notNull())
    .addColumn("status_code", "integer")
    .addColumn("error", "text")
    .addColumn("succeeded", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("webhook_delivery_attempts_pk", ["delivery_id", "attempt"])
    .execute();

  await db.schema
    .createTable("webhook_fanout_cursor")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("sequence", "bigint", (c) => c.notNull())
    .execute();
  await db.insertInto("webhook_fanout_cursor").values({ name: "deliveries", sequence: 0 }).execute();
}
