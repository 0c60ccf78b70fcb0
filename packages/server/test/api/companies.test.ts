// Companies over raw HTTP: every success and error status, paging and the query language,
// the company limit, tenant isolation, and the outbox rows written with each change.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { apiClient, type Api } from "@codat/test-kit/api";
import { basicAuth } from "@codat/test-kit/auth";
import { forEachDialect } from "@codat/test-kit/dialects";
import { startTestServer, type TestServer } from "@codat/test-kit/server";

const MISSING = "8a210b68-6988-41ed-a1eb-0242ac120002";

forEachDialect("companies", (dialect) => {
  let server: TestServer;
  let api: Api;

  before(async () => {
    server = await startTestServer({ dialect, env: { MAX_COMPANIES_PER_CLIENT: "6" } });
    api = apiClient(server);
  });
  after(() => server.close());

  const create = async (name: string, extra: object = {}) => {
    const res = await api("POST", "/companies", { body: { name, ...extra } });
    assert.equal(res.status, 200, res.text);
    return res.body as { id: string; name: string };
  };

  it("creates, reads, replaces, updates and deletes a company", async () => {
    const created = await create("Technicalium", { description: "Web design", tags: { region: "uk" } });
    assert.match(created.id, /^[0-9a-f-]{36}$/);
    const got = await api("GET", "/companies/{companyId}", { params: { companyId: created.id } });
    assert.equal(got.status, 200);
    assert.equal(got.body.name, "Technicalium");
    assert.equal(got.body.description, "Web design");
    assert.deepEqual(got.body.tags, { region: "uk" });
    assert.deepEqual(got.body.dataConnections, []);
    assert.match(got.body.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    const replaced = await api("PUT", "/companies/{companyId}", { params: { companyId: created.id }, body: { name: "New Name" } });
    assert.equal(replaced.status, 200);
    assert.equal(replaced.body.name, "New Name");
    assert.equal(replaced.body.description, "", "PUT replaces: omitted fields are cleared");
    assert.deepEqual(replaced.body.tags, {});

    const patched = await api("PATCH", "/companies/{companyId}", { params: { companyId: created.id }, body: { tags: { team: "x" } } });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.name, "New Name", "PATCH keeps fields it was not sent");
    assert.deepEqual(patched.body.tags, { team: "x" });

    const deleted = await api("DELETE", "/companies/{companyId}", { params: { companyId: created.id } });
    assert.equal(deleted.status, 204);
    assert.equal(deleted.text, "");
    assert.equal((await api("GET", "/companies/{companyId}", { params: { companyId: created.id } })).status, 404);
    assert.equal((await api("DELETE", "/companies/{companyId}", { params: { companyId: created.id } })).status, 404);

    const events = await server.db
      .selectFrom("webhook_events")
      .select(["event_type", "company_id", "payload"])
      .where("company_id", "=", created.id)
      .orderBy("sequence")
      .execute();
    assert.deepEqual(events.map((e) => e.event_type), ["company.created", "company.deleted"]);
    const body = JSON.parse(events[0]?.payload ?? "{}") as { id: string; eventType: string; generatedDate: string; payload: { id: string; name: string } };
    assert.equal(body.eventType, "company.created");
    assert.equal(body.payload.id, created.id);
    assert.equal(body.payload.name, "Technicalium");
    assert.match(body.id, /^[0-9a-f-]{36}$/);
  });

  it("answers 404 for unknown and malformed company ids", async () => {
    for (const companyId of [MISSING, "not-a-uuid"]) {
      for (const method of ["GET", "PUT", "PATCH", "DELETE"]) {
        const res = await api(method, "/companies/{companyId}", {
          params: { companyId },
          ...(method === "PUT" || method === "PATCH" ? { body: { name: "x" } } : {}),
        });
        assert.equal(res.status, 404, `${method} ${companyId}`);
        assert.equal(res.body.statusCode, 404);
      }
    }
  });

  it("validates bodies and names every bad field", async () => {
    const res = await api("POST", "/companies", { body: { name: "", tags: { k: 5 } } });
    assert.equal(res.status, 400);
    const fields = [...new Set((res.body.validation.errors as Array<{ itemId: string }>).map((e) => e.itemId))].sort();
    assert.deepEqual(fields, ["body.name", "body.tags.k"]);
    const missing = await api("POST", "/companies", { body: {} });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.validation.errors[0].itemId, "body.name");
    const noBody = await api("POST", "/companies", {});
    assert.equal(noBody.status, 400);
    const badName = await api("POST", "/companies", { body: { name: "<script>" } });
    assert.equal(badName.status, 400);
    assert.equal(badName.body.validation.errors[0].validatorName, "pattern");
  });

  it("pages, filters and orders the list", async () => {
    const other = await server.createClient("Lister");
    const listApi = apiClient({ url: server.url, authHeader: other.authHeader });
    for (const name of ["Alpha", "Beta", "Gamma"]) {
      assert.equal((await listApi("POST", "/companies", { body: { name } })).status, 200);
    }
    const page = await listApi("GET", "/companies", { query: { page: 2, pageSize: 2 } });
    assert.equal(page.status, 200);
    assert.equal(page.body.totalResults, 3);
    assert.equal(page.body.pageNumber, 2);
    assert.deepEqual(page.body.results.map((c: { name: string }) => c.name), ["Gamma"]);
    assert.equal(page.body._links.self.href, "/companies");
    assert.equal(page.body._links.current.href, "/companies?page=2&pageSize=2");
    assert.equal(page.body._links.previous.href, "/companies?page=1&pageSize=2");
    assert.equal(page.body._links.next, undefined);

    const filtered = await listApi("GET", "/companies", { query: { query: "name~a && name!=Alpha", orderBy: "-name" } });
    assert.deepEqual(filtered.body.results.map((c: { name: string }) => c.name), ["Gamma", "Beta"]);

    const badQueries: Array<Record<string, string | number>> = [
      { page: 0 },
      { pageSize: 5001 },
      { page: "x" },
      { query: "secret=1" },
      { query: "nonsense" },
      { orderBy: "client_id" },
    ];
    for (const query of badQueries) {
      const res = await listApi("GET", "/companies", { query });
      assert.equal(res.status, 400, JSON.stringify(query));
      assert.ok(res.body.validation.errors.length > 0);
    }
  });

  it("keeps clients apart: another client's company is a 404 everywhere", async () => {
    const mine = await create("Mine");
    const other = await server.createClient("Other");
    const otherApi = apiClient({ url: server.url, authHeader: other.authHeader });
    const params = { companyId: mine.id };
    assert.equal((await otherApi("GET", "/companies/{companyId}", { params })).status, 404);
    assert.equal((await otherApi("PATCH", "/companies/{companyId}", { params, body: { name: "Stolen" } })).status, 404);
    assert.equal((await otherApi("DELETE", "/companies/{companyId}", { params })).status, 404);
    assert.equal((await otherApi("GET", "/companies/{companyId}/connections", { params })).status, 404);
    assert.equal((await otherApi("GET", "/companies/{companyId}/accessToken", { params })).status, 404);
    assert.equal((await otherApi("GET", "/companies/{companyId}/connectionManagement/accessToken", { params })).status, 404);
    const list = await otherApi("GET", "/companies", {});
    assert.ok(!list.body.results.some((c: { id: string }) => c.id === mine.id));
    assert.equal((await api("GET", "/companies/{companyId}", { params })).body.name, "Mine");
  });

  it("answers 402 past MAX_COMPANIES_PER_CLIENT", async () => {
    const client = await server.createClient("Limited");
    const limitedApi = apiClient({ url: server.url, authHeader: client.authHeader });
    for (let i = 0; i < 6; i++) assert.equal((await limitedApi("POST", "/companies", { body: { name: `C${i}` } })).status, 200);
    const res = await limitedApi("POST", "/companies", { body: { name: "One too many" } });
    assert.equal(res.status, 402);
    assert.match(res.body.error, /6-company limit/);
  });

  it("never lets concurrent creations overshoot MAX_COMPANIES_PER_CLIENT", async () => {
    const client = await server.createClient("Racing");
    const racingApi = apiClient({ url: server.url, authHeader: client.authHeader });
    // PostgreSQL runs these on up to 10 pooled connections at once.
    const statuses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => racingApi("POST", "/companies", { body: { name: `R${i}` } }).then((res) => res.status)),
    );
    assert.equal(statuses.filter((status) => status === 200).length, 6, statuses.join(" "));
    assert.equal(statuses.filter((status) => status === 402).length, 14, statuses.join(" "));
    assert.equal((await racingApi("GET", "/companies", { query: { pageSize: 100 } })).body.totalResults, 6);
  });

  it("answers 401 without a valid API key", async () => {
    for (const auth of [null, "Basic", "Basic !!!", basicAuth("x".repeat(43)), "Token abc", "Bearer abc"]) {
      const res = await api("GET", "/companies", { auth });
      assert.equal(res.status, 401, String(auth));
      assert.match(res.body.error, /^Unauthorized: .*Authorization: Basic base64\(<api key>\)/);
    }
  });
});
