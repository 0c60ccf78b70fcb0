// The transactional outbox: every company / connection mutation writes its webhook event in the
// same transaction as the change, through `recordEvent`. Delivery reads `webhook_events` in
// `sequence` order.
//
// `sequence` comes from a counter row updated inside the transaction. The row lock is held
// until commit, so sequences are handed out in commit order on PostgreSQL too (a plain
// identity column can commit 7 before 6 and make a reader skip 6 forever); SQLite serialises
// writers anyway. The cost, serialising event-writing transactions, is negligible at the rate
// companies and connections change.
import type { Kysely } from "kysely";
import { newId } from "../storage/ids.js";
import type { Database } from "../storage/schema.js";

export type EventType =
  | "company.created"
  | "company.deleted"
  | "connection.created"
  | "connection.connected"
  | "connection.disconnected"
  | "connection.reconnected"
  | "connection.deleted"
  | "connection.failed";

export interface OutboxEvent {
  clientId: string;
  companyId: string;
  eventType: EventType;
  /** The webhook body's `payload` (contract: CompanyWebhook / ConnectionWebhook). */
  payload: unknown;
  generatedDate: Date;
}

export interface RecordedEvent {
  sequence: number;
  id: string;
  eventType: EventType;
  generatedDate: string;
  payload: unknown;
}

/** Appends the event to the outbox. Call it with the transaction that makes the change. */
export async function recordEvent(trx: Kysely<Database>, event: OutboxEvent): Promise<RecordedEvent> {
  const { value: sequence } = await trx
    .updateTable("counters")
    .set((eb) => ({ value: eb("value", "+", 1) }))
    .where("name", "=", "webhook_events")
    .returning("value")
    .executeTakeFirstOrThrow();
  const id = newId();
  const generatedDate = event.generatedDate.toISOString();
  const body = { id, eventType: event.eventType, generatedDate, payload: event.payload };
  await trx
    .insertInto("webhook_events")
    .values({
      sequence: Number(sequence),
      id,
      client_id: event.clientId,
      company_id: event.companyId,
      event_type: event.eventType,
      payload: JSON.stringify(body),
      generated_date: generatedDate,
    })
    .execute();
  return { sequence: Number(sequence), id, eventType: event.eventType, generatedDate, payload: event.payload };
}
