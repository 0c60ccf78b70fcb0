// Webhooks through the real HTTP API, on SQLite and PostgreSQL: the consumers endpoints, and
// end-to-end deliveries to real receivers on loopback, checked with the SDK's verifyWebhook.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { verifyWebhook } from "../../../sdk/src/webhooks/index.js";
import { webhookDb } from "../../src/webhooks/schema.js";
import { postgresOrSkip } from "../helpers/postgres.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { startReceiver, type Receiver } from "./helpers/receiver.js";

interface CreatedConsumer {
  id: string;
  url: string;
  eventTypes: string[];
  disabled: boolean;
  companyTags: string[] | null;
  companyId: string | null;
  secret: string;
}

async function api<T = unknown>(server: TestServer, method: string, path: string, body?: unknown, authorization = server.authHeader) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

async function createCompany(server: TestServer, tags: Record<string, string> = {}): Promise<string> {
  const { status, body } = await api<{ id: string }>(server, "POST", "/companies", { name: "Acme", tags });
  assert.equal(status, 200);
  return body.id;
}

for (const dialect of ["sqlite", "postgres"] as const) {
  describe(`webhooks API on ${dialect}`, () => {
    let server: TestServer;
    let receiver: Receiver;
    let available = true;

    before(async (t) => {
      if (dialect === "postgres") available = await postgresOrSkip(t as never);
      if (!available) return;
      server = await startTestServer({ dialect, env: { WEBHOOK_ALLOW_PRIVATE_URLS: "true", WEBHOOK_POLL_INTERVAL_MS: "50" } });
      receiver = await startReceiver();
    });
    after(async () => {
      await receiver?.close();
      await server?.close();
    });

    const consumer = async (path: string, extra: object = {}, srv = server, authorization = srv.authHeader) => {
      const { status, body } = await api<CreatedConsumer>(srv, "POST", "/webhooks", { url: `${receiver.url}/${path}`, ...extra }, authorization);
      assert.equal(status, 201, JSON.stringify(body));
      return body;
    };

    it("creates, lists and deletes consumers per client; the secret is returned once", async (t) => {
      if (!available) return t.skip("PostgreSQL unavailable");
      const companyId = await createCompany(server);
      const created = await consumer("crud", { eventTypes: ["company.created"], companyTags: ["region:uk"], companyId });
      assert.match(created.secret, /^whsec_/);
      assert.deepEqual(
        { ...created, id: undefined, secret: undefined },
        { id: undefined, secret: undefined, url: `${receiver.url}/crud`, eventTypes: ["company.created"], disabled: false, companyTags: ["region:uk"], companyId },
      );

      const listed = await api<{ results: Array<Record<string, unknown>> }>(server, "GET", "/webhooks");
      assert.equal(listed.status, 200);
      const mine = listed.body.results.find((c) => c.id === created.id);
      assert.ok(mine);
      assert.equal("secret" in mine, false, "the secret is never listed");

      const other = await server.createClient("Other");
      const theirs = await api<{ results: unknown[] }>(server, "GET", "/webhooks", undefined, other.authHeader);
      assert.deepEqual(theirs.body.results, []);
      assert.equal((await api(server, "DELETE", `/webhooks/${created.id}`, undefined, other.authHeader)).status, 404);

      assert.equal((await api(server, "DELETE", `/webhooks/${created.id}`)).status, 204);
      assert.equal((await api(server, "DELETE", `/webhooks/${created.id}`)).status, 404);
      assert.equal((await api(server, "DELETE", "/webhooks/not-a-uuid")).status, 404);
      assert.equal((await api(server, "GET", "/webhooks", undefined, "Basic bm9wZQ==")).status, 401);
    });

    it("answers invalid consumers with a 400 ErrorMessage", async (t) => {
      if (!available) return t.skip("PostgreSQL unavailable");
      const cases: Array<[object, string]> = [
        [{}, "body.url"],
        [{ url: "not a url" }, "body.url"],
        [{ url: "ftp://example.com/x" }, "body.url"],
        [{ url: `${receiver.url}/x`, eventTypes: [""] }, "body.eventTypes.0"],
        [{ url: `${receiver.url}/x`, disabled: "maybe" }, "body.disabled"],
        [{ url: `${receiver.url}/x`, companyTags: ["no-colon"] }, "body.companyTags.0"],
        [{ url: `${receiver.url}/x`, companyTags: Array.from({ length: 11 }, (_, i) => `k:${i}`) }, "body.companyTags"],
        [{ url: `${receiver.url}/x`, companyId: "not-a-uuid" }, "body.companyId"],
        [{ url: `${receiver.url}/x`, companyId: "00000000-0000-4000-8000-000000000000" }, "body.companyId"],
      ];
      for (const [body, itemId] of cases) {
        const { status, body: error } = await api<{ statusCode: number; service: string; validation: { errors: Array<{ itemId: string }> } }>(server, "POST", "/webhooks", body);
        assert.equal(status, 400, JSON.stringify(body));
        assert.equal(error.statusCode, 400);
        assert.equal(error.service, "PublicApi");
        assert.ok(error.validation.errors.some((e) => e.itemId === itemId), `${JSON.stringify(body)} → ${JSON.stringify(error.validation)}`);
      }
    });

    it("allows 50 consumers per client and refuses the 51st", async (t) => {
      if (!available) return t.skip("PostgreSQL unavailable");
      const client = await server.createClient("Many");
      await Promise.all(Array.from({ length: 50 }, (_, i) => consumer(`many-${i}`, { disabled: true }, server, client.authHeader)));
      const refused = await api<{ error: string }>(server, "POST", "/webhooks", { url: `${receiver.url}/51` }, client.authHeader);
      assert.equal(refused.status, 400);
      assert.match(refused.body.error, /at most 50/);
      const listed = await api<{ results: unknown[] }>(server, "GET", "/webhooks", undefined, client.authHeader);
      assert.equal(listed.body.results.length, 50);
    });

    it("disconnecting through the UI's bearer-token API delivers a verified connection.disconnected", async (t) => {
      if (!available) return t.skip("PostgreSQL unavailable");
      const client = await server.createClient("Disconnect");
      const companyId = await createCompany({ ...server, ...client });
      const { secret } = await consumer("disconnect", { eventTypes: ["connection.disconnected"] }, server, client.authHeader);
      const connection = await api<{ id: string }>(server, "POST", `/companies/${companyId}/connections`, { platformKey: "gbol" }, client.authHeader);
      assert.equal(connection.status, 200);
      const token = await api<{ accessToken: string }>(server, "GET", `/companies/${companyId}/connectionManagement/accessToken`, undefined, client.authHeader);
      assert.equal(token.status, 200);

      const unlinked = await api(server, "PATCH", `/companies/${companyId}/connections/${connection.body.id}`, { status: "Unlinked" }, `Bearer ${token.body.accessToken}`);
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

    it("sends nothing to disabled or non-matching consumers, nor to another client's", async (t) => {
      if (!available) return t.skip("PostgreSQL unavailable");
      const client = await server.createClient("Filters");
      const stranger = await server.createClient("Stranger");
      const companyId = await createCompany({ ...server, ...client }, { region: "uk" });
      const control = await consumer("filters-control", { eventTypes: ["company.deleted"], companyTags: ["region:uk"] }, server, client.authHeader);
      const silent = [
        await consumer("filters-disabled", { disabled: true }, server, client.authHeader),
        await consumer("filters-type", { eventTypes: ["connection.deleted"] }, server, client.authHeader),
        await consumer("filters-tag", { companyTags: ["region:us"] }, server, client.authHeader),
        await consumer("filters-stranger", {}, server, stranger.authHeader),
      ];
      const before = receiver.received.length;
      assert.equal((await api(server, "DELETE", `/companies/${companyId}`, undefined, client.authHeader)).status, 204);

      const event = JSON.parse((await receiver.waitForPath("/filters-control")).body) as { id: string; eventType: string };
      assert.equal(event.eventType, "company.deleted");
      // Fan-out wrote deliveries for the matching consumer only.
      const deliveries = await webhookDb(server.db).selectFrom("webhook_deliveries").select("consumer_id").where("event_id", "=", event.id).execute();
      assert.deepEqual(deliveries.map((d) => d.consumer_id), [control.id]);
      assert.ok(silent.every((c) => !receiver.received.slice(before).some((r) => r.path === new URL(c.url).pathname)));
    });

    it("delivers after the receiver comes back from being down", async (t) => {
      if (!available) return t.skip("PostgreSQL unavailable");
      const flaky = await startReceiver();
      const port = new URL(flaky.url).port;
      const client = await server.createClient("Flaky");
      const { status, body } = await api<CreatedConsumer>(server, "POST", "/webhooks", { url: `${flaky.url}/flaky`, eventTypes: ["company.created"] }, client.authHeader);
      assert.equal(status, 201);
      await flaky.close(); // down: connections refused

      const companyId = await createCompany({ ...server, ...client });
      const deadline = Date.now() + 5_000;
      let attempts: Array<{ status_code: number | null; error: string | null }> = [];
      while (attempts.length === 0) {
        assert.ok(Date.now() < deadline, "no failed attempt recorded");
        await new Promise((resolve) => setTimeout(resolve, 20));
        attempts = await webhookDb(server.db)
          .selectFrom("webhook_delivery_attempts as a")
          .innerJoin("webhook_deliveries as d", "d.id", "a.delivery_id")
          .select(["a.status_code", "a.error"])
          .where("d.consumer_id", "=", body.id)
          .execute();
      }
      assert.equal(attempts[0]!.status_code, null);
      assert.match(attempts[0]!.error!, /ECONNREFUSED/);

      const back = await startReceiver(Number(port)); // up again on the same address
      t.after(() => back.close());
      const [delivery] = await back.waitForSuccesses(1, 15_000); // first retry: 5 s ± 20 %
      const event = await verifyWebhook<{ id: string }>(delivery!.body, delivery!.headers, body.secret);
      assert.deepEqual([event.eventType, event.payload.id], ["company.created", companyId]);
    });
  });
}
