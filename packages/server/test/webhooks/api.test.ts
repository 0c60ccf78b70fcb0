// Webhooks through the real HTTP API, on SQLite and PostgreSQL: the consumers endpoints
// (responses checked against the contract), and end-to-end deliveries to real receivers on
// loopback, checked with the SDK's verifyWebhook.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { verifyWebhook } from "../../../sdk/src/webhooks/index.js";
import { webhookDb } from "../../src/webhooks/schema.js";
import { apiClient, type Api } from "@codat/test-kit/api";
import { forEachDialect } from "@codat/test-kit/dialects";
import { startReceiver, type Receiver } from "@codat/test-kit/receiver";
import { startTestServer, type TestServer } from "@codat/test-kit/server";

interface CreatedConsumer {
  id: string;
  url: string;
  eventTypes: string[];
  disabled: boolean;
  companyTags: string[] | null;
  companyId: string | null;
  secret: string;
}

async function createCompany(api: Api, auth: string, tags: Record<string, string> = {}): Promise<string> {
  const { status, body } = await api("POST", "/companies", { body: { name: "Acme", tags }, auth });
  assert.equal(status, 200);
  return body.id as string;
}

forEachDialect("webhooks API", (dialect) => {
  let server: TestServer;
  let api: Api;
  let receiver: Receiver;

  before(async () => {
    server = await startTestServer({ dialect, env: { WEBHOOK_ALLOW_PRIVATE_URLS: "true", WEBHOOK_POLL_INTERVAL_MS: "50" } });
    api = apiClient(server);
    receiver = await startReceiver();
  });
  after(async () => {
    await receiver?.close();
    await server?.close();
  });

  const consumer = async (path: string, extra: object = {}, auth = server.authHeader): Promise<CreatedConsumer> => {
    const { status, body } = await api("POST", "/webhooks", { body: { url: `${receiver.url}/${path}`, ...extra }, auth });
    assert.equal(status, 201, JSON.stringify(body));
    return body as CreatedConsumer;
  };

  it("creates, lists and deletes consumers per client; the secret is returned once", async () => {
    const companyId = await createCompany(api, server.authHeader);
    const created = await consumer("crud", { eventTypes: ["company.created"], companyTags: ["region:uk"], companyId });
    assert.match(created.secret, /^whsec_/);
    assert.deepEqual(
      { ...created, id: undefined, secret: undefined },
      { id: undefined, secret: undefined, url: `${receiver.url}/crud`, eventTypes: ["company.created"], disabled: false, companyTags: ["region:uk"], companyId },
    );

    const listed = await api("GET", "/webhooks");
    assert.equal(listed.status, 200);
    const mine = (listed.body.results as Array<Record<string, unknown>>).find((c) => c.id === created.id);
    assert.ok(mine);
    assert.equal("secret" in mine, false, "the secret is never listed");

    const other = await server.createClient("Other");
    assert.deepEqual((await api("GET", "/webhooks", { auth: other.authHeader })).body.results, []);
    const path = "/webhooks/{webhookId}";
    assert.equal((await api("DELETE", path, { params: { webhookId: created.id }, auth: other.authHeader })).status, 404);
    assert.equal((await api("DELETE", path, { params: { webhookId: created.id } })).status, 204);
    assert.equal((await api("DELETE", path, { params: { webhookId: created.id } })).status, 404);
    assert.equal((await api("DELETE", path, { params: { webhookId: "not-a-uuid" } })).status, 404);
    assert.equal((await api("GET", "/webhooks", { auth: "Basic bm9wZQ==" })).status, 401);
  });

  it("answers invalid consumers with a 400 ErrorMessage naming the field", async () => {
    const url = `${receiver.url}/x`;
    const cases: Array<[object, string]> = [
      [{}, "body.url"],
      [{ url: "not a url" }, "body.url"],
      [{ url: "ftp://example.com/x" }, "body.url"],
      [{ url, eventTypes: [""] }, "body.eventTypes.0"],
      [{ url, disabled: "maybe" }, "body.disabled"],
      [{ url, companyTags: ["no-colon"] }, "body.companyTags.0"],
      [{ url, companyTags: Array.from({ length: 11 }, (_, i) => `k:${i}`) }, "body.companyTags"],
      [{ url, companyId: "not-a-uuid" }, "body.companyId"],
      [{ url, companyId: "00000000-0000-4000-8000-000000000000" }, "body.companyId"],
    ];
    for (const [body, itemId] of cases) {
      const { status, body: error } = await api("POST", "/webhooks", { body });
      assert.equal(status, 400, JSON.stringify(body));
      const items = (error.validation?.errors ?? []) as Array<{ itemId: string }>;
      assert.ok(items.some((e) => e.itemId === itemId), `${JSON.stringify(body)} → ${JSON.stringify(error.validation)}`);
    }
  });

  it("allows 50 consumers per client and refuses the 51st", async () => {
    const client = await server.createClient("Many");
    await Promise.all(Array.from({ length: 50 }, (_, i) => consumer(`many-${i}`, { disabled: true }, client.authHeader)));
    const refused = await api("POST", "/webhooks", { body: { url: `${receiver.url}/51` }, auth: client.authHeader });
    assert.equal(refused.status, 400);
    assert.match(refused.body.error as string, /at most 50/);
    assert.equal((await api("GET", "/webhooks", { auth: client.authHeader })).body.results.length, 50);
  });

  it("disconnecting through the UI's bearer-token API delivers a verified connection.disconnected", async () => {
    const client = await server.createClient("Disconnect");
    const companyId = await createCompany(api, client.authHeader);
    const { secret } = await consumer("disconnect", { eventTypes: ["connection.disconnected"] }, client.authHeader);
    const params = { companyId };
    const connection = await api("POST", "/companies/{companyId}/connections", { params, body: { platformKey: "gbol" }, auth: client.authHeader });
    assert.equal(connection.status, 200);
    const token = await api("GET", "/companies/{companyId}/connectionManagement/accessToken", { params, auth: client.authHeader });
    assert.equal(token.status, 200);

    const unlinked = await api("PATCH", "/companies/{companyId}/connections/{connectionId}", {
      params: { companyId, connectionId: connection.body.id },
      body: { status: "Unlinked" },
      auth: `Bearer ${token.body.accessToken}`,
    });
    assert.equal(unlinked.status, 200);

    const request = await receiver.waitForPath("/disconnect");
    const event = await verifyWebhook<{ referenceCompany: { id: string }; connection: { id: string; status: string } }>(request.body, request.headers, secret);
    assert.equal(event.eventType, "connection.disconnected");
    assert.equal(event.payload.connection.id, connection.body.id);
    assert.equal(event.payload.connection.status, "Unlinked");
    assert.equal(event.payload.referenceCompany.id, companyId);
    assert.equal(event.id, request.headers["webhook-id"]);
    assert.ok(!Number.isNaN(Date.parse(event.generatedDate)));
  });

  it("sends nothing to disabled or non-matching consumers, nor to another client's", async () => {
    const client = await server.createClient("Filters");
    const stranger = await server.createClient("Stranger");
    const companyId = await createCompany(api, client.authHeader, { region: "uk" });
    const control = await consumer("filters-control", { eventTypes: ["company.deleted"], companyTags: ["region:uk"] }, client.authHeader);
    const silent = [
      await consumer("filters-disabled", { disabled: true }, client.authHeader),
      await consumer("filters-type", { eventTypes: ["connection.deleted"] }, client.authHeader),
      await consumer("filters-tag", { companyTags: ["region:us"] }, client.authHeader),
      await consumer("filters-stranger", {}, stranger.authHeader),
    ];
    const before = receiver.received.length;
    assert.equal((await api("DELETE", "/companies/{companyId}", { params: { companyId }, auth: client.authHeader })).status, 204);

    const event = JSON.parse((await receiver.waitForPath("/filters-control")).body) as { id: string; eventType: string };
    assert.equal(event.eventType, "company.deleted");
    // Fan-out wrote deliveries for the matching consumer only.
    const deliveries = await webhookDb(server.db).selectFrom("webhook_deliveries").select("consumer_id").where("event_id", "=", event.id).execute();
    assert.deepEqual(deliveries.map((d) => d.consumer_id), [control.id]);
    assert.ok(silent.every((c) => !receiver.received.slice(before).some((r) => r.path === new URL(c.url).pathname)));
  });

  it("delivers after the receiver comes back from being down", async (t) => {
    const flaky = await startReceiver();
    const port = Number(new URL(flaky.url).port);
    const client = await server.createClient("Flaky");
    const created = await api("POST", "/webhooks", { body: { url: `${flaky.url}/flaky`, eventTypes: ["company.created"] }, auth: client.authHeader });
    assert.equal(created.status, 201);
    const { id: consumerId, secret } = created.body as CreatedConsumer;
    await flaky.close(); // down: connections refused

    const companyId = await createCompany(api, client.authHeader);
    const deadline = Date.now() + 5_000;
    let attempts: Array<{ status_code: number | null; error: string | null }> = [];
    while (attempts.length === 0) {
      assert.ok(Date.now() < deadline, "no failed attempt recorded");
      await new Promise((resolve) => setTimeout(resolve, 20));
      attempts = await webhookDb(server.db)
        .selectFrom("webhook_delivery_attempts as a")
        .innerJoin("webhook_deliveries as d", "d.id", "a.delivery_id")
        .select(["a.status_code", "a.error"])
        .where("d.consumer_id", "=", consumerId)
        .execute();
    }
    assert.equal(attempts[0]!.status_code, null);
    assert.match(attempts[0]!.error!, /ECONNREFUSED/);

    const back = await startReceiver(port); // up again on the same address
    t.after(() => back.close());
    const [delivery] = await back.waitForSuccesses(1, 15_000); // first retry: 5 s ± 20 %
    const event = await verifyWebhook<{ id: string }>(delivery!.body, delivery!.headers, secret);
    assert.deepEqual([event.eventType, event.payload.id], ["company.created", companyId]);
  });
});
