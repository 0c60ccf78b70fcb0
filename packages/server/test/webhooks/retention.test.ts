// WEBHOOK_RETENTION_DAYS: pruning removes finished deliveries (and their attempts) and delivered
// events older than the retention, and nothing a pending delivery or the fan-out still needs.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import type { Kysely } from "kysely";
import { recordEvent } from "../../src/events/outbox.js";
import { createClient } from "../../src/storage/repositories/clients.js";
import type { Database } from "../../src/storage/schema.js";
import { SecretBox } from "../../src/tokens/secret-box.js";
import { createConsumer } from "../../src/webhooks/consumers.js";
import { fanOutEvents } from "../../src/webhooks/deliveries.js";
import { WebhookDispatcher } from "../../src/webhooks/dispatcher.js";
import { pruneWebhookHistory } from "../../src/webhooks/retention.js";
import { webhookDb } from "../../src/webhooks/schema.js";
import { createTestDatabase, type TestDatabase } from "@codat/test-kit/database";
import { forEachDialect } from "@codat/test-kit/dialects";
import { startReceiver, type Receiver } from "@codat/test-kit/receiver";

const box = SecretBox.fromSecret("retention-test-secret-0123456789abcdef");
const DAY = 24 * 60 * 60 * 1000;

forEachDialect("webhook history retention", (dialect) => {
  let database: TestDatabase;
  let receiver: Receiver;
  const db = (): Kysely<Database> => database.db;

  before(async () => {
    database = await createTestDatabase(dialect);
    receiver = await startReceiver();
  });
  after(async () => {
    await receiver?.close();
    await database?.close();
  });

  it("prunes what is finished and old, keeps what is pending, recent or not fanned out", async () => {
    const now = new Date();
    const old = new Date(now.getTime() - 40 * DAY);
    let clock = old;
    const dispatcher = new WebhookDispatcher({
      db: db(),
      pollIntervalMs: 20,
      timeoutMs: 2000,
      allowPrivateUrls: true,
      openSecret: (sealed) => box.open(sealed).toString("utf8"),
      log: { error: (object: unknown, message: string) => console.error(message, object) },
      now: () => clock,
    });
    const drain = async () => {
      for (let round = 0; round < 100; round++) if ((await dispatcher.runOnce()) === 0) return;
      assert.fail("the dispatcher never went idle");
    };
    const client = await createClient(db(), { name: "Retention", now: old });
    await createConsumer(db(), client.id, { url: receiver.url, eventTypes: [], disabled: false, companyId: null, companyTags: null }, old, (secret) =>
      box.seal(Buffer.from(secret)),
    );
    const emit = (companyId: string, at: Date) =>
      db()
        .transaction()
        .execute((trx) =>
          recordEvent(trx, {
            clientId: client.id,
            companyId,
            eventType: "company.created",
            payload: { id: companyId, name: "Acme" },
            generatedDate: at,
          }),
        );
    const wdb = webhookDb(db());
    const deliveryOf = (sequence: number) => wdb.selectFrom("webhook_deliveries").selectAll().where("event_sequence", "=", sequence).executeTakeFirst();
    const eventExists = async (sequence: number) =>
      (await db().selectFrom("webhook_events").select("sequence").where("sequence", "=", sequence).executeTakeFirst()) !== undefined;

    // Forty days ago: two events delivered then, one whose delivery is still being retried.
    const delivered1 = await emit("a0000000-0000-4000-8000-000000000001", old);
    const delivered2 = await emit("a0000000-0000-4000-8000-000000000002", old);
    await drain();
    const retried = await emit("a0000000-0000-4000-8000-000000000003", old);
    await fanOutEvents(db(), old, 100);
    await wdb.updateTable("webhook_deliveries").set({ next_attempt_date: new Date(now.getTime() + DAY).toISOString() }).where("event_sequence", "=", retried.sequence).execute();
    // Today: one event delivered; and one from forty days ago not fanned out yet.
    clock = now;
    const recent = await emit("a0000000-0000-4000-8000-000000000004", now);
    await drain();
    const unfanned = await emit("a0000000-0000-4000-8000-000000000005", old);
    const oldDeliveryIds = [(await deliveryOf(delivered1.sequence))!.id, (await deliveryOf(delivered2.sequence))!.id];
    assert.equal((await deliveryOf(delivered1.sequence))?.status, "delivered");
    assert.equal((await deliveryOf(retried.sequence))?.status, "pending");
    assert.equal((await deliveryOf(recent.sequence))?.status, "delivered");

    assert.deepEqual(await pruneWebhookHistory(db(), now, 30), { deliveries: 2, events: 2 });
    assert.equal(await deliveryOf(delivered1.sequence), undefined);
    assert.equal(await deliveryOf(delivered2.sequence), undefined);
    const attempts = await wdb.selectFrom("webhook_delivery_attempts").select("delivery_id").where("delivery_id", "in", oldDeliveryIds).execute();
    assert.deepEqual(attempts, [], "their attempts went with them");
    assert.equal(await eventExists(delivered1.sequence), false);
    assert.equal(await eventExists(delivered2.sequence), false);
    assert.equal((await deliveryOf(retried.sequence))?.status, "pending", "a pending delivery stays, however old");
    assert.equal(await eventExists(retried.sequence), true, "and so does the event it will send");
    assert.ok(await deliveryOf(recent.sequence));
    assert.equal(await eventExists(recent.sequence), true);
    assert.equal(await eventExists(unfanned.sequence), true, "an event not fanned out yet stays");

    // Once the retried delivery is done (today), its old event may go; the delivery (finished
    // today) stays; the event not fanned out is fanned out and delivered, then stays (recent delivery).
    await wdb.updateTable("webhook_deliveries").set({ next_attempt_date: now.toISOString() }).where("event_sequence", "=", retried.sequence).execute();
    await drain();
    assert.deepEqual(await pruneWebhookHistory(db(), now, 30), { deliveries: 0, events: 2 });
    assert.equal((await deliveryOf(retried.sequence))?.status, "delivered");
    assert.equal(await eventExists(retried.sequence), false);
    assert.equal(await eventExists(unfanned.sequence), false);
    assert.equal(await eventExists(recent.sequence), true);
    // Nothing left to prune: idempotent.
    assert.deepEqual(await pruneWebhookHistory(db(), now, 30), { deliveries: 0, events: 0 });
  });
});
