// Webhook consumers of one client. Every query is scoped by client id: a consumer of another
// client is invisible (404 on delete, never listed, never matched to another client's events).
import type { Kysely } from "kysely";
import { lockClient } from "../storage/repositories/clients.js";
import { newId } from "../storage/ids.js";
import type { Database } from "../storage/schema.js";
import { webhookDb, type WebhookConsumersTable } from "./schema.js";
import { generateSigningSecret } from "./signer.js";

/** The contract's limit of consumers per client. */
export const MAX_CONSUMERS_PER_CLIENT = 50;

export interface ConsumerInput {
  url: string;
  eventTypes: string[];
  disabled: boolean;
  companyId: string | null;
  companyTags: string[] | null;
}

export interface ConsumerRecord extends ConsumerInput {
  id: string;
  clientId: string;
  created: string;
}

export class ConsumerLimitError extends Error {
  override readonly name = "ConsumerLimitError";
}

export function toConsumerRecord(row: WebhookConsumersTable): ConsumerRecord {
  return {
    id: row.id,
    clientId: row.client_id,
    url: row.url,
    eventTypes: JSON.parse(row.event_types) as string[],
    disabled: row.disabled === 1,
    companyId: row.company_id,
    companyTags: row.company_tags === null ? null : (JSON.parse(row.company_tags) as string[]),
    created: row.created_date,
  };
}

export async function listConsumers(db: Kysely<Database>, clientId: string): Promise<ConsumerRecord[]> {
  const rows = await webhookDb(db)
    .selectFrom("webhook_consumers")
    .selectAll()
    .where("client_id", "=", clientId)
    .orderBy("created_date")
    .orderBy("id")
    .execute();
  return rows.map(toConsumerRecord);
}

/**
 * Creates a consumer with a fresh signing secret, returned here and never again; `seal`
 * encrypts it for storage (the dispatcher opens it to sign). Throws
 * `ConsumerLimitError` at the per-client limit; the count and the insert are serialised per
 * client so concurrent creations cannot overshoot it.
 */
export async function createConsumer(
  db: Kysely<Database>,
  clientId: string,
  input: ConsumerInput,
  now: Date,
  seal: (secret: string) => string,
): Promise<{ consumer: ConsumerRecord; secret: string }> {
  return db.transaction().execute(async (base) => {
    await lockClient(base, clientId);
    const trx = webhookDb(base);
    const { count } = await trx
      .selectFrom("webhook_consumers")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .where("client_id", "=", clientId)
      .executeTakeFirstOrThrow();
    if (Number(count) >= MAX_CONSUMERS_PER_CLIENT) {
      throw new ConsumerLimitError(`A client can have at most ${MAX_CONSUMERS_PER_CLIENT} webhook consumers.`);
    }
    const secret = generateSigningSecret();
    const row: WebhookConsumersTable = {
      id: newId(),
      client_id: clientId,
      url: input.url,
      event_types: JSON.stringify(input.eventTypes),
      disabled: input.disabled ? 1 : 0,
      company_id: input.companyId,
      company_tags: input.companyTags === null ? null : JSON.stringify(input.companyTags),
      secret: seal(secret),
      created_date: now.toISOString(),
    };
    await trx.insertInto("webhook_consumers").values(row).execute();
    return { consumer: toConsumerRecord(row), secret };
  });
}

/** Deletes the consumer and, by cascade, its pending deliveries; false when not found. */
export async function deleteConsumer(db: Kysely<Database>, clientId: string, consumerId: string): Promise<boolean> {
  const result = await webhookDb(db)
    .deleteFrom("webhook_consumers")
    .where("client_id", "=", clientId)
    .where("id", "=", consumerId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
