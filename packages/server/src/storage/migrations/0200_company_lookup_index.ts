// The company look-up behind every token and bearer request (`companyExists`: id and client)
// answered from one index, without touching the table: on a large table the heap page each
// look-up would otherwise read is what grows with the number of companies.
import type { Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("companies_id_client").on("companies").columns(["id", "client_id"]).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("companies_id_client").execute();
}
