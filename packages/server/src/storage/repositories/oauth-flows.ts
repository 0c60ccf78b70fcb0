// Authorizations in progress. A flow is found by the hash of its `state` and used once: the
// callback marks it consumed in the statement that finds it, so of two callbacks with one
// state (a replay, a double submit) exactly one proceeds, on any node.
import type { Kysely } from "kysely";
import type { Database } from "../schema.js";

export interface FlowRecord {
  stateHash: string;
  clientId: string;
  companyId: string;
  connectionId: string;
  browserHash: string;
  codeVerifierSealed: string | null;
  parameters: Record<string, string>;
  created: string;
  expires: string;
  consumed: string | null;
}

function toRecord(row: Database["oauth_flows"]): FlowRecord {
  return {
    stateHash: row.state_hash,
    clientId: row.client_id,
    companyId: row.company_id,
    connectionId: row.connection_id,
    browserHash: row.browser_hash,
    codeVerifierSealed: row.code_verifier_sealed,
    parameters: JSON.parse(row.parameters) as Record<string, string>,
    created: row.created_date,
    expires: row.expires_date,
    consumed: row.consumed_date,
  };
}

export async function insertFlow(db: Kysely<Database>, flow: Omit<FlowRecord, "consumed">): Promise<void> {
  await db
    .insertInto("oauth_flows")
    .values({
      state_hash: flow.stateHash,
      client_id: flow.clientId,
      company_id: flow.companyId,
      connection_id: flow.connectionId,
      browser_hash: flow.browserHash,
      code_verifier_sealed: flow.codeVerifierSealed,
      parameters: JSON.stringify(flow.parameters),
      created_date: flow.created,
      expires_date: flow.expires,
      consumed_date: null,
    })
    .execute();
}

/**
 * Marks the flow consumed and returns it with `firstUse` true; a flow consumed before comes back
 * with `firstUse` false (a replay). Undefined for a state that was never issued (or was pruned).
 */
export async function consumeFlow(db: Kysely<Database>, stateHash: string, now: Date): Promise<{ flow: FlowRecord; firstUse: boolean } | undefined> {
  const result = await db
    .updateTable("oauth_flows")
    .set({ consumed_date: now.toISOString() })
    .where("state_hash", "=", stateHash)
    .where("consumed_date", "is", null)
    .executeTakeFirst();
  const row = await db.selectFrom("oauth_flows").selectAll().where("state_hash", "=", stateHash).executeTakeFirst();
  if (!row) return undefined;
  return { flow: toRecord(row), firstUse: Number(result.numUpdatedRows) > 0 };
}

/** Keeps the connection's newest `keep` flows (someone opening its link over and over cannot pile them up). */
export async function pruneFlowsOfConnection(db: Kysely<Database>, connectionId: string, keep: number): Promise<void> {
  const newest = await db
    .selectFrom("oauth_flows")
    .select("state_hash")
    .where("connection_id", "=", connectionId)
    .orderBy("created_date", "desc")
    .orderBy("state_hash")
    .limit(keep)
    .execute();
  let stale = db.deleteFrom("oauth_flows").where("connection_id", "=", connectionId);
  if (newest.length > 0) stale = stale.where("state_hash", "not in", newest.map((row) => row.state_hash));
  await stale.execute();
}

/** Forgets flows that expired before `before` (kept a while after expiry so a late replay is still recognised). */
export async function deleteExpiredFlows(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db.deleteFrom("oauth_flows").where("expires_date", "<", before.toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}
