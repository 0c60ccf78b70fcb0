// `connections.proxy` / `connectionsProxy` against a real server (@codat/test-kit/server) and a
// real OAuth 2.0 platform (the kit's authorization server): the platform's answer comes back as
// a `Response` whatever its status; the proxy's own refusals are errors. A second platform's API
// is a script server, to see what the client sends through the proxy.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startOAuthPlatform, type OAuthPlatform } from "@codat/test-kit/oauth";
import { startTestServer, type TestServer } from "@codat/test-kit/server";
import { CodatPlatform, CodatPlatformCore, ErrorMessage, RequestTimeoutError, SDKValidationError } from "../src/index.js";
import { connectionsProxy, PROXY_SOURCE_HEADER } from "../src/funcs/index.js";
import { startScriptServer, type ScriptServer } from "./helpers/script-server.js";

let server: TestServer;
let kit: OAuthPlatform;
let scripted: OAuthPlatform;
let script: ScriptServer;
let sdk: CodatPlatform;
/** alice's connection to the kit's platform (its API: the authorization server's /api/whoami). */
let alice: { companyId: string; connectionId: string };
/** bob's connection to a platform whose API is the script server, under /api. */
let bob: { companyId: string; connectionId: string };

async function link(platform: OAuthPlatform, account: string) {
  const { companyId, connection } = await platform.createConnection(`${account} Ltd`);
  await platform.connectWithFetch(connection.linkUrl, account);
  return { companyId, connectionId: connection.id as string };
}

before(async () => {
  script = await startScriptServer();
  server = await startTestServer({ env: { PLATFORM_ALLOW_PRIVATE_URLS: "true", REFRESH_CONCURRENCY: "0" } });
  kit = await startOAuthPlatform(server);
  scripted = await startOAuthPlatform(server, { key: "scrp", name: "Scripted Ledger", definition: { apiBaseUrl: `${script.url}/api` } });
  alice = await link(kit, "alice");
  bob = await link(scripted, "bob");
  sdk = new CodatPlatform({ authHeader: server.authHeader, serverURL: server.url, retryConfig: { strategy: "none" } });
});
after(async () => {
  await Promise.all([kit?.close(), scripted?.close()]);
  await server?.close();
  await script?.close();
});

describe("connections.proxy", () => {
  test("reads the connection's account at its platform: the answer as a Response", async () => {
    const response = await sdk.connections.proxy({ ...alice, path: "/api/whoami" });
    assert.ok(response instanceof Response);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get(PROXY_SOURCE_HEADER), "platform");
    const body = (await response.json()) as { account: string; clientId: string };
    assert.equal(body.account, "alice");
    assert.equal(body.clientId, kit.clientId);
  });

  test("sends the method, the path, the query, a JSON body and the caller's headers; the platform sees the grant, not the API key", async () => {
    script.reply({ status: 201, body: { id: "INV-9" }, headers: { "x-request-id": "r1" } });
    const response = await sdk.connections.proxy({
      ...bob,
      path: "/invoices",
      method: "POST",
      query: { page: 2, tag: ["a b", "c"], skipped: undefined, none: null, draft: false },
      body: { total: 10.5, lines: [{ item: "x" }] },
      headers: { "idempotency-key": "key-1", accept: "application/json" },
    });
    assert.equal(response.status, 201);
    assert.equal(response.headers.get("x-request-id"), "r1");
    assert.deepEqual(await response.json(), { id: "INV-9" });
    const sent = script.received.at(-1)!;
    assert.equal(sent.method, "POST");
    assert.equal(sent.url, "/api/invoices?page=2&tag=a%20b&tag=c&draft=false");
    assert.deepEqual(JSON.parse(sent.body), { total: 10.5, lines: [{ item: "x" }] });
    assert.equal(sent.headers["content-type"], "application/json");
    assert.equal(sent.headers["idempotency-key"], "key-1");
    assert.match(sent.headers.authorization ?? "", /^Bearer ey/, "the connection's access token");
    assert.ok(!JSON.stringify(sent.headers).includes(server.authHeader.slice(6)), "never our API key");
  });

  test("sends text, bytes and streams as they are; a path may carry its own query", async () => {
    await sdk.connections.proxy({ ...bob, path: "notes?kind=plain", method: "PUT", body: "hello", headers: { "content-type": "text/plain" }, query: { v: 1 } });
    let sent = script.received.at(-1)!;
    assert.equal(sent.url, "/api/notes?kind=plain&v=1");
    assert.equal(sent.body, "hello");
    assert.equal(sent.headers["content-type"], "text/plain");

    await sdk.connections.proxy({ ...bob, path: "/files/a.bin", method: "PATCH", body: new Uint8Array([104, 105]) });
    sent = script.received.at(-1)!;
    assert.equal(sent.method, "PATCH");
    assert.equal(sent.body, "hi");

    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("part one, "));
        controller.enqueue(new TextEncoder().encode("part two"));
        controller.close();
      },
    });
    await sdk.connections.proxy({ ...bob, path: "/files/b.txt", method: "PUT", body: stream });
    sent = script.received.at(-1)!;
    assert.equal(sent.body, "part one, part two");
    assert.equal(sent.headers["transfer-encoding"], "chunked");
  });

  test("a platform's error answer is a Response too, not an error", async () => {
    script.reply({ status: 404, body: "no such invoice" });
    const response = await sdk.connections.proxy({ ...bob, path: "/invoices/missing" });
    assert.equal(response.status, 404);
    assert.equal(response.headers.get(PROXY_SOURCE_HEADER), "platform");
    assert.equal(await response.text(), "no such invoice");
  });

  test("the proxy's own refusals throw ErrorMessage: an unknown connection (404), one without a grant (409)", async () => {
    const missing = await sdk.connections.proxy({ companyId: alice.companyId, connectionId: "00000000-0000-4000-8000-000000000000", path: "/api/whoami" }).catch((e: unknown) => e);
    assert.ok(missing instanceof ErrorMessage, String(missing));
    assert.equal(missing.statusCode, 404);
    assert.match(missing.correlationId ?? "", /^[0-9a-f]{32}$/);

    const { companyId, connection } = await kit.createConnection("Pending Ltd");
    const pending = await sdk.connections.proxy({ companyId, connectionId: connection.id, path: "/api/whoami" }).catch((e: unknown) => e);
    assert.ok(pending instanceof ErrorMessage, String(pending));
    assert.equal(pending.statusCode, 409);

    const other = await server.createClient("Other");
    const stranger = new CodatPlatform({ authHeader: other.authHeader, serverURL: server.url, retryConfig: { strategy: "none" } });
    const refused = await stranger.connections.proxy({ ...alice, path: "/api/whoami" }).catch((e: unknown) => e);
    assert.ok(refused instanceof ErrorMessage);
    assert.equal(refused.statusCode, 404, "another client's connection");
  });

  test("the standalone function returns a Result", async () => {
    const core = new CodatPlatformCore({ authHeader: server.authHeader, serverURL: server.url });
    const result = await connectionsProxy(core, { ...alice, path: "/api/whoami" });
    assert.ok(result.ok);
    assert.equal(((await result.value.json()) as { account: string }).account, "alice");
    const missing = await connectionsProxy(core, { ...alice, connectionId: "00000000-0000-4000-8000-000000000000", path: "/api/whoami" });
    assert.ok(!missing.ok);
    assert.ok(missing.error instanceof ErrorMessage);
    assert.equal(missing.error.statusCode, 404);
  });

  test("a request without its ids or path, or whose path climbs out of the proxy, is not sent", async () => {
    const before = script.received.length;
    const core = new CodatPlatformCore({ authHeader: server.authHeader, serverURL: server.url });
    const result = await connectionsProxy(core, { ...bob, path: undefined as unknown as string });
    assert.ok(!result.ok);
    assert.ok(result.error instanceof SDKValidationError);
    // fetch would resolve these to /companies/{companyId}/…: another operation, with the API key.
    for (const path of ["/../../..", "../../../../companies", "/%2e%2e/%2E%2E/x", "/..\\..\\x"]) {
      const climbing = await connectionsProxy(core, { ...bob, path });
      assert.ok(!climbing.ok && climbing.error instanceof SDKValidationError, path);
    }
    const inside = await connectionsProxy(core, { ...bob, path: "/a/../b" });
    assert.ok(inside.ok, "resolved, but still under the proxy");
    assert.equal(script.received.at(-1)!.url, "/api/b");
    assert.equal(script.received.length, before + 1);
  });

  test("timeoutMs bounds the wait for the platform's answer", async () => {
    script.reply({ status: 200, body: "late", delayMs: 1000 });
    const late = await sdk.connections.proxy({ ...bob, path: "/slow" }, { timeoutMs: 200 }).catch((e: unknown) => e);
    assert.ok(late instanceof RequestTimeoutError, String(late));
  });
});
