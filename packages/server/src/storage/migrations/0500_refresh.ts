// Keeping grants alive: when each connection's tokens are next refreshed, which node holds the
// refresh right now (a lease, so exactly one refresh of a connection is in flight anywhere),
// a version that changes with every new token (so a refresher that waited re-reads instead of
// spending a rotated refresh token twice), and the failures that put it off (an outage is
// retried with backoff and only a long span of them deauthorizes).
import { sql, type Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("connection_credentials")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.alterTable("connection_credentials").addColumn("refresh_due_date", "text").execute();
  await db.schema.alterTable("connection_credentials").addColumn("claimed_until", "text").execute();
  await db.schema.alterTable("connection_credentials").addColumn("claim_id", "text").execute();
  await db.schema
    .alterTable("connection_credentials")
    .addColumn("failures", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable("connection_credentials").addColumn("failing_since", "text").execute();
  await db.schema.alterTable("connection_credentials").addColumn("last_refreshed_date", "text").execute();
  await db.schema.createIndex("connection_credentials_due").on("connection_credentials").column("refresh_due_date").execute();
  await sql`update connection_credentials set refresh_due_date = obtained_date`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("connection_credentials_due").execute();
  for (const column of ["last_refreshed_date", "failing_since", "failures", "claim_id", "claimed_until", "refresh_due_date", "version"]) {
    await db.schema.alterTable("connection_credentials").dropColumn(column).execute();
  }
}
