// The server on PostgreSQL, as it scales out: the same flows as on SQLite, and two nodes on
// one database converging within the cache TTL (≤ 1 s) on key revocation, company deletion and
// signing-key rotation.
import assert from "node:assert/strict";
import { after, before, describe, it, type TestContext } from "node:test";
import { decodeProtectedHeader } from "jose";
import { apiClient, type Api } from "@codat/test-kit/api";
import { basicAuth } from "@codat/test-kit/auth";
import { postgresOrSkip } from "@codat/test-kit/postgres";
import { startTestServer, type TestServer } from "@codat/test-kit/server";

/** Polls `check` until it is true; returns the milliseconds it took, fails after `limitMs`. */
async function within(limitMs: number, check: () => Promise<boolean>): Promise<number> {
  const start = performance.now();
  while (!(await check())) {
    if (performance.now() - start > limitMs) assert.fail(`not converged within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return performance.now() - start;
}

describe("on PostgreSQL, two nodes", () => {
  let server: TestServer | undefined;
  let nodeA: Api;
  let nodeB: Api;
  let available = false;

  before(async (t) => {
    available = await postgresOrSkip(t as unknown as TestContext);
    if (!available) return;
    server = await startTestServer({ dialect: "postgres" });
    const peer = await server.startPeer();
    nodeA = apiClient(server);
    nodeB = apiClient({ url: peer.url, authHeader: server.authHeader });
  });
  after(() => server?.close());

  it("serves companies, connections and tokens with outbox rows", async (t) => {
    if (!available) return t.skip("PostgreSQL unavailable");
    const company = (await nodeA("POST", "/companies", { body: { name: "PG Ltd" } })).body;
    assert.equal((await nodeB("GET", "/companies/{companyId}", { params: { companyId: company.id } })).body.name, "PG Ltd");
    const connection = (await nodeB("POST", "/companies/{companyId}/connections", { params: { companyId: company.id }, body: { platformKey: "mqjo" } })).body;
    const linked = await nodeA("PUT", "/companies/{companyId}/connections/{connectionId}/authorization", {
      params: { companyId: company.id, connectionId: connection.id },
      body: { username: "demo", password: "demo" },
    });
    assert.equal(linked.body.status, "Linked");
    const token = (await nodeA("GET", "/companies/{companyId}/connectionManagement/accessToken", { params: { companyId: company.id } })).body.accessToken;
    const viaB = await nodeB("GET", "/companies/{companyId}/connections", { params: { companyId: company.id }, auth: `Bearer ${token}` });
    assert.equal(viaB.status, 200, "a token from node A works on node B");
    const listed = await nodeA("GET", "/companies", { query: { query: "name~pg" } });
    assert.equal(listed.body.totalResults, 1);
    const events = await server!.db.selectFrom("webhook_events").select(["event_type", "sequence"]).orderBy("sequence").execute();
    assert.deepEqual(events.map((e) => e.event_type), ["company.created", "connection.created", "connection.connected"]);
    assert.ok(events.every((e, i) => i === 0 || e.sequence > (events[i - 1]?.sequence ?? 0)));
  });

  it("revokes a key on every node within a second", async (t) => {
    if (!available) return t.skip("PostgreSQL unavailable");
    const created = (await nodeA("POST", "/apiKeys", { body: { name: "short-lived" } })).body;
    const auth = basicAuth(created.apiKey);
    assert.equal((await nodeB("GET", "/companies", { auth })).status, 200, "node B has now cached the key");
    assert.equal((await nodeA("DELETE", "/apiKeys/{apiKeyId}", { params: { apiKeyId: created.id } })).status, 204);
    assert.equal((await nodeA("GET", "/companies", { auth })).status, 401, "at once on the node that revoked it");
    const took = await within(1500, async () => (await nodeB("GET", "/companies", { auth })).status === 401);
    assert.ok(took <= 1200, `node B took ${took} ms`);
  });

  it("stops a deleted company's tokens on every node within a second", async (t) => {
    if (!available) return t.skip("PostgreSQL unavailable");
    const company = (await nodeA("POST", "/companies", { body: { name: "Short Ltd" } })).body;
    const token = (await nodeA("GET", "/companies/{companyId}/accessToken", { params: { companyId: company.id } })).body.accessToken;
    const call = () => nodeB("GET", "/integrations", { auth: `Bearer ${token}` });
    assert.equal((await call()).status, 200);
    assert.equal((await nodeA("DELETE", "/companies/{companyId}", { params: { companyId: company.id } })).status, 204);
    await within(1500, async () => (await call()).status === 401);
  });

  it("switches every node to a rotated key within a second and keeps old tokens valid", async (t) => {
    if (!available) return t.skip("PostgreSQL unavailable");
    const company = (await nodeA("POST", "/companies", { body: { name: "Rotate Ltd" } })).body;
    const params = { companyId: company.id };
    const tokenFrom = async (api: Api) => (await api("GET", "/companies/{companyId}/connectionManagement/accessToken", { params })).body.accessToken as string;
    const before = await tokenFrom(nodeB);
    const { kid } = await server!.app.context.keyRing.rotate();
    const fresh = await tokenFrom(nodeA);
    assert.equal(decodeProtectedHeader(fresh).kid, kid);
    assert.equal((await nodeB("GET", "/companies/{companyId}/connections", { params, auth: `Bearer ${fresh}` })).status, 200, "node B verifies the new key at once");
    await within(1500, async () => decodeProtectedHeader(await tokenFrom(nodeB)).kid === kid);
    assert.equal((await nodeB("GET", "/companies/{companyId}/connections", { params, auth: `Bearer ${before}` })).status, 200, "old tokens still verify");
  });
});
