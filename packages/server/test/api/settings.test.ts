// CORS settings (both paths, one store), API keys (shown once, hashed, revoked at once, capped),
// the integrations catalogue with logos, JWKS, health and the server's own OpenAPI document.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { apiClient, type Api } from "@codat/test-kit/api";
import { basicAuth } from "@codat/test-kit/auth";
import { forEachDialect } from "@codat/test-kit/dialects";
import { startTestServer, type TestServer } from "@codat/test-kit/server";

forEachDialect("settings, keys, integrations and public documents", (dialect) => {
  let server: TestServer;
  let api: Api;

  before(async () => {
    server = await startTestServer({ dialect });
    api = apiClient(server);
  });
  after(() => server.close());

  it("stores normalised CORS origins once behind both paths, per client", async () => {
    const set = await api("POST", "/corsSettings", {
      body: { allowedOrigins: ["https://App.Example.com:443/", "http://localhost:3000", "https://app.example.com"] },
    });
    assert.equal(set.status, 200);
    assert.deepEqual(set.body.allowedOrigins, ["http://localhost:3000", "https://app.example.com"]);
    for (const path of ["/corsSettings", "/connectionManagement/corsSettings"]) {
      assert.deepEqual((await api("GET", path, {})).body.allowedOrigins, set.body.allowedOrigins, path);
    }
    const viaOld = await api("POST", "/connectionManagement/corsSettings", { body: { allowedOrigins: ["https://b.example"] } });
    assert.deepEqual(viaOld.body.allowedOrigins, ["https://b.example"]);
    assert.deepEqual((await api("GET", "/corsSettings", {})).body.allowedOrigins, ["https://b.example"]);
    const other = await server.createClient("CORS other");
    assert.deepEqual((await apiClient({ url: server.url, authHeader: other.authHeader })("GET", "/corsSettings", {})).body.allowedOrigins, []);
  });

  it("rejects anything that is not a bare http(s) origin, naming each entry", async () => {
    const res = await api("POST", "/corsSettings", {
      body: { allowedOrigins: ["https://ok.example", "ftp://x.example", "https://x.example/path", "not a url", "https://u:p@x.example", "*"] },
    });
    assert.equal(res.status, 400);
    assert.deepEqual(
      res.body.validation.errors.map((e: { itemId: string }) => e.itemId),
      ["body.allowedOrigins.1", "body.allowedOrigins.2", "body.allowedOrigins.3", "body.allowedOrigins.4", "body.allowedOrigins.5"],
    );
    assert.equal((await api("POST", "/corsSettings", { body: { allowedOrigins: "https://x.example" } })).status, 400);
    assert.equal((await api("POST", "/corsSettings", { body: {} })).status, 400);
  });

  it("shows a new API key once, stores only its hash, and revokes it at once", async () => {
    const created = await api("POST", "/apiKeys", { body: { name: "ci" } });
    assert.equal(created.status, 201);
    assert.equal(created.body.name, "ci");
    const key = created.body.apiKey as string;
    assert.match(key, /^[A-Za-z0-9_-]{43,}$/);
    const listed = await api("GET", "/apiKeys", {});
    const entry = listed.body.results.find((k: { id: string }) => k.id === created.body.id);
    assert.ok(entry);
    assert.equal(entry.apiKey, undefined, "the value is never shown again");
    const stored = JSON.stringify(await server.db.selectFrom("api_keys").selectAll().execute());
    assert.ok(!stored.includes(key));

    const withNewKey = apiClient({ url: server.url, authHeader: basicAuth(key) });
    assert.equal((await withNewKey("GET", "/companies", {})).status, 200);
    assert.equal((await api("DELETE", "/apiKeys/{apiKeyId}", { params: { apiKeyId: created.body.id } })).status, 204);
    assert.equal((await withNewKey("GET", "/companies", {})).status, 401, "revoked immediately");
    assert.equal((await api("DELETE", "/apiKeys/{apiKeyId}", { params: { apiKeyId: created.body.id } })).status, 404);
    assert.equal((await api("DELETE", "/apiKeys/{apiKeyId}", { params: { apiKeyId: "nope" } })).status, 404);
  });

  it("lets a client delete only its own keys, and caps them at 10 (409)", async () => {
    const other = await server.createClient("Key owner");
    const otherApi = apiClient({ url: server.url, authHeader: other.authHeader });
    const theirs = (await otherApi("GET", "/apiKeys", {})).body.results[0].id as string;
    assert.equal((await api("DELETE", "/apiKeys/{apiKeyId}", { params: { apiKeyId: theirs } })).status, 404);
    assert.equal((await otherApi("GET", "/companies", {})).status, 200);
    for (let i = 1; i < 10; i++) assert.equal((await otherApi("POST", "/apiKeys", { body: {} })).status, 201);
    const refused = await otherApi("POST", "/apiKeys", {});
    assert.equal(refused.status, 409);
    assert.match(refused.body.error, /Maximum number of API keys/);
    assert.equal((await otherApi("POST", "/apiKeys", { body: { name: "x".repeat(51) } })).status, 400);
  });

  it("serves the integrations catalogue with self-made logos", async () => {
    const list = await api("GET", "/integrations", {});
    assert.equal(list.status, 200);
    const types = new Set(list.body.results.map((i: { sourceType: string }) => i.sourceType));
    assert.deepEqual([...types].sort(), ["Accounting", "Banking", "Commerce"]);
    assert.ok(list.body.results.every((i: { key: string }) => /^[a-z]{4}$/.test(i.key)));
    const sandbox = await api("GET", "/integrations/{platformKey}", { params: { platformKey: "mqjo" } });
    assert.equal(sandbox.body.sourceType, "Accounting");
    assert.equal(sandbox.body.logoUrl, `${server.url}/assets/logos/mqjo.svg`);
    const logo = await fetch(sandbox.body.logoUrl);
    assert.equal(logo.status, 200);
    assert.equal(logo.headers.get("content-type"), "image/svg+xml");
    assert.match(await logo.text(), /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.equal((await fetch(`${server.url}/assets/logos/n0ne.svg`)).status, 404);
    // A client's own platforms share one neutral lettermark, whatever their key.
    assert.match(await (await fetch(`${server.url}/assets/logos/zzzz.svg`)).text(), /aria-label="Platform"/);
    const branding = await api("GET", "/integrations/{platformKey}/branding", { params: { platformKey: "qudb" } });
    assert.equal(branding.body.logo.square.image.src, `${server.url}/assets/logos/qudb.svg`);
    assert.equal((await api("GET", "/integrations/{platformKey}", { params: { platformKey: "zzzz" } })).status, 404);
    assert.equal((await api("GET", "/integrations/{platformKey}/branding", { params: { platformKey: "zzzz" } })).status, 404);
    const commerce = await api("GET", "/integrations", { query: { query: "sourceType=Commerce", pageSize: 1 } });
    assert.equal(commerce.body.totalResults, 3);
    assert.equal(commerce.body.results.length, 1);
    // Enabled per client: the test client has set up every built-in platform, a new client none.
    const enabled = await api("GET", "/integrations", { query: { query: "enabled=false" } });
    assert.deepEqual(enabled.body.results, []);
    assert.equal((await api("GET", "/integrations", { query: { query: "secret=1" } })).status, 400);
  });

  it("publishes health, readiness, JWKS and its own OpenAPI document without authentication", async () => {
    assert.deepEqual(await (await fetch(`${server.url}/healthz`)).json(), { status: "ok" });
    assert.deepEqual(await (await fetch(`${server.url}/readyz`)).json(), { status: "ready" });
    const jwks = (await (await fetch(`${server.url}/.well-known/jwks.json`)).json()) as { keys: Array<Record<string, string>> };
    assert.equal(jwks.keys[0]?.kty, "OKP");
    assert.equal(jwks.keys[0]?.crv, "Ed25519");
    assert.ok(jwks.keys.every((k) => !("d" in k)), "no private parts");
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { operationId?: string; responses: Record<string, unknown> }>>;
    };
    assert.equal(doc.openapi, "3.1.0");
    const operations = Object.values(doc.paths).flatMap((methods) => Object.values(methods).map((op) => op.operationId));
    for (const id of [
      "list-companies", "create-company", "get-company", "replace-company", "update-company", "delete-company",
      "get-company-access-token", "get-connection-management-access-token", "list-connections", "create-connection",
      "get-connection", "delete-connection", "unlink-connection", "update-connection-authorization",
      "get-cors-settings", "set-cors-settings", "get-connection-management-cors-settings", "list-api-keys",
      "create-api-key", "delete-api-key", "list-integrations", "get-integration", "get-integrations-branding",
    ]) {
      assert.ok(operations.includes(id), id);
    }
    assert.ok(doc.paths["/companies/{companyId}"]?.get?.responses["404"]);
  });
});
