// Platforms a client added by their endpoints (the generic OAuth 2.0 platform).
import type { Kysely } from "kysely";
import { newId } from "../ids.js";
import type { Database } from "../schema.js";

export interface CustomPlatformRecord {
  clientId: string;
  key: string;
  name: string;
  sourceType: "Accounting" | "Banking" | "Commerce";
  integrationId: string;
  sourceId: string;
  /** The platform's OAuth definition as stored (JSON); services/platform-apps.ts gives it its type. */
  definition: unknown;
  created: string;
  modified: string;
}

function toRecord(row: Database["custom_platforms"]): CustomPlatformRecord {
  return {
    clientId: row.client_id,
    key: row.platform_key,
    name: row.name,
    sourceType: row.source_type as CustomPlatformRecord["sourceType"],
    integrationId: row.integration_id,
    sourceId: row.source_id,
    definition: JSON.parse(row.definition) as unknown,
    created: row.created_date,
    modified: row.modified_date,
  };
}

export async function getCustomPlatform(db: Kysely<Database>, clientId: string, key: string): Promise<CustomPlatformRecord | undefined> {
  const row = await db.selectFrom("custom_platforms").selectAll().where("client_id", "=", clientId).where("platform_key", "=", key).executeTakeFirst();
  return row && toRecord(row);
}

export async function listCustomPlatforms(db: Kysely<Database>, clientId: string): Promise<CustomPlatformRecord[]> {
  const rows = await db.selectFrom("custom_platforms").selectAll().where("client_id", "=", clientId).orderBy("created_date").orderBy("platform_key").execute();
  return rows.map(toRecord);
}

/** Creates or replaces the platform; its integration and source ids stay the same across replacements. */
export async function saveCustomPlatform(
  db: Kysely<Database>,
  input: { clientId: string; key: string; name: string; sourceType: string; definition: unknown; now: Date },
): Promise<CustomPlatformRecord> {
  const now = input.now.toISOString();
  const definition = JSON.stringify(input.definition);
  await db
    .insertInto("custom_platforms")
    .values({
      client_id: input.clientId,
      platform_key: input.key,
      name: input.name,
      source_type: input.sourceType,
      integration_id: newId(),
      source_id: newId(),
      definition,
      created_date: now,
      modified_date: now,
    })
    .onConflict((conflict) =>
      conflict.columns(["client_id", "platform_key"]).doUpdateSet({ name: input.name, source_type: input.sourceType, definition, modified_date: now }),
    )
    .execute();
  return (await getCustomPlatform(db, input.clientId, input.key))!;
}

export async function deleteCustomPlatform(db: Kysely<Database>, clientId: string, key: string): Promise<boolean> {
  const result = await db.deleteFrom("custom_platforms").where("client_id", "=", clientId).where("platform_key", "=", key).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
