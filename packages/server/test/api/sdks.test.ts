// The server through both clients, unchanged apart from serverURL: our SDK (`@codat/platform`)
// and the reference SDK (`@codat/platform@4.0.0`, installed as `@codat/platform-v4`). Their own
// response schemas check the wire format; errors must arrive as their ErrorMessage class.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { CodatPlatform } from "@codat/platform";
import { CodatPlatform as ReferencePlatform } from "@codat/platform-v4";
import { ErrorMessage as ReferenceErrorMessage } from "@codat/platform-v4/sdk/models/errors/errormessage.js";
import { ErrorMessage } from "@codat/platform";
import { forEachDialect } from "@codat/test-kit/dialects";
import { startTestServer, type TestServer } from "@codat/test-kit/server";

const MISSING = "8a210b68-6988-41ed-a1eb-0242ac120002";

forEachDialect("through our SDK", (dialect) => {
  let server: TestServer;
  let sdk: CodatPlatform;

  before(async () => {
    server = await startTestServer({ dialect });
    sdk = new CodatPlatform({ authHeader: server.authHeader, serverURL: server.url });
  });
  after(() => server.close());

  it("runs the whole company, connection and token flow", async () => {
    const company = await sdk.companies.create({ name: "SDK Ltd", tags: { team: "sdk" } });
    assert.equal(company.name, "SDK Ltd");
    const page = await sdk.companies.list({ query: `id=${company.id}` });
    assert.equal(page.totalResults, 1);
    const replaced = await sdk.companies.replace({ companyId: company.id, companyRequestBody: { name: "SDK Two" } });
    assert.equal(replaced.name, "SDK Two");
    const updated = await sdk.companies.update({ companyId: company.id, companyUpdateRequest: { tags: { a: "b" } } });
    assert.deepEqual(updated.tags, { a: "b" });

    const { accessToken } = await sdk.connectionManagement.getAccessToken({ companyId: company.id });
    assert.equal(accessToken?.split(".").length, 3);
    const companyToken = await sdk.companies.getAccessToken({ companyId: company.id });
    assert.equal(companyToken.expiresIn, 86400);
    assert.equal(companyToken.tokenType, "Bearer");

    const connection = await sdk.connections.create({ companyId: company.id, requestBody: { platformKey: "mqjo" } });
    assert.equal(connection.status, "PendingAuth");
    const linked = await sdk.connections.updateAuthorization({
      companyId: company.id,
      connectionId: connection.id,
      requestBody: { username: "u", password: "p" },
    });
    assert.equal(linked.status, "Linked");
    const unlinked = await sdk.connections.unlink({
      companyId: company.id,
      connectionId: connection.id,
      updateConnectionStatus: { status: "Unlinked" },
    });
    assert.equal(unlinked.status, "Unlinked");
    assert.equal((await sdk.connections.list({ companyId: company.id })).results?.length, 1);
    assert.equal((await sdk.connections.get({ companyId: company.id, connectionId: connection.id })).id, connection.id);
    await sdk.connections.delete({ companyId: company.id, connectionId: connection.id });
    await sdk.companies.delete({ companyId: company.id });
    await assert.rejects(sdk.companies.get({ companyId: company.id }), (error: unknown) => {
      assert.ok(error instanceof ErrorMessage);
      assert.equal(error.statusCode, 404);
      return true;
    });
  });

  it("reads and writes settings, keys and the catalogue", async () => {
    const origins = await sdk.connectionManagement.corsSettings.set({ allowedOrigins: ["https://sdk.example"] });
    assert.deepEqual(origins.allowedOrigins, ["https://sdk.example"]);
    assert.deepEqual((await sdk.settings.getCorsSettings()).allowedOrigins, ["https://sdk.example"]);
    const key = await sdk.settings.createApiKey({ name: "from sdk" });
    assert.ok(key.apiKey);
    assert.ok((await sdk.settings.listApiKeys()).results?.some((k) => k.id === key.id));
    await sdk.settings.deleteApiKey({ apiKeyId: key.id as string });
    const integrations = await sdk.integrations.list();
    assert.ok((integrations.results?.length ?? 0) >= 5);
    assert.equal((await sdk.integrations.get({ platformKey: "mqjo" })).key, "mqjo");
    assert.ok((await sdk.integrations.getBranding({ platformKey: "mqjo" })).logo?.square?.image?.src);
  });
});

forEachDialect("through the reference SDK 4.0.0", (dialect) => {
  let server: TestServer;
  let sdk: ReferencePlatform;

  before(async () => {
    server = await startTestServer({ dialect });
    sdk = new ReferencePlatform({ authHeader: server.authHeader, serverURL: server.url, retryConfig: { strategy: "none" } });
  });
  after(() => server.close());

  it("runs the company, connection and token flow unchanged", async () => {
    const company = await sdk.companies.create({ name: "Reference Ltd" });
    assert.equal((await sdk.companies.get({ companyId: company.id })).name, "Reference Ltd");
    assert.equal((await sdk.companies.list({})).totalResults, 1);
    const renamed = await sdk.companies.update({ companyId: company.id, companyRequestBody: { name: "Reference Two" } });
    assert.equal(renamed.name, "Reference Two");

    const token = await sdk.connectionManagement.getAccessToken({ companyId: company.id });
    assert.equal(token.accessToken?.split(".").length, 3);

    const connection = await sdk.connections.create({ companyId: company.id, requestBody: { platformKey: "mqjo" } });
    assert.equal(connection.sourceType, "Accounting");
    const linked = await sdk.connections.updateAuthorization({
      companyId: company.id,
      connectionId: connection.id,
      requestBody: { username: "demo", password: "demo" },
    });
    assert.equal(linked.status, "Linked");
    const unlinked = await sdk.connections.unlink({
      companyId: company.id,
      connectionId: connection.id,
      updateConnectionStatus: { status: "Unlinked" },
    });
    assert.equal(unlinked.status, "Unlinked");
    assert.equal((await sdk.connections.list({ companyId: company.id })).results?.[0]?.id, connection.id);
    await sdk.connections.delete({ companyId: company.id, connectionId: connection.id });
    await sdk.companies.delete({ companyId: company.id });
  });

  it("gets settings and the catalogue, and receives errors as ErrorMessage", async () => {
    const set = await sdk.connectionManagement.corsSettings.set({ allowedOrigins: ["https://ref.example"] });
    assert.deepEqual(set.allowedOrigins, ["https://ref.example"]);
    assert.deepEqual((await sdk.connectionManagement.corsSettings.get()).allowedOrigins, ["https://ref.example"]);
    assert.ok((await sdk.settings.createApiKey({ name: "ref" })).apiKey);
    assert.ok(((await sdk.settings.listApiKeys()).results?.length ?? 0) >= 2);
    assert.ok(((await sdk.integrations.list({})).results?.length ?? 0) >= 5);
    assert.equal((await sdk.integrations.get({ platformKey: "akxx" })).sourceType, "Commerce");
    assert.ok((await sdk.integrations.getBranding({ platformKey: "akxx" })).sourceId);
    await assert.rejects(sdk.connectionManagement.getAccessToken({ companyId: MISSING }), (error: unknown) => {
      assert.ok(error instanceof ReferenceErrorMessage, String(error));
      assert.equal(error.statusCode, 404);
      assert.match(String(error.correlationId), /^[0-9a-f]{32}$/);
      return true;
    });
    const stranger = new ReferencePlatform({ authHeader: "Basic bm9wZQ==", serverURL: server.url, retryConfig: { strategy: "none" } });
    await assert.rejects(stranger.companies.list({}), (error: unknown) => error instanceof ReferenceErrorMessage && error.statusCode === 401);
  });
});
