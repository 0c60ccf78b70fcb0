// Each client's own OAuth app at a platform: client id, sealed client secret, scope override.
import type { Kysely } from "kysely";
import type { Database } from "../schema.js";

export interface PlatformAppRecord {
  clientId: string;
  platformKey: string;
  oauthClientId: string;
  clientSecretSealed: string;
  scopes: string[] | null;
  created: string;
  modified: string;
}

function toRecord(row: Database["platform_apps"]): PlatformAppRecord {
  return {
    clientId: row.client_id,
    platformKey: row.platform_key,
    oauthClientId: row.oauth_client_id,
    clientSecretSealed: row.client_secret_sealed,
    scopes: row.scopes === null ? null : (JSON.parse(row.scopes) as string[]),
    created: row.created_date,
    modified: row.modified_date,
  };
}

export async function getPlatformApp(db: Kysely<Database>, clientId: string, platformKey: string): Promise<PlatformAppRecord | undefined> {
  const row = await db.selectFrom("platform_apps").selectAll().where("client_id", "=", clientId).where("platform_key", "=", platformKey).executeTakeFirst();
  return row && toRecord(row);
}

/** Keys of the platforms the client has credentials for. */
export async function listPlatformAppKeys(db: Kysely<Database>, clientId: string): Promise<Set<string>> {
  const rows = await db.selectFrom("platform_apps").select("platform_key").where("client_id", "=", clientId).execute();
  return new Set(rows.map((row) => row.platform_key));
}

/** Creates or replaces the client's app at the platform; the creation date survives a replacement. */
export async function savePlatformApp(
  db: Kysely<Database>,
  input: { clientId: string; platformKey: string; oauthClientId: string; clientSecretSealed: string; scopes: string[] | null; now: Date },
): Promise<PlatformAppRecord> {
  const now = input.now.toISOString();
  const scopes = input.scopes === null ? null : JSON.stringify(input.scopes);
  await db
    .insertInto("platform_apps")
    .values({
      client_id: input.clientId,
      platform_key: input.platformKey,
      oauth_client_id: input.oauthClientId,
      client_secret_sealed: input.clientSecretSealed,
      scopes,
      created_date: now,
      modified_date: now,
    })
    .onConflict((conflict) =>
      conflict.columns(["client_id", "platform_key"]).doUpdateSet({
        oauth_client_id: input.oauthClientId,
        client_secret_sealed: input.clientSecretSealed,
        scopes,
        modified_date: now,
      }),
    )
    .execute();
  return (await getPlatformApp(db, input.clientId, input.platformKey))!;
}

export async function deletePlatformApp(db: Kysely<Database>, clientId: string, platformKey: string): Promise<boolean> {
  const result = await db.deleteFrom("platform_apps").where("client_id", "=", clientId).where("platform_key", "=", platformKey).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

