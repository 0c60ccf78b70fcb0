// The webhook tables (migration 0100_webhooks) as Kysely sees them. Dates are ISO-8601 UTC
// strings like the rest of the schema; JSON is text.
import type { Kysely } from "kysely";
import type { Database } from "../storage/schema.js";

export interface WebhookConsumersTable {
  id: string;
  client_id: string;
  url: string;
  /** JSON array of event types; empty = every event type. */
  event_types: string;
  disabled: number;
  /** Only this company's events, when set. */
  company_id: string | null;
  /** JSON array of `tagKey:tagValue`; a company carrying any of them matches. Null = no filter. */
  company_tags: string | null;
  /** The `whsec_<base64>` signing secret, sealed by the server's SecretBox (encrypted at rest). */
  secret: string;
  created_date: string;
}

export type DeliveryStatus = "pending" | "delivered" | "failed";

export interface WebhookDeliveriesTable {
  id: string;
  consumer_id: string;
  event_sequence: number;
  event_id: string;
  company_id: string;
  status: DeliveryStatus;
  /** Attempts started so far (a claim counts as an attempt). */
  attempts: number;
  /** When the delivery may next be claimed; a claim pushes it out by the lease. */
  next_attempt_date: string;
  created_date: string;
  completed_date: string | null;
  last_error: string | null;
}

export interface WebhookDeliveryAttemptsTable {
  delivery_id: string;
  attempt: number;
  attempted_date: string;
  duration_ms: number;
  /** HTTP status of the receiver's answer; null when there was none (refused, timeout, ...). */
  status_code: number | null;
  error: string | null;
  succeeded: number;
}

export interface WebhookFanoutCursorTable {
  name: string;
  /** Last `webhook_events.sequence` turned into deliveries. */
  sequence: number;
}

// A type alias, not an interface: `withTables` needs an index-signature-compatible record.
export type WebhookTables = {
  webhook_consumers: WebhookConsumersTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_delivery_attempts: WebhookDeliveryAttemptsTable;
  webhook_fanout_cursor: WebhookFanoutCursorTable;
};

export type WebhookDatabase = Database & WebhookTables;

/** The server's database handle, typed with the webhook tables too. */
export function webhookDb(db: Kysely<Database>): Kysely<WebhookDatabase> {
  return db.withTables<WebhookTables>();
}
