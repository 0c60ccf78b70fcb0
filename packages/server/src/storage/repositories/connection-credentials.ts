// The tokens a linked connection holds, sealed (tokens/secret-box.ts) with associated data
// naming the connection and the token's kind, so a sealed token cannot be moved to another row;
// and the claims that make exactly one refresh of a connection run at a time anywhere: a node
// takes a lease on the row (claimed_until + its claim id) in a short transaction, calls the
// platform outside of it, and writes the outcome only while its claim still stands.
import { sql, type Kysely } from "kysely";
import { claimingRows, lockingRows } from "../dialect.js";
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
  version: number;
  refreshDue: string | null;
  claimedUntil: string | null;
  failures: number;
  failingSince: string | null;
  /** When the current access token came from a refresh (null: from the authorization, `obtained`). */
  lastRefreshed: string | null;
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
    version: Number(row.version),
    refreshDue: row.refresh_due_date,
    claimedUntil: row.claimed_until,
    failures: Number(row.failures),
    failingSince: row.failing_since,
    lastRefreshed: row.last_refreshed_date,
  };
}

export async function getCredentials(db: Kysely<Database>, clientId: string, connectionId: string): Promise<SealedCredentials | undefined> {
  const row = await db.selectFrom("connection_credentials").selectAll().where("client_id", "=", clientId).where("connection_id", "=", connectionId).executeTakeFirst();
  return row && toRecord(row);
}

/** New tokens for a connection (what the callback or a refresh obtained). */
export interface NewTokens {
  accessTokenSealed: string;
  /** Null: the platform issued none (first grant), or kept the old one (refresh): see `saveRefreshedTokens`. */
  refreshTokenSealed: string | null;
  tokenType: string;
  scopes: string | null;
  expires: string;
  refreshDue: string;
  now: string;
}

/** Stores the connection's first tokens (replacing any it held), version 1 or one more. */
export async function saveCredentials(db: Kysely<Database>, connectionId: string, clientId: string, tokens: NewTokens): Promise<void> {
  const changes = {
    access_token_sealed: tokens.accessTokenSealed,
    refresh_token_sealed: tokens.refreshTokenSealed,
    token_type: tokens.tokenType,
    scopes: tokens.scopes,
    expires_date: tokens.expires,
    obtained_date: tokens.now,
    modified_date: tokens.now,
    refresh_due_date: tokens.refreshDue,
    claimed_until: null,
    claim_id: null,
    failures: 0,
    failing_since: null,
    last_refreshed_date: null,
  };
  await db
    .insertInto("connection_credentials")
    .values({ connection_id: connectionId, client_id: clientId, version: 1, ...changes })
    .onConflict((conflict) => conflict.column("connection_id").doUpdateSet((eb) => ({ ...changes, version: eb("connection_credentials.version", "+", 1) })))
    .execute();
}

/** Deletes the connection's tokens and returns what was deleted (to revoke it at the platform). */
export async function takeCredentials(db: Kysely<Database>, clientId: string, connectionId: string): Promise<SealedCredentials | undefined> {
  const found = await getCredentials(db, clientId, connectionId);
  if (!found) return undefined;
  await db.deleteFrom("connection_credentials").where("client_id", "=", clientId).where("connection_id", "=", connectionId).execute();
  return found;
}

/** A grant claimed for refreshing, with what the refresh needs from its connection. */
export interface ClaimedGrant {
  connectionId: string;
  clientId: string;
  companyId: string;
  integrationKey: string;
  connectionInfo: string | null;
  refreshTokenSealed: string | null;
  accessTokenSealed: string;
  version: number;
  failures: number;
  failingSince: string | null;
  claimId: string;
  /** When the claim's lease runs out (epoch ms, by the claiming node's clock). */
  claimedUntil: number;
}

const claimColumns = [
  "cc.connection_id",
  "cc.client_id",
  "cc.refresh_token_sealed",
  "cc.access_token_sealed",
  "cc.version",
  "cc.failures",
  "cc.failing_since",
  "c.company_id",
  "c.integration_key",
  "c.connection_info",
] as const;

type ClaimRow = {
  connection_id: string;
  client_id: string;
  refresh_token_sealed: string | null;
  access_token_sealed: string;
  version: number;
  failures: number;
  failing_since: string | null;
  company_id: string;
  integration_key: string;
  connection_info: string | null;
};

const toClaimed = (row: ClaimRow, claimId: string, claimedUntil: number): ClaimedGrant => ({
  connectionId: row.connection_id,
  clientId: row.client_id,
  companyId: row.company_id,
  integrationKey: row.integration_key,
  connectionInfo: row.connection_info,
  refreshTokenSealed: row.refresh_token_sealed,
  accessTokenSealed: row.access_token_sealed,
  version: Number(row.version),
  failures: Number(row.failures),
  failingSince: row.failing_since,
  claimId,
  claimedUntil,
});

/**
 * Up to `limit` grants due for a refresh and not held by anyone, claimed for `leaseMs` in one
 * transaction (on PostgreSQL, rows another node is claiming are passed over, not waited for).
 */
export async function claimDueRefreshes(
  db: Kysely<Database>,
  input: { now: Date; limit: number; leaseMs: number; claimId: string },
): Promise<ClaimedGrant[]> {
  const now = input.now.toISOString();
  return db.transaction().execute(async (trx) => {
    const query = trx
      .selectFrom("connection_credentials as cc")
      .innerJoin("connections as c", "c.id", "cc.connection_id")
      .select(claimColumns)
      .where("cc.refresh_due_date", "<=", now)
      .where((eb) => eb.or([eb("cc.claimed_until", "is", null), eb("cc.claimed_until", "<", now)]))
      .orderBy("cc.refresh_due_date")
      .limit(input.limit);
    const rows = (await claimingRows(trx, query, "cc").execute()) as ClaimRow[];
    if (rows.length === 0) return [];
    const claimedUntil = input.now.getTime() + input.leaseMs;
    await trx
      .updateTable("connection_credentials")
      .set({ claimed_until: new Date(claimedUntil).toISOString(), claim_id: input.claimId })
      .where(
        "connection_id",
        "in",
        rows.map((row) => row.connection_id),
      )
      .execute();
    return rows.map((row) => toClaimed(row, input.claimId, claimedUntil));
  });
}

/**
 * Claims one connection's grant for a refresh now (a request found its token expired or
 * refused). "busy": another refresh holds it; "changed": its tokens are no longer the version
 * the caller saw (someone refreshed meanwhile: use the new ones); "backing-off": refreshes are
 * failing and the next try is not due yet (callers must not hammer a platform that is down);
 * undefined: no grant.
 */
export async function claimGrant(
  db: Kysely<Database>,
  input: { clientId: string; connectionId: string; seenVersion: number | undefined; now: Date; leaseMs: number; claimId: string },
): Promise<ClaimedGrant | "busy" | "changed" | "backing-off" | undefined> {
  const now = input.now.toISOString();
  return db.transaction().execute(async (trx) => {
    const query = trx
      .selectFrom("connection_credentials as cc")
      .innerJoin("connections as c", "c.id", "cc.connection_id")
      .select([...claimColumns, "cc.claimed_until", "cc.refresh_due_date"])
      .where("cc.client_id", "=", input.clientId)
      .where("cc.connection_id", "=", input.connectionId);
    const row = (await lockingRows(trx, query).executeTakeFirst()) as (ClaimRow & { claimed_until: string | null; refresh_due_date: string | null }) | undefined;
    if (!row) return undefined;
    if (row.claimed_until !== null && row.claimed_until >= now) return "busy";
    if (input.seenVersion !== undefined && Number(row.version) !== input.seenVersion) return "changed";
    if (Number(row.failures) > 0 && row.refresh_due_date !== null && row.refresh_due_date > now) return "backing-off";
    const claimedUntil = input.now.getTime() + input.leaseMs;
    await trx
      .updateTable("connection_credentials")
      .set({ claimed_until: new Date(claimedUntil).toISOString(), claim_id: input.claimId })
      .where("connection_id", "=", input.connectionId)
      .execute();
    return toClaimed(row, input.claimId, claimedUntil);
  });
}

/**
 * Renews `claimId`'s lease for `leaseMs` from `now`, just before the platform is called, only
 * while that claim still holds the grant and its tokens are still `version`. False when the
 * claim lapsed (a refresh that waited in its node's queue past the lease) and another refresh
 * took the grant since: the refresh token the claim read may be spent, so it must not be used.
 */
export async function renewClaim(
  db: Kysely<Database>,
  input: { connectionId: string; claimId: string; version: number; now: Date; leaseMs: number },
): Promise<boolean> {
  const result = await db
    .updateTable("connection_credentials")
    .set({ claimed_until: new Date(input.now.getTime() + input.leaseMs).toISOString() })
    .where("connection_id", "=", input.connectionId)
    .where("claim_id", "=", input.claimId)
    .where("version", "=", input.version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Refreshed tokens to store for one connection, while `claimId` still holds its grant. */
export interface RefreshedTokensWrite {
  connectionId: string;
  claimId: string;
  tokens: NewTokens;
}

/**
 * Stores the refreshed tokens of several connections in one statement, each only while its
 * claim still holds the grant: the new access token, the rotated refresh token (or the old one
 * kept, when the platform sent none), the next due date, one more version; the claim and the
 * failures are cleared. Returns the connections whose tokens were stored (a claim that was lost
 * leaves its row as it was). One statement (and one commit) for a batch rather than one per
 * refresh: under load the commit, not the write, is what a refresh costs the database.
 */
export async function saveRefreshedTokens(db: Kysely<Database>, writes: readonly RefreshedTokensWrite[]): Promise<Set<string>> {
  if (writes.length === 0) return new Set();
  const rows = writes.map(
    ({ connectionId, claimId, tokens }) =>
      sql`(${connectionId}, ${claimId}, ${tokens.accessTokenSealed}, ${tokens.refreshTokenSealed}, ${tokens.tokenType}, ${tokens.scopes}, ${tokens.expires}, ${tokens.now}, ${tokens.refreshDue})`,
  );
  // Portable SQL (PostgreSQL, and SQLite ≥ 3.35): a CTE of VALUES joined into UPDATE ... FROM.
  // The casts type the VALUES columns on PostgreSQL (a column of NULLs would have none).
  const result = await sql<{ connection_id: string }>`
    with refreshed(connection_id, claim_id, access_token_sealed, refresh_token_sealed, token_type, scopes, expires_date, now, refresh_due_date) as (
      values ${sql.join(rows)}
    )
    update connection_credentials set
      access_token_sealed = cast(refreshed.access_token_sealed as text),
      refresh_token_sealed = coalesce(cast(refreshed.refresh_token_sealed as text), connection_credentials.refresh_token_sealed),
      token_type = cast(refreshed.token_type as text),
      scopes = coalesce(cast(refreshed.scopes as text), connection_credentials.scopes),
      expires_date = cast(refreshed.expires_date as text),
      modified_date = cast(refreshed.now as text),
      last_refreshed_date = cast(refreshed.now as text),
      refresh_due_date = cast(refreshed.refresh_due_date as text),
      version = connection_credentials.version + 1,
      claimed_until = null,
      claim_id = null,
      failures = 0,
      failing_since = null
    from refreshed
    where connection_credentials.connection_id = cast(refreshed.connection_id as text)
      and connection_credentials.claim_id = cast(refreshed.claim_id as text)
    returning connection_credentials.connection_id
  `.execute(db);
  return new Set(result.rows.map((row) => row.connection_id));
}

/** Gives up claims not acted on (a node stopping with grants still queued), so any node may take them at once. */
export async function releaseClaims(db: Kysely<Database>, claims: readonly { connectionId: string; claimId: string }[]): Promise<void> {
  const byClaim = new Map<string, string[]>();
  for (const { connectionId, claimId } of claims) byClaim.set(claimId, [...(byClaim.get(claimId) ?? []), connectionId]);
  for (const [claimId, connectionIds] of byClaim) {
    await db.updateTable("connection_credentials").set({ claimed_until: null, claim_id: null }).where("claim_id", "=", claimId).where("connection_id", "in", connectionIds).execute();
  }
}

/**
 * True while `claimId` still holds the connection's tokens, locking them until the transaction
 * ends: a refresh answered `invalid_grant` deauthorizes only the grant it presented, never a new
 * one a reconnect stored meanwhile.
 */
export async function holdsClaim(trx: Kysely<Database>, connectionId: string, claimId: string): Promise<boolean> {
  const query = trx.selectFrom("connection_credentials").select("connection_id").where("connection_id", "=", connectionId).where("claim_id", "=", claimId);
  return (await lockingRows(trx, query).executeTakeFirst()) !== undefined;
}

/** A refresh that may succeed later: counted, retried at `retryAt`, the claim released. */
export async function recordRefreshFailure(
  db: Kysely<Database>,
  connectionId: string,
  claimId: string,
  input: { failures: number; failingSince: string; retryAt: string },
): Promise<boolean> {
  const result = await db
    .updateTable("connection_credentials")
    .set({ failures: input.failures, failing_since: input.failingSince, refresh_due_date: input.retryAt, claimed_until: null, claim_id: null })
    .where("connection_id", "=", connectionId)
    .where("claim_id", "=", claimId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The version of a connection's tokens and whether a refresh holds them, for a caller waiting on another node's refresh. */
export async function grantVersion(db: Kysely<Database>, connectionId: string, now: Date): Promise<{ version: number; claimed: boolean } | undefined> {
  const row = await db.selectFrom("connection_credentials").select(["version", "claimed_until"]).where("connection_id", "=", connectionId).executeTakeFirst();
  return row && { version: Number(row.version), claimed: row.claimed_until !== null && row.claimed_until >= now.toISOString() };
}
