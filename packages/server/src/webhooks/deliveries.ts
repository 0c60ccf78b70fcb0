// The delivery queue in the database, shared by every node:
// - fan-out turns outbox events (in sequence order) into one pending delivery per matching
//   consumer, and advances a cursor in the same transaction;
// - claiming takes due deliveries that are the oldest pending one of their consumer+company,
//   the head of their chain (so events of one company reach a consumer in order), either from
//   the whole queue or from the chains whose delivery just completed, and leases them by pushing
//   `next_attempt_date` past the delivery timeout. On PostgreSQL, `FOR UPDATE SKIP LOCKED`
//   makes concurrent nodes take disjoint rows; on SQLite the transaction is the single writer.
//   A node that dies mid-delivery just lets its lease run out: another node retries.
// - recording an outcome stores the attempt and either completes or reschedules the delivery.
import type { Expression, Kysely, QueryCreator } from "kysely";
import { claimingRows } from "../storage/dialect.js";
import { newId } from "../storage/ids.js";
import type { Database } from "../storage/schema.js";
import { toConsumerRecord } from "./consumers.js";
import { consumerMatches, eventFacts } from "./matching.js";
import type { PostOutcome } from "./post.js";
import { retryDelayMs } from "./retry-schedule.js";
import { webhookDb, type WebhookDatabase, type WebhookDeliveriesTable } from "./schema.js";

const CURSOR = "deliveries";
const INSERT_CHUNK = 500;

/** Fans out up to `limit` outbox events; returns how many events were consumed. */
export async function fanOutEvents(db: Kysely<Database>, now: Date, limit: number): Promise<number> {
  return webhookDb(db)
    .transaction()
    .execute(async (trx) => {
      // Another node already fanning out holds the row: skip this round rather than wait.
      const cursor = await claimingRows(trx, trx.selectFrom("webhook_fanout_cursor").select("sequence").where("name", "=", CURSOR)).executeTakeFirst();
      if (!cursor) return 0;

      const events = await trx
        .selectFrom("webhook_events")
        .select(["sequence", "id", "client_id", "company_id", "event_type", "payload"])
        .where("sequence", ">", Number(cursor.sequence))
        .orderBy("sequence")
        .limit(limit)
        .execute();
      if (events.length === 0) return 0;

      const clientIds = [...new Set(events.map((e) => e.client_id))];
      const consumers = (
        await trx.selectFrom("webhook_consumers").selectAll().where("client_id", "in", clientIds).where("disabled", "=", 0).execute()
      ).map(toConsumerRecord);

      const timestamp = now.toISOString();
      const rows: WebhookDeliveriesTable[] = [];
      for (const event of events) {
        const facts = eventFacts(event);
        for (const consumer of consumers) {
          if (consumer.clientId !== event.client_id || !consumerMatches(consumer, facts)) continue;
          rows.push({
            id: newId(),
            consumer_id: consumer.id,
            event_sequence: Number(event.sequence),
            event_id: event.id,
            company_id: event.company_id,
            status: "pending",
            attempts: 0,
            next_attempt_date: timestamp,
            created_date: timestamp,
            completed_date: null,
            last_error: null,
          });
        }
      }
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        await trx
          .insertInto("webhook_deliveries")
          .values(rows.slice(i, i + INSERT_CHUNK))
          .onConflict((oc) => oc.columns(["consumer_id", "event_sequence"]).doNothing())
          .execute();
      }
      await trx
        .updateTable("webhook_fanout_cursor")
        .set({ sequence: Number(events[events.length - 1]!.sequence) })
        .where("name", "=", CURSOR)
        .execute();
      return events.length;
    });
}

/** One consumer's deliveries of one company's events: delivered strictly in event order. */
export interface Chain {
  consumerId: string;
  companyId: string;
}

export interface ClaimedDelivery extends Chain {
  id: string;
  /** 1-based number of the attempt this claim makes. */
  attempt: number;
  eventId: string;
  /** The exact JSON body to send (the outbox row's payload). */
  body: string;
  url: string;
  secret: string;
}

/**
 * The id of a chain's head, its oldest pending delivery: the first entry of the chain's
 * pending rows in `webhook_deliveries_chain`, a few index pages however long its backlog.
 */
function headOf(qc: QueryCreator<WebhookDatabase>, consumerId: Expression<string> | string, companyId: Expression<string> | string) {
  return qc
    .selectFrom("webhook_deliveries as head")
    .select("head.id")
    .where("head.consumer_id", "=", consumerId)
    .where("head.company_id", "=", companyId)
    .where("head.status", "=", "pending")
    .orderBy("head.event_sequence")
    .limit(1);
}

/**
 * Claims up to `limit` due deliveries that head their chain, leasing each for `leaseMs`.
 * Each due row costs one head look-up: linear in the due rows, where the `NOT EXISTS (earlier
 * pending)` form it replaces became a hash anti-join comparing every pair of one chain's rows
 * once PostgreSQL had statistics (64 ms for a 1 000-event backlog).
 */
export function claimDueDeliveries(
  db: Kysely<Database>,
  now: Date,
  leaseMs: number,
  limit: number,
): Promise<ClaimedDelivery[]> {
  if (limit <= 0) return Promise.resolve([]);
  return claim(db, now, leaseMs, (qc, dueBy) => {
    const due = qc
      .selectFrom("webhook_deliveries as d")
      .select("d.id")
      .where("d.status", "=", "pending")
      .where("d.next_attempt_date", "<=", dueBy)
      .where((eb) => eb("d.id", "=", headOf(qc, eb.ref("d.consumer_id"), eb.ref("d.company_id"))))
      .orderBy("d.next_attempt_date")
      .orderBy("d.event_sequence")
      .limit(limit);
    return claimingRows(db, due);
  });
}

/**
 * Claims the head of each given chain if it is due: the follow-up after a delivery of the
 * chain completed, without scanning the rest of the queue. The heads drive the query (a CROSS
 * JOIN keeps SQLite from scanning every due row instead of looking each head up by id).
 */
export function claimChainHeads(
  db: Kysely<Database>,
  chains: Chain[],
  now: Date,
  leaseMs: number,
): Promise<ClaimedDelivery[]> {
  if (chains.length === 0) return Promise.resolve([]);
  return claim(db, now, leaseMs, (qc, dueBy) => {
    const [first, ...rest] = chains.map((chain) => qc.selectNoFrom([headOf(qc, chain.consumerId, chain.companyId).as("id")]));
    const heads = rest.reduce((all, one) => all.unionAll(one), first!);
    const due = qc
      .selectFrom(heads.as("h"))
      .crossJoin("webhook_deliveries as d")
      .select("d.id")
      .whereRef("d.id", "=", "h.id")
      .where("d.status", "=", "pending")
      .where("d.next_attempt_date", "<=", dueBy);
    return claimingRows(db, due, "d");
  });
}

/**
 * Leases the rows `pickDue` selects, in one statement (one round trip, no explicit
 * transaction): the CTE is materialized so its rows are picked, and locked, exactly once.
 * A head stays the head until it leaves `pending`, which is final; on PostgreSQL the head
 * look-up reads the statement's snapshot, not the locks, so a head another node has locked is
 * skipped, never replaced by the row behind it, and a head that node has leased or completed
 * meanwhile fails the re-checked status and due date.
 */
async function claim(
  db: Kysely<Database>,
  now: Date,
  leaseMs: number,
  pickDue: (qc: QueryCreator<WebhookDatabase>, dueBy: string) => Expression<{ id: string }>,
): Promise<ClaimedDelivery[]> {
  const rows = await webhookDb(db)
    .with(
      (cte) => cte("due").materialized(),
      (qc) => pickDue(qc, now.toISOString()),
    )
    .updateTable("webhook_deliveries")
    .set((eb) => ({
      attempts: eb("attempts", "+", 1),
      next_attempt_date: new Date(now.getTime() + leaseMs).toISOString(),
    }))
    .where("id", "in", (eb) => eb.selectFrom("due").select("due.id"))
    .returning((eb) => [
      "webhook_deliveries.id",
      "webhook_deliveries.attempts",
      "webhook_deliveries.consumer_id",
      "webhook_deliveries.company_id",
      "webhook_deliveries.event_id",
      eb.selectFrom("webhook_events as e").select("e.payload").whereRef("e.sequence", "=", "webhook_deliveries.event_sequence").as("payload"),
      eb.selectFrom("webhook_consumers as c").select("c.url").whereRef("c.id", "=", "webhook_deliveries.consumer_id").as("url"),
      eb.selectFrom("webhook_consumers as c").select("c.secret").whereRef("c.id", "=", "webhook_deliveries.consumer_id").as("secret"),
    ])
    .execute();
  return rows.flatMap((d) =>
    // No consumer when it was deleted in between: nothing to deliver.
    d.url === null || d.secret === null || d.payload === null
      ? []
      : [{ id: d.id, attempt: d.attempts, consumerId: d.consumer_id, companyId: d.company_id, eventId: d.event_id, body: d.payload, url: d.url, secret: d.secret }],
  );
}

export interface AttemptResult {
  delivery: ClaimedDelivery;
  outcome: PostOutcome;
  attemptedAt: Date;
  finishedAt: Date;
}

/**
 * Stores each attempt and completes or reschedules its delivery, and claims the next event of
 * each of `chains`, in one transaction and a handful of statements per dispatch round. An
 * update only applies while the delivery is still on that attempt: if a lease ran out and
 * another node took over, the later attempt's outcome wins. One commit (one WAL flush) per
 * finished delivery instead of two; other nodes cannot see the finished delivery leave
 * `pending` before the commit, and by then its successor is leased.
 */
export async function recordAndFollowUp(
  db: Kysely<Database>,
  results: AttemptResult[],
  chains: Chain[],
  now: Date,
  leaseMs: number,
): Promise<ClaimedDelivery[]> {
  return db.transaction().execute(async (trx) => {
    await recordIn(trx, results, Math.random);
    return claimChainHeads(trx, chains, now, leaseMs);
  });
}

async function recordIn(db: Kysely<Database>, results: AttemptResult[], random: () => number): Promise<void> {
  if (results.length === 0) return;
  const trx = webhookDb(db);
  const onAttempt = (attempt: number) =>
    trx.updateTable("webhook_deliveries").where("attempts", "=", attempt).where("status", "=", "pending");
  // Rows an update changed certainly exist; only the others are looked up for the history.
  const existing = new Set<string>();

  // Successes, the common case: one statement per attempt number.
  const delivered = new Map<number, { ids: string[]; finished: string }>();
  for (const { delivery, outcome, finishedAt } of results) {
    if (!outcome.ok) continue;
    const group = delivered.get(delivery.attempt) ?? { ids: [], finished: finishedAt.toISOString() };
    group.ids.push(delivery.id);
    delivered.set(delivery.attempt, group);
  }
  for (const [attempt, { ids, finished }] of delivered) {
    const updated = await onAttempt(attempt)
      .set({ status: "delivered", completed_date: finished, last_error: null })
      .where("id", "in", ids)
      .returning("id")
      .execute();
    for (const { id } of updated) existing.add(id);
  }

  for (const { delivery, outcome, finishedAt } of results) {
    if (outcome.ok) continue;
    const retryIn = retryDelayMs(delivery.attempt, random);
    const updated = await onAttempt(delivery.attempt)
      .set(
        retryIn === undefined
          ? { status: "failed", completed_date: finishedAt.toISOString(), last_error: failureOf(outcome) }
          : { next_attempt_date: new Date(finishedAt.getTime() + retryIn).toISOString(), last_error: failureOf(outcome) },
      )
      .where("id", "=", delivery.id)
      .returning("id")
      .execute();
    for (const { id } of updated) existing.add(id);
  }

  // History, for the deliveries that still exist (a consumer may have been deleted meanwhile,
  // or another node may have taken over after the lease ran out).
  const unchanged = results.map((r) => r.delivery.id).filter((id) => !existing.has(id));
  if (unchanged.length > 0) {
    const rows = await trx.selectFrom("webhook_deliveries").select("id").where("id", "in", unchanged).execute();
    for (const { id } of rows) existing.add(id);
  }
  const attempts = results
    .filter((r) => existing.has(r.delivery.id))
    .map(({ delivery, outcome, attemptedAt }) => ({
      delivery_id: delivery.id,
      attempt: delivery.attempt,
      attempted_date: attemptedAt.toISOString(),
      duration_ms: outcome.durationMs,
      status_code: outcome.statusCode,
      error: outcome.ok ? null : failureOf(outcome),
      succeeded: outcome.ok ? 1 : 0,
    }));
  if (attempts.length === 0) return;
  await trx
    .insertInto("webhook_delivery_attempts")
    .values(attempts)
    .onConflict((oc) => oc.columns(["delivery_id", "attempt"]).doNothing())
    .execute();
}

function failureOf(outcome: PostOutcome): string {
  return outcome.error ?? `HTTP ${outcome.statusCode}`;
}
