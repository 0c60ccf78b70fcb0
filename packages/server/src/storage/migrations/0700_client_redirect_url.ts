// Each client's redirect URL (the contract's Profile `redirectUrl`): where the company link page
// and the authorization pages send a company's owner back to the client's own application once
// they are done. Null until the operator sets one (`npm run admin -- set-redirect-url`).
import type { Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("clients").addColumn("redirect_url", "text").execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("clients").dropColumn("redirect_url").execute();
}
