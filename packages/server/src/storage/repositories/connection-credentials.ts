// The tokens a linked connection holds, sealed (tokens/secret-box.ts) with associated data
// naming the connection and the token's kind, so a sealed token cannot be moved to another row.
import type { Kysely } from "kysely";
import type { Database } from "../schema.js";

export interface SealedCredentials {
  connectionId: string;
  clientId: string;
  accessTokenSealed: string;
  refreshTokenSealed: string | null;
  tokenType: string;
  scopes: string | null;
  expires: string | null;
  obtained: string;
  modified: string;
}

/** The associated data a connection's token is sealed with. */
export const credentialsAssociatedData = (connectionId: string, kind: "access" | "refresh"): string => `connection-credentials:${connectionId}:${kind}`;

function toRecord(row: Database["connection_credentials"]): SealedCredentials {
  return {
    connectionId: row.connection_id,
    clientId: row.client_id,
    accessTokenSealed: row.access_token_sealed,
    refreshTokenSealed: row.refresh_token_sealed,
    tokenType: row.token_type,
    scopes: row.scopes,
    expires: row.expires_date,
    obtained: row.obtained_date,
    modified: row.modified_date,
  };
}

export async function getCredentials(db: Kysely<Database>, clientId: string, connectionId: string): Promise<SealedCredentials | undefined> {
  const row = await db.selectFrom("connection_credentials").selectAll().where("client_id", "=", clientId).where("connection_id", "=", connectionId).executeTakeFirst();
  return row && toRecord(row);
}

/** Stores the connection's tokens, replacing any it held. */
export async function saveCredentials(db: Kysely<Database>, credentials: Omit<SealedCredentials, "modified">): Promise<void> {
  const row = {
    connection_id: credentials.connectionId,
    client_id: credentials.clientId,
    access_token_sealed: credentials.accessTokenSealed,
    refresh_token_sealed: credentials.refreshTokenSealed,
    token_type: credentials.tokenType,
    scopes: credentials.scopes,
    expires_date: credentials.expires,
    obtained_date: credentials.obtained,
    modified_date: credentials.obtained,
  };
  const { connection_id: _id, ...changes } = row;
  await db
    .insertInto("connection_credentials")
    .values(row)
    .onConflict((conflict) => conflict.column("connection_id").doUpdateSet(changes))
    .execute();
}

/** Deletes the connection's tokens and returns what was deleted (to revoke it at the platform). */
export async function takeCredentials(db: Kysely<Database>, clientId: string, connectionId: string): Promise<SealedCredentials | undefined> {
  const found = await getCredentials(db, clientId, connectionId);
  if (!found) return undefined;
  await db.deleteFrom("connection_credentials").where("client_id", "=", clientId).where("connection_id", "=", connectionId).execute();
  return found;
}
