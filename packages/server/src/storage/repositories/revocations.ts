// The durable queue of grant revocations at the platforms (oauth/revocation.ts says what a
// revocation does, oauth/revoker.ts runs the queue). A row is queued in the transaction that
// unlinks or deletes its connection, so it exists exactly when that change committed. Every
// node may drain the queue: a claim leases rows by setting `locked_until` in one transaction
// whose select passes over rows another node holds (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite's
// transactions are the single writer), so two nodes never take the same row. A node that dies
// mid-attempt lets its lease run out and another node takes the row again. The sealed request
// (tokens, app secret) is erased as soon as the row is finished, either way.
import type { Kysely } from "kysely";
import { claimingRows } from "../dialect.js";
import type { Database, RevocationsTable } from "../schema.js";

export type RevocationState = RevocationsTable["state"];

/** A queued revocation without its secrets, for tests and diagnostics. */
export interface RevocationRecord {
  id: string;
  clientId: string;
  connectionId: string;
  platformKey: string;
  state: RevocationState;
  /** Attempts recorded so far. */
  attempts: number;
  nextAttempt: string;
  lockedUntil: string | null;
  lastError: string | null;
  created: string;
  finished: string | null;
  /** False once the sealed request is erased (the row is finished). */
  holdsRequest: boolean;
}

/** A revocation claimed for an attempt. */
export interface ClaimedRevocation {
  id: string;
  clientId: string;
  connectionId: string;
  platformKey: string;
  requestSealed: string;
  /** 1-based number of the attempt this claim makes. */
  attempt: number;
}

/** What attempt number `attempt` (as claimed) came to. */
export type RevocationOutcome =
  | { kind: "done"; attempt: number; now: Date }
  | { kind: "retry"; attempt: number; now: Date; nextAttempt: Date; error: string }
  | { kind: "failed"; attempt: number; now: Date; error: string };

const MAX_ERROR_LENGTH = 500;
const DAY_MS = 24 * 60 * 60 * 1000;
const DELETE_BATCH = 1000;

function toRecord(row: RevocationsTable): RevocationRecord {
  return {
    id: row.id,
    clientId: row.client_id,
    connectionId: row.connection_id,
    platformKey: row.platform_key,
    state: row.state,
    attempts: Number(row.attempts),
    nextAttempt: row.next_attempt_date,
    lockedUntil: row.locked_until,
    lastError: row.last_error,
    created: row.created_date,
    finished: row.finished_date,
    holdsRequest: row.request_sealed !== null,
  };
}

/** Queues a revocation, due at once; `db` is the transaction that unlinks or deletes the connection. */
export async function enqueueRevocation(
  db: Kysely<Database>,
  input: { id: string; clientId: string; connectionId: string; platformKey: string; requestSealed: string; now: Date },
): Promise<void> {
  const timestamp = input.now.toISOString();
  await db
    .insertInto("revocations")
    .values({
      id: input.id,
      client_id: input.clientId,
      connection_id: input.connectionId,
      platform_key: input.platformKey,
      request_sealed: input.requestSealed,
      state: "Pending",
      attempts: 0,
      next_attempt_date: timestamp,
      locked_until: null,
      last_error: null,
      created_date: timestamp,
      finished_date: null,
    })
    .execute();
}

/**
 * Claims up to `limit` due revocations (oldest due first) that no live lease holds, leasing
 * them until `now + leaseMs`.
 */
export async function claimDueRevocations(db: Kysely<Database>, input: { now: Date; limit: number; leaseMs: number }): Promise<ClaimedRevocation[]> {
  if (input.limit <= 0) return [];
  const now = input.now.toISOString();
  const lockedUntil = new Date(input.now.getTime() + input.leaseMs).toISOString();
  return db.transaction().execute(async (trx) => {
    const due = await claimingRows(
      trx,
      trx
        .selectFrom("revocations")
        .select(["id", "client_id", "connection_id", "platform_key", "request_sealed", "attempts"])
        .where("state", "=", "Pending")
        .where("next_attempt_date", "<=", now)
        .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<", now)]))
        .orderBy("next_attempt_date")
        .orderBy("id")
        .limit(input.limit),
    ).execute();
    if (due.length === 0) return [];
    await trx
      .updateTable("revocations")
      .set({ locked_until: lockedUntil })
      .where("id", "in", due.map((row) => row.id))
      .execute();
    return due.flatMap((row) =>
      row.request_sealed === null
        ? []
        : [
            {
              id: row.id,
              clientId: row.client_id,
              connectionId: row.connection_id,
              platformKey: row.platform_key,
              requestSealed: row.request_sealed,
              attempt: Number(row.attempts) + 1,
            },
          ],
    );
  });
}

/**
 * Records the outcome of an attempt: done (the request erased), retry at `nextAttempt`, or
 * failed for good (the request erased). Applies only while the row is still pending on that
 * attempt, so a late outcome from a node whose lease ran out cannot undo a later one. Returns
 * whether it applied.
 */
export async function recordRevocationAttempt(db: Kysely<Database>, id: string, outcome: RevocationOutcome): Promise<boolean> {
  const { attempt } = outcome;
  const timestamp = outcome.now.toISOString();
  const changes =
    outcome.kind === "done"
      ? { state: "Done" as const, request_sealed: null, finished_date: timestamp, locked_until: null, last_error: null }
      : outcome.kind === "retry"
        ? { next_attempt_date: outcome.nextAttempt.toISOString(), last_error: truncate(outcome.error), locked_until: null }
        : { state: "Failed" as const, request_sealed: null, finished_date: timestamp, locked_until: null, last_error: truncate(outcome.error) };
  const result = await db
    .updateTable("revocations")
    .set({ ...changes, attempts: attempt })
    .where("id", "=", id)
    .where("state", "=", "Pending")
    .where("attempts", "=", attempt - 1)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** A client's revocations (of one connection), oldest first, without their sealed requests. */
export async function listRevocations(db: Kysely<Database>, clientId: string, connectionId?: string): Promise<RevocationRecord[]> {
  let query = db.selectFrom("revocations").selectAll().where("client_id", "=", clientId);
  if (connectionId !== undefined) query = query.where("connection_id", "=", connectionId);
  const rows = await query.orderBy("created_date").orderBy("id").execute();
  return rows.map(toRecord);
}

/** Deletes finished (Done or Failed) revocations that finished more than `olderThanDays` before `now`; returns how many. */
export async function deleteFinishedRevocations(db: Kysely<Database>, input: { now: Date; olderThanDays: number }): Promise<number> {
  const cutoff = new Date(input.now.getTime() - input.olderThanDays * DAY_MS).toISOString();
  let total = 0;
  for (;;) {
    const result = await db
      .deleteFrom("revocations")
      .where("id", "in", (eb) =>
        eb.selectFrom("revocations").select("id").where("state", "in", ["Done", "Failed"]).where("finished_date", "<", cutoff).limit(DELETE_BATCH),
      )
      .executeTakeFirst();
    const count = Number(result.numDeletedRows);
    total += count;
    if (count < DELETE_BATCH) return total;
  }
}

const truncate = (text: string): string => (text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}…` : text);
