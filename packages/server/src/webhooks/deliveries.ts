// The delivery queue in the database, shared by every node:
// - fan-out turns outbox events (in sequence order) into one pending delivery per matching
//   consumer, and advances a cursor in the same transaction;
// - claiming takes due deliveries that are the oldest pending one of their consumer+company
//   (so events of one company reach a consumer in order) and leases them by pushing
//   `next_attempt_date` past the delivery timeout. On PostgreSQL, `FOR UPDATE SKIP LOCKED`
//   makes concurrent nodes take disjoint rows; on SQLite the transaction is the single writer.
//   A node that dies mid-delivery just lets its lease run out: another node retries.
// - recording an outcome stores the attempt and either completes or reschedules the delivery.
import type { Kysely } from "kysely";
import type { DialectName } from "../storage/dialect.js";
import { newId } from "../storage/ids.js";
import type { Database } from "../storage/schema.js";
import { toConsumerRecord } from "./consumers.js";
import { consumerMatches, eventFacts } from "./matching.js";
import type { PostOutcome } from "./post.js";
import { retryDelayMs } from "./retry-schedule.js";
import { webhookDb, type WebhookDeliveriesTable } from "./schema.js";

const CURSOR = "deliveries";
const INSERT_CHUNK = 500;

/** Fans out up to `limit` outbox events; returns how many events were consumed. */
export async function fanOutEvents(db: Kysely<Database>, dialect: DialectName, now: Date, limit: number): Promise<number> {
  return webhookDb(db)
    .transaction()
    .execute(async (trx) => {
      let cursorQuery = trx.selectFrom("webhook_fanout_cursor").select("sequence").where("name", "=", CURSOR);
      // Another node already fanning out holds the row: skip this round rather than wait.
      if (dialect === "postgres") cursorQuery = cursorQuery.forUpdate().skipLocked();
      const cursor = await cursorQuery.executeTakeFirst();
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

export interface ClaimedDelivery {
  id: string;
  /** 1-based number of the attempt this claim makes. */
  attempt: number;
  eventId: string;
  /** The exact JSON body to send (the outbox row's payload). */
  body: string;
  url: string;
  secret: string;
}

/** Claims up to `limit` due deliveries, leasing each for `leaseMs`. */
export async function claimDueDeliveries(
  db: Kysely<Database>,
  dialect: DialectName,
  now: Date,
  leaseMs: number,
  limit: number,
): Promise<ClaimedDelivery[]> {
  const wdb = webhookDb(db);
  const claimed = await wdb.transaction().execute(async (trx) => {
    let due = trx
      .selectFrom("webhook_deliveries as d")
      .select(["d.id", "d.attempts"])
      .where("d.status", "=", "pending")
      .where("d.next_attempt_date", "<=", now.toISOString())
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("webhook_deliveries as earlier")
              .select("earlier.id")
              .whereRef("earlier.consumer_id", "=", "d.consumer_id")
              .whereRef("earlier.company_id", "=", "d.company_id")
              .where("earlier.status", "=", "pending")
              .whereRef("earlier.event_sequence", "<", "d.event_sequence"),
          ),
        ),
      )
      .orderBy("d.next_attempt_date")
      .orderBy("d.event_sequence")
      .limit(limit);
    if (dialect === "postgres") due = due.forUpdate().skipLocked();
    const rows = await due.execute();
    if (rows.length === 0) return [];
    await trx
      .updateTable("webhook_deliveries")
      .set((eb) => ({
        attempts: eb("attempts", "+", 1),
        next_attempt_date: new Date(now.getTime() + leaseMs).toISOString(),
      }))
      .where("id", "in", rows.map((r) => r.id))
      .execute();
    return rows.map((r) => ({ id: r.id, attempt: r.attempts + 1 }));
  });
  if (claimed.length === 0) return [];

  const details = await wdb
    .selectFrom("webhook_deliveries as d")
    .innerJoin("webhook_consumers as c", "c.id", "d.consumer_id")
    .innerJoin("webhook_events as e", "e.sequence", "d.event_sequence")
    .select(["d.id", "d.event_id", "e.payload", "c.url", "c.secret"])
    .where("d.id", "in", claimed.map((c) => c.id))
    .execute();
  const byId = new Map(details.map((d) => [d.id, d]));
  return claimed.flatMap(({ id, attempt }) => {
    const d = byId.get(id);
    // Gone when the consumer was deleted in between: nothing to deliver.
    return d ? [{ id, attempt, eventId: d.event_id, body: d.payload, url: d.url, secret: d.secret }] : [];
  });
}

export interface AttemptResult {
  delivery: ClaimedDelivery;
  outcome: PostOutcome;
  attemptedAt: Date;
  finishedAt: Date;
}

/**
 * Stores each attempt and completes or reschedules its delivery, all in one transaction and a
 * handful of statements per dispatch round. An update only applies while the delivery is still
 * on that attempt: if a lease ran out and another node took over, the later attempt's outcome
 * wins.
 */
export async function recordOutcomes(
  db: Kysely<Database>,
  results: AttemptResult[],
  random: () => number = Math.random,
): Promise<void> {
  if (results.length === 0) return;
  await webhookDb(db)
    .transaction()
    .execute(async (trx) => {
      const onAttempt = (attempt: number) =>
        trx.updateTable("webhook_deliveries").where("attempts", "=", attempt).where("status", "=", "pending");

      // Successes, the common case: one statement per attempt number.
      const delivered = new Map<number, { ids: string[]; finished: string }>();
      for (const { delivery, outcome, finishedAt } of results) {
        if (!outcome.ok) continue;
        const group = delivered.get(delivery.attempt) ?? { ids: [], finished: finishedAt.toISOString() };
        group.ids.push(delivery.id);
        delivered.set(delivery.attempt, group);
      }
      for (const [attempt, { ids, finished }] of delivered) {
        await onAttempt(attempt)
          .set({ status: "delivered", completed_date: finished, last_error: null })
          .where("id", "in", ids)
          .execute();
      }

      for (const { delivery, outcome, finishedAt } of results) {
        if (outcome.ok) continue;
        const retryIn = retryDelayMs(delivery.attempt, random);
        await onAttempt(delivery.attempt)
          .set(
            retryIn === undefined
              ? { status: "failed", completed_date: finishedAt.toISOString(), last_error: failureOf(outcome) }
              : { next_attempt_date: new Date(finishedAt.getTime() + retryIn).toISOString(), last_error: failureOf(outcome) },
          )
          .where("id", "=", delivery.id)
          .execute();
      }

      // History, for the deliveries that still exist (a consumer may have been deleted meanwhile).
      const existing = new Set(
        (
          await trx
            .selectFrom("webhook_deliveries")
            .select("id")
            .where("id", "in", results.map((r) => r.delivery.id))
            .execute()
        ).map((row) => row.id),
      );
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
    });
}

function failureOf(outcome: PostOutcome): string {
  return outcome.error ?? `HTTP ${outcome.statusCode}`;
}
