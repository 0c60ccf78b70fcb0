// Connections over raw HTTP: create from the catalogue, list, get, unlink, authorize (success
// and failure), delete, every error status, and the outbox events of each change.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { apiClient, type Api } from "@codat/test-kit/api";
import { forEachDialect } from "@codat/test-kit/dialects";
import { startTestServer, type TestServer } from "@codat/test-kit/server";

const MISSING = "2e9d2c44-f675-40ba-8049-353bfcb5e171";

forEachDialect("connections", (dialect) => {
  let server: TestServer;
  let api: Api;
  let companyId: string;

  before(async () => {
    server = await startTestServer({ dialect });
    api = apiClient(server);
    companyId = (await api("POST", "/companies", { body: { name: "Conn Co" } })).body.id;
  });
  after(() => server.close());

  const createConnection = async (platformKey: string) => {
    const res = await api("POST", "/companies/{companyId}/connections", { params: { companyId }, body: { platformKey } });
    assert.equal(res.status, 200, res.text);
    return res.body as { id: string; status: string; linkUrl: string; sourceType: string; platformName: string };
  };
  const eventsOf = async (connectionId: string) => {
    const rows = await server.db.selectFrom("webhook_events").select(["event_type", "payload"]).where("company_id", "=", companyId).orderBy("sequence").execute();
    return rows
      .map((r) => ({ type: r.event_type, body: JSON.parse(r.payload) as { payload: { connection: { id: string; status: string }; referenceCompany: { id: string } } } }))
      .filter((e) => e.body.payload.connection?.id === connectionId);
  };

  it("creates a pending connection from the catalogue and shows it in the company", async () => {
    const created = await createConnection("gbol");
    assert.equal(created.status, "PendingAuth");
    assert.equal(created.sourceType, "Accounting");
    assert.equal(created.platformName, "Xero");
    assert.equal(created.linkUrl, `${server.url}/companies/${companyId}/connections/${created.id}/start`);
    const company = await api("GET", "/companies/{companyId}", { params: { companyId } });
    assert.ok(company.body.dataConnections.some((c: { id: string }) => c.id === created.id));
    const got = await api("GET", "/companies/{companyId}/connections/{connectionId}", { params: { companyId, connectionId: created.id } });
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, created);
    const events = await eventsOf(created.id);
    assert.deepEqual(events.map((e) => e.type), ["connection.created"]);
    assert.equal(events[0]?.body.payload.referenceCompany.id, companyId);
  });

  it("links on a complete authorization, records a failure on an incomplete one", async () => {
    const { id } = await createConnection("mqjo");
    const params = { companyId, connectionId: id };
    const failed = await api("PUT", "/companies/{companyId}/connections/{connectionId}/authorization", { params, body: { username: "demo" } });
    assert.equal(failed.status, 200);
    assert.equal(failed.body.status, "PendingAuth");
    assert.match(failed.body.dataConnectionErrors[0].errorMessage, /needs password/);
    const linked = await api("PUT", "/companies/{companyId}/connections/{connectionId}/authorization", {
      params,
      body: { username: "demo", password: "secret" },
    });
    assert.equal(linked.status, 200);
    assert.equal(linked.body.status, "Linked");
    assert.deepEqual(
      linked.body.dataConnectionErrors.map((e: { status: string; resolvedOnUtc?: string }) => [e.status, typeof e.resolvedOnUtc]),
      [["Resolved", "string"]],
      "linking resolves the active errors",
    );
    assert.ok(!JSON.stringify(await server.db.selectFrom("connections").selectAll().execute()).includes("secret"), "credentials are not stored");

    const unlinked = await api("PATCH", "/companies/{companyId}/connections/{connectionId}", { params, body: { status: "Unlinked" } });
    assert.equal(unlinked.status, 200);
    assert.equal(unlinked.body.status, "Unlinked");
    const again = await api("PATCH", "/companies/{companyId}/connections/{connectionId}", { params, body: { status: "Unlinked" } });
    assert.equal(again.status, 200, "unlinking twice is harmless");
    const relinked = await api("PUT", "/companies/{companyId}/connections/{connectionId}/authorization", {
      params,
      body: { username: "demo", password: "secret" },
    });
    assert.equal(relinked.body.status, "Linked");
    const types = (await eventsOf(id)).map((e) => e.type);
    assert.deepEqual(types, ["connection.created", "connection.failed", "connection.connected", "connection.disconnected", "connection.reconnected"]);
  });

  it("refuses statuses other than Unlinked on PATCH", async () => {
    const { id } = await createConnection("qudb");
    for (const status of ["Linked", "Deauthorized", "Bogus"]) {
      const res = await api("PATCH", "/companies/{companyId}/connections/{connectionId}", { params: { companyId, connectionId: id }, body: { status } });
      assert.equal(res.status, 400, status);
      assert.equal(res.body.validation.errors[0].itemId, "body.status");
    }
  });

  it("deletes a connection and answers 404 afterwards", async () => {
    const { id } = await createConnection("akxx");
    const params = { companyId, connectionId: id };
    const deleted = await api("DELETE", "/companies/{companyId}/connections/{connectionId}", { params });
    assert.equal(deleted.status, 200);
    assert.equal((await api("GET", "/companies/{companyId}/connections/{connectionId}", { params })).status, 404);
    assert.equal((await api("DELETE", "/companies/{companyId}/connections/{connectionId}", { params })).status, 404);
    assert.deepEqual((await eventsOf(id)).map((e) => e.type), ["connection.created", "connection.deleted"]);
  });

  it("lists with paging and the query language", async () => {
    const res = await api("GET", "/companies/{companyId}/connections", { params: { companyId }, query: { query: "sourceType=Accounting", pageSize: 1 } });
    assert.equal(res.status, 200);
    assert.equal(res.body.pageSize, 1);
    assert.ok(res.body.totalResults >= 2);
    assert.equal(res.body.results.length, 1);
    assert.ok(res.body._links.next.href.startsWith(`/companies/${companyId}/connections?page=2`));
    assert.equal((await api("GET", "/companies/{companyId}/connections", { params: { companyId }, query: { query: "password=x" } })).status, 400);
  });

  it("answers 404 for unknown companies, connections and platform keys, 400 for a malformed key", async () => {
    const params = { companyId, connectionId: MISSING };
    assert.equal((await api("GET", "/companies/{companyId}/connections", { params: { companyId: MISSING } })).status, 404);
    assert.equal((await api("GET", "/companies/{companyId}/connections/{connectionId}", { params })).status, 404);
    assert.equal((await api("PATCH", "/companies/{companyId}/connections/{connectionId}", { params, body: { status: "Unlinked" } })).status, 404);
    assert.equal((await api("PUT", "/companies/{companyId}/connections/{connectionId}/authorization", { params, body: {} })).status, 404);
    assert.equal((await api("DELETE", "/companies/{companyId}/connections/{connectionId}", { params })).status, 404);
    const unknownKey = await api("POST", "/companies/{companyId}/connections", { params: { companyId }, body: { platformKey: "zzzz" } });
    assert.equal(unknownKey.status, 404);
    const badKey = await api("POST", "/companies/{companyId}/connections", { params: { companyId }, body: { platformKey: "TOOLONG" }, contract: false });
    assert.equal(badKey.status, 400);
    assert.equal(badKey.body.validation.errors[0].itemId, "body.platformKey");
  });

  it("keeps another client's connections out of reach", async () => {
    const { id } = await createConnection("hrxh");
    const other = await server.createClient("Intruder");
    const otherApi = apiClient({ url: server.url, authHeader: other.authHeader });
    const params = { companyId, connectionId: id };
    assert.equal((await otherApi("GET", "/companies/{companyId}/connections/{connectionId}", { params })).status, 404);
    assert.equal((await otherApi("PATCH", "/companies/{companyId}/connections/{connectionId}", { params, body: { status: "Unlinked" } })).status, 404);
    assert.equal((await otherApi("DELETE", "/companies/{companyId}/connections/{connectionId}", { params })).status, 404);
    assert.equal((await api("GET", "/companies/{companyId}/connections/{connectionId}", { params })).body.status, "PendingAuth");
  });
});
