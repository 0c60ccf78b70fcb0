// The companies' tags as rows (company_tags), so that `GET /companies?tags=…` filters with
// indexed, portable SQL. The `companies.tags` JSON column stays what reads return; existing
// companies are copied over here, in batches so a large table never sits in memory at once.
import type { Kysely } from "kysely";

const BATCH = 200;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("company_tags")
    .addColumn("company_id", "text", (c) => c.notNull().references("companies.id").onDelete("cascade"))
    .addColumn("client_id", "text", (c) => c.notNull().references("clients.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("value_folded", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("company_tags_pk", ["company_id", "name"])
    .execute();
  // A filter reads the client's companies with one tag name (and value) from this index alone.
  await db.schema.createIndex("company_tags_lookup").on("company_tags").columns(["client_id", "name", "value"]).execute();

  for (let after = ""; ; ) {
    const companies: Array<{ id: string; client_id: string; tags: string }> = await db
      .selectFrom("companies")
      .select(["id", "client_id", "tags"])
      .where("id", ">", after)
      .where("tags", "<>", "{}")
      .orderBy("id")
      .limit(BATCH)
      .execute();
    if (companies.length === 0) break;
    const rows = companies.flatMap((company) =>
      Object.entries(JSON.parse(company.tags) as Record<string, string>).map(([name, value]) => ({
        company_id: company.id,
        client_id: company.client_id,
        name,
        value,
        value_folded: value.toLowerCase(),
      })),
    );
    if (rows.length > 0) await db.insertInto("company_tags").values(rows).execute();
    after = companies[companies.length - 1]!.id;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("company_tags").execute();
}
