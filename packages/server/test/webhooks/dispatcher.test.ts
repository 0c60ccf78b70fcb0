// The dispatcher against a real database (SQLite file and PostgreSQL) and a real receiver on
// loopback: fan-out and filters, signatures, retries with backoff, per-company order, leases,
// and several nodes sharing one PostgreSQL database.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, it } from "node:test";
import type { Kysely } from "kysely";
import { Webhook } from "standardwebhooks";
import { recordEvent, type EventType } from "../../src/events/outbox.js";
import { openDatabase } from "../../src/storage/dialect.js";
import { createClient } from "../../src/storage/repositories/clients.js";
import type { Database } from "../../src/storage/schema.js";
import { SecretBox } from "../../src/tokens/secret-box.js";
import { createConsumer, deleteConsumer, type ConsumerInput } from "../../src/webhooks/consumers.js";
import { claimDueDeliveries, fanOutEvents, recordAndFollowUp } from "../../src/webhooks/deliveries.js";
import { WebhookDispatcher } from "../../src/webhooks/dispatcher.js";
import { MAX_ATTEMPTS } from "../../src/webhooks/retry-schedule.js";
import { webhookDb } from "../../src/webhooks/schema.js";
import { createTestDatabase, type TestDatabase } from "@codat/test-kit/database";
import { forEachDialect } from "@codat/test-kit/dialects";
import { startReceiver, type Receiver } from "@codat/test-kit/receiver";

const box = SecretBox.fromSecret("dispatcher-test-secret-0123456789abcdef");
const seal = (secret: string) => box.seal(Buffer.from(secret));
const openSecret = (sealed: string) => box.open(sealed).toString("utf8");
const silentLog = { error: (object: unknown, message: string) => console.error(message, object) };

function consumerInput(url: string, overrides: Partial<ConsumerInput> = {}): ConsumerInput {
  return { url, eventTypes: [], disabled: false, companyId: null, companyTags: null, ...overrides };
}

async function emit(db: Kysely<Database>, clientId: string, companyId: string, eventType: EventType, tags = {}) {
  return db.transaction().execute((trx) =>
    recordEvent(trx, {
      clientId,
      companyId,
      eventType,
      payload: { referenceCompany: { id: companyId, name: "Acme", tags }, connection: { id: "c", status: "Unlinked" } },
      generatedDate: new Date(),
    }),
  );
}

const ok = (id: string): [string, number] => [id, 204];

/** [event id, status answered] of every request about one company, in arrival order. */
function companyRequests(receiver: Receiver, companyId: string): Array<[string, number]> {
  return receiver.received
    .filter((r) => (JSON.parse(r.body) as { payload: { referenceCompany: { id: string } } }).payload.referenceCompany.id === companyId)
    .map((r) => [r.headers["webhook-id"]!, r.status]);
}

/** Runs dispatch rounds until one finds no work. */
async function drain(dispatcher: WebhookDispatcher): Promise<void> {
  for (let round = 0; round < 100; round++) if ((await dispatcher.runOnce()) === 0) return;
  throw new Error("dispatcher never went idle");
}

forEachDialect("webhook dispatcher", (dialect) => {
  let database: TestDatabase | undefined;
  let receiver: Receiver;
  let clock = Date.now();
  const db = () => database!.db;
  const dispatcherFor = (handle: Kysely<Database>, extra: Partial<ConstructorParameters<typeof WebhookDispatcher>[0]> = {}) =>
    new WebhookDispatcher({
      db: handle,
      pollIntervalMs: 20,
      timeoutMs: 2000,
      allowPrivateUrls: true,
      openSecret,
      log: silentLog,
      now: () => new Date(clock),
      ...extra,
    });

  before(async () => {
    database = await createTestDatabase(dialect);
    receiver = await startReceiver();
  });
  after(async () => {
    await receiver?.close();
    await database?.close();
  });

  it("delivers a signed event to matching consumers only", async () => {
    clock = Date.now();
    receiver.received.length = 0;
    const client = await createClient(db(), { name: "A", now: new Date() });
    const other = await createClient(db(), { name: "B", now: new Date() });
    const companyId = "11111111-1111-4111-8111-111111111111";
    const make = (clientId: string, path: string, overrides: Partial<ConsumerInput> = {}) =>
      createConsumer(db(), clientId, consumerInput(`${receiver.url}/${path}`, overrides), new Date(), seal);
    const all = await make(client.id, "all");
    await make(client.id, "disabled", { disabled: true });
    await make(client.id, "other-type", { eventTypes: ["company.deleted"] });
    await make(client.id, "other-company", { companyId: "22222222-2222-4222-8222-222222222222" });
    await make(client.id, "other-tag", { companyTags: ["region:us"] });
    const tagged = await make(client.id, "tagged", {
      companyTags: ["region:uk", "tier:gold"],
      eventTypes: ["connection.disconnected"],
      companyId,
    });
    await make(other.id, "other-client");

    const event = await emit(db(), client.id, companyId, "connection.disconnected", { region: "uk" });
    await drain(dispatcherFor(db()));

    assert.deepEqual(receiver.received.map((r) => r.path).sort(), ["/all", "/tagged"]);
    for (const [request, consumer] of [
      [receiver.received.find((r) => r.path === "/all")!, all],
      [receiver.received.find((r) => r.path === "/tagged")!, tagged],
    ] as const) {
      assert.equal(request.headers["webhook-id"], event.id);
      assert.equal(request.headers["content-type"], "application/json");
      const verified = new Webhook(consumer.secret).verify(request.body, request.headers) as { id: string; eventType: string };
      assert.deepEqual([verified.id, verified.eventType], [event.id, "connection.disconnected"]);
    }
    const stored = await webhookDb(db()).selectFrom("webhook_consumers").select("secret").where("id", "=", all.consumer.id).executeTakeFirstOrThrow();
    assert.ok(!stored.secret.includes(all.secret.slice(6)), "the secret is stored sealed, not in clear");
  });

  it("retries failures with backoff, keeps one company's events in order, records every attempt", async () => {
    clock = Date.now();
    receiver.received.length = 0;
    const client = await createClient(db(), { name: "Retry", now: new Date() });
    const { consumer } = await createConsumer(db(), client.id, consumerInput(`${receiver.url}/retry`), new Date(), seal);
    const [x, y] = ["33333333-3333-4333-8333-333333333333", "44444444-4444-4444-8444-444444444444"];
    const first = await emit(db(), client.id, x, "connection.created");
    const second = await emit(db(), client.id, x, "connection.connected");
    const otherCompany = await emit(db(), client.id, y, "connection.created");
    const dispatcher = dispatcherFor(db());

    receiver.respondWith = 503;
    await drain(dispatcher);
    // The second event of company x waits behind the first; company y is independent.
    assert.deepEqual(receiver.received.map((r) => r.headers["webhook-id"]).sort(), [first.id, otherCompany.id].sort());

    clock += 3_000; // before the first retry (5 s − 20 % jitter at least)
    await drain(dispatcher);
    assert.equal(receiver.received.length, 2);

    receiver.respondWith = 200;
    clock += 10_000;
    await drain(dispatcher);
    const ids = receiver.received.map((r) => r.headers["webhook-id"]);
    assert.equal(ids.length, 5);
    assert.ok(ids.indexOf(first.id, 2) < ids.indexOf(second.id), "first before second");

    const attempts = await webhookDb(db())
      .selectFrom("webhook_delivery_attempts as a")
      .innerJoin("webhook_deliveries as d", "d.id", "a.delivery_id")
      .select(["d.event_id", "a.attempt", "a.status_code", "a.succeeded", "d.status"])
      .where("d.consumer_id", "=", consumer.id)
      .orderBy("a.attempted_date")
      .orderBy("a.attempt")
      .execute();
    const ofFirst = attempts.filter((a) => a.event_id === first.id);
    assert.deepEqual(
      ofFirst.map((a) => [a.attempt, a.status_code, a.succeeded, a.status]),
      [
        [1, 503, 0, "delivered"],
        [2, 200, 1, "delivered"],
      ],
    );
    assert.deepEqual(attempts.filter((a) => a.event_id === second.id).map((a) => a.attempt), [1]);
  });

  it("gives up after the last attempt, which unblocks the company's next event", async () => {
    clock = Date.now();
    receiver.received.length = 0;
    const client = await createClient(db(), { name: "GiveUp", now: new Date() });
    await createConsumer(db(), client.id, consumerInput(`${receiver.url}/give-up`), new Date(), seal);
    const company = "55555555-5555-4555-8555-555555555555";
    const doomed = await emit(db(), client.id, company, "company.created");
    const next = await emit(db(), client.id, company, "company.deleted");
    receiver.respondWith = (request) => (request.headers["webhook-id"] === doomed.id ? 500 : 204);
    const dispatcher = dispatcherFor(db());
    for (let attempt = 0; attempt < MAX_ATTEMPTS + 1; attempt++) {
      await drain(dispatcher);
      clock += 10 * 3600_000;
    }
    const ids = receiver.received.map((r) => r.headers["webhook-id"]);
    assert.equal(ids.filter((id) => id === doomed.id).length, MAX_ATTEMPTS);
    assert.equal(ids.at(-1), next.id);
    const doomedRow = await webhookDb(db()).selectFrom("webhook_deliveries").select(["status", "last_error"]).where("event_id", "=", doomed.id).executeTakeFirstOrThrow();
    assert.deepEqual(doomedRow, { status: "failed", last_error: "HTTP 500" });
    receiver.respondWith = 204;
  });

  it("a delivery claimed by a node that died is delivered by another once the lease runs out", async () => {
    clock = Date.now();
    receiver.received.length = 0;
    const client = await createClient(db(), { name: "Lease", now: new Date() });
    await createConsumer(db(), client.id, consumerInput(`${receiver.url}/lease`), new Date(), seal);
    const event = await emit(db(), client.id, "66666666-6666-4666-8666-666666666666", "company.created");
    // A node fans out and claims the delivery, then dies before posting it.
    await fanOutEvents(db(), new Date(clock), 100);
    const lease = 32_000;
    const [claimed] = await claimDueDeliveries(db(), new Date(clock), lease, 10);
    assert.equal(claimed?.eventId, event.id);

    const survivor = dispatcherFor(db());
    await drain(survivor);
    assert.equal(receiver.received.length, 0, "leased: not retried while the lease holds");
    clock += lease + 1_000;
    await drain(survivor);
    assert.deepEqual(receiver.received.map((r) => r.headers["webhook-id"]), [event.id]);
    const attempts = await webhookDb(db()).selectFrom("webhook_delivery_attempts").select(["attempt", "succeeded"]).where("delivery_id", "=", claimed!.id).execute();
    assert.deepEqual(attempts, [{ attempt: 2, succeeded: 1 }]);
  });

  it("drops a claimed delivery quietly when its consumer is deleted meanwhile", async () => {
    clock = Date.now();
    receiver.received.length = 0;
    const client = await createClient(db(), { name: "Deleted", now: new Date() });
    const { consumer } = await createConsumer(db(), client.id, consumerInput(`${receiver.url}/deleted`), new Date(), seal);
    await emit(db(), client.id, "88888888-8888-4888-8888-888888888888", "company.created");
    await fanOutEvents(db(), new Date(clock), 100);
    const [claimed] = await claimDueDeliveries(db(), new Date(clock), 30_000, 10);
    assert.ok(claimed);
    assert.equal(await deleteConsumer(db(), client.id, consumer.id), true);
    const outcome = { ok: true, statusCode: 204, error: null, durationMs: 1 };
    await recordAndFollowUp(db(), [{ delivery: claimed, outcome, attemptedAt: new Date(clock), finishedAt: new Date(clock) }], [], new Date(clock), 30_000);
    const left = await webhookDb(db()).selectFrom("webhook_deliveries").select("id").where("consumer_id", "=", consumer.id).execute();
    assert.deepEqual(left, []);
  });

  it("a receiver that hangs until the timeout does not hold up other consumers", async () => {
    receiver.received.length = 0;
    const client = await createClient(db(), { name: "Hang", now: new Date() });
    const hanging = http.createServer(() => undefined); // accepts, never answers
    await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
    const hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/`;
    await createConsumer(db(), client.id, consumerInput(hangingUrl), new Date(), seal);
    await createConsumer(db(), client.id, consumerInput(`${receiver.url}/prompt`), new Date(), seal);
    const dispatcher = dispatcherFor(db(), { now: undefined, timeoutMs: 3000 });
    dispatcher.start();
    try {
      const started = Date.now();
      await emit(db(), client.id, "99999999-9999-4999-8999-999999999999", "company.created");
      dispatcher.wake();
      await receiver.waitForPath("/prompt", 10_000);
      // Another company's event, after the hung delivery has taken its slot, also goes out at once.
      await emit(db(), client.id, "99999999-9999-4999-8999-999999999998", "company.created");
      dispatcher.wake();
      await receiver.waitForSuccesses(2, 10_000);
      assert.ok(Date.now() - started < 2500, `took ${Date.now() - started} ms: blocked behind the hanging receiver`);
    } finally {
      await dispatcher.stop();
      hanging.closeAllConnections();
      hanging.close();
    }
  });

  it("a running dispatcher delivers one company's backlog in order, each event once, and a failure holds back only that company", async () => {
    clock = Date.now();
    receiver.received.length = 0;
    const client = await createClient(db(), { name: "Backlog", now: new Date() });
    await createConsumer(db(), client.id, consumerInput(`${receiver.url}/backlog`), new Date(), seal);
    const [a, b] = ["aaaaaaaa-0000-4000-8000-000000000001", "bbbbbbbb-0000-4000-8000-000000000002"];
    const backlog: Record<string, string[]> = { [a]: [], [b]: [] };
    for (let i = 0; i < 30; i++) {
      for (const company of [a, b]) backlog[company]!.push((await emit(db(), client.id, company, "connection.created")).id);
    }
    const blocker = backlog[a]![9]!;
    let failedOnce = false;
    receiver.respondWith = (request) => (request.headers["webhook-id"] === blocker && !failedOnce ? ((failedOnce = true), 503) : 204);
    // Started, not stepped: the next event of a chain is claimed as its predecessor completes.
    const dispatcher = dispatcherFor(db());
    dispatcher.start();
    try {
      await receiver.waitForSuccesses(30 + 9);
      await new Promise((resolve) => setTimeout(resolve, 200)); // anything out of order would arrive by now
      assert.deepEqual(companyRequests(receiver, a), [...backlog[a]!.slice(0, 9).map(ok), [blocker, 503]]);
      assert.deepEqual(companyRequests(receiver, b), backlog[b]!.map(ok));

      clock += 60_000; // the retry is due; nothing is in flight, so no lease runs out
      await receiver.waitForSuccesses(60);
      await new Promise((resolve) => setTimeout(resolve, 200)); // any duplicate would arrive by now
      assert.deepEqual(companyRequests(receiver, a), [...backlog[a]!.slice(0, 9).map(ok), [blocker, 503], ...backlog[a]!.slice(9).map(ok)]);
      assert.equal(receiver.received.length, 61);
    } finally {
      await dispatcher.stop();
      receiver.respondWith = 204;
    }
  });

  // Several nodes share a PostgreSQL database; a SQLite file belongs to one node.
  if (dialect === "postgres") it("several nodes deliver every event exactly once, and the rest carry on when one stops", async () => {
    clock = Date.now();
    receiver.received.length = 0;
    const client = await createClient(db(), { name: "Nodes", now: new Date() });
    await createConsumer(db(), client.id, consumerInput(`${receiver.url}/nodes`), new Date(), seal);
    const nodes = [openDatabase(database!.databaseUrl).db, openDatabase(database!.databaseUrl).db];
    const dispatchers = nodes.map((handle) => dispatcherFor(handle, { now: undefined, maxInFlight: 8, timeoutMs: 10_000 }));
    dispatchers.forEach((d) => d.start());
    try {
      for (let i = 0; i < 100; i++) await emit(db(), client.id, `00000000-0000-4000-8000-${String(i % 20).padStart(12, "0")}`, "connection.created");
      await receiver.waitForSuccesses(100, 20_000);
      await dispatchers[0]!.stop();
      for (let i = 0; i < 10; i++) await emit(db(), client.id, "00000000-0000-4000-8000-000000000099", "connection.deleted");
      await receiver.waitForSuccesses(110, 20_000);
      await new Promise((resolve) => setTimeout(resolve, 200)); // any duplicate would arrive by now
      const ids = receiver.received.map((r) => r.headers["webhook-id"]);
      // Exactly once here because every attempt succeeds in time (the guarantee is at-least-once).
      assert.equal(new Set(ids).size, 110);
      assert.equal(ids.length, 110, "no event delivered twice");
    } finally {
      await Promise.all(dispatchers.map((d) => d.stop()));
      await Promise.all(nodes.map((handle) => handle.destroy()));
    }
  });

  if (dialect === "postgres") it("several nodes deliver one company's backlog in order, each event once", async () => {
    receiver.received.length = 0;
    const client = await createClient(db(), { name: "NodesBacklog", now: new Date() });
    await createConsumer(db(), client.id, consumerInput(`${receiver.url}/nodes-backlog`), new Date(), seal);
    const [busy, quiet] = ["cccccccc-0000-4000-8000-000000000003", "dddddddd-0000-4000-8000-000000000004"];
    const backlog: string[] = [];
    for (let i = 0; i < 80; i++) backlog.push((await emit(db(), client.id, busy, "connection.created")).id);
    for (let i = 0; i < 10; i++) await emit(db(), client.id, quiet, "connection.created");
    const nodes = [openDatabase(database!.databaseUrl).db, openDatabase(database!.databaseUrl).db, openDatabase(database!.databaseUrl).db];
    const dispatchers = nodes.map((handle) => dispatcherFor(handle, { now: undefined, maxInFlight: 4, timeoutMs: 10_000 }));
    dispatchers.forEach((d) => d.start());
    try {
      await receiver.waitForSuccesses(90, 20_000);
      await new Promise((resolve) => setTimeout(resolve, 200)); // any duplicate would arrive by now
      // Nodes take turns claiming the busy company's next event; none may overtake or repeat one.
      assert.deepEqual(companyRequests(receiver, busy), backlog.map(ok));
      assert.equal(receiver.received.length, 90, "no event delivered twice");
    } finally {
      await Promise.all(dispatchers.map((d) => d.stop()));
      await Promise.all(nodes.map((handle) => handle.destroy()));
    }
  });
});
