// The proxy (`/companies/{companyId}/connections/{connectionId}/proxy/*`) against a real server
// and real OAuth 2.0 authorization servers (the kit's oidc-provider), on SQLite and PostgreSQL:
// reading the kit's protected resource as the connection's account; method, query, body and an
// allowlist of headers reaching an upstream that records them (a platform whose token endpoint
// is the kit's and whose API is a local echo server); what comes back; paths that would leave
// the platform's API; who may call it; the limits and the deadline; a token renewed before the
// call when it has expired, and after the platform refused it (exactly once).
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import http, { type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, it, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { apiClient, type Api } from "@codat/test-kit/api";
import { forEachDialect } from "@codat/test-kit/dialects";
import { grantTokensOf, startOAuthPlatform, type OAuthPlatform } from "@codat/test-kit/oauth";
import { startTestServer, type TestServer } from "@codat/test-kit/server";
import { ConfigError, loadConfig } from "../../src/config.js";

const TIMEOUT_MS = 1000;
const BODY_LIMIT = 4096;
const RESPONSE_LIMIT = 65_536;
const ENV = {
  PLATFORM_ALLOW_PRIVATE_URLS: "true",
  // No background refresher: every renewal counted here is the proxy's.
  REFRESH_CONCURRENCY: "0",
  PROXY_TIMEOUT_MS: String(TIMEOUT_MS),
  PROXY_BODY_LIMIT_BYTES: String(BODY_LIMIT),
  PROXY_RESPONSE_LIMIT_BYTES: String(RESPONSE_LIMIT),
  // Below the proxy's own limit: the API's JSON body limit does not apply to proxied bodies.
  BODY_LIMIT_BYTES: "2048",
};

interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A platform API on loopback that records every request and answers by path (under /v1). */
interface Echo {
  url: string;
  received: Recorded[];
  /** Access tokens answered 401 (the platform no longer accepts them). */
  rejected: Set<string>;
  rejectEveryToken: boolean;
  on(path: string): Recorded[];
  close(): Promise<void>;
}

async function startEcho(): Promise<Echo> {
  const received: Recorded[] = [];
  const state = { rejected: new Set<string>(), rejectEveryToken: false };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const record: Recorded = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) };
    received.push(record);
    const path = new URL(record.url, "http://x").pathname;
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
    if (state.rejectEveryToken || state.rejected.has(token)) {
      res.writeHead(401, { "content-type": "application/json", "www-authenticate": 'Bearer error="invalid_token"' }).end('{"error":"invalid_token"}');
      return;
    }
    if (path === "/v1/slow") {
      await sleep(TIMEOUT_MS * 2.5);
      if (!res.destroyed) res.writeHead(200).end("late");
      return;
    }
    if (path === "/v1/big") {
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(RESPONSE_LIMIT * 2) }).end(Buffer.alloc(RESPONSE_LIMIT * 2));
      return;
    }
    if (path === "/v1/stream-big") {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      for (let sent = 0; sent < RESPONSE_LIMIT * 2 && !res.destroyed; sent += 8192) {
        res.write(Buffer.alloc(8192));
        await sleep(1);
      }
      res.end();
      return;
    }
    const status = /^\/v1\/status\/(\d{3})$/.exec(path)?.[1];
    const answer = JSON.stringify({
      method: record.method,
      url: record.url,
      bodyLength: record.body.length,
      bodySha256: createHash("sha256").update(record.body).digest("hex"),
    });
    res.writeHead(status ? Number(status) : 200, {
      "content-type": "application/json",
      "cache-control": "no-store",
      "x-upstream": "echo",
      "set-cookie": ["sid=platform-secret; HttpOnly", "other=1"],
      connection: "keep-alive, x-hop",
      "x-hop": "hop-by-hop",
      "alt-svc": 'h3=":443"',
      "strict-transport-security": "max-age=31536000",
      "access-control-allow-origin": "*",
      "x-correlation-id": "the-platform's-own",
    });
    res.end(status === "204" || status === "304" ? undefined : answer);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    get rejected() {
      return state.rejected;
    },
    get rejectEveryToken() {
      return state.rejectEveryToken;
    },
    set rejectEveryToken(value: boolean) {
      state.rejectEveryToken = value;
    },
    on: (path) => received.filter((r) => new URL(r.url, "http://x").pathname === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The answer broke off before its end. */
  aborted: boolean;
}

/** One request with node:http: the path exactly as given (fetch would resolve `..` itself), a body in chunks. */
function raw(url: string, options: { method?: string; path: string; headers?: Record<string, string>; chunks?: Buffer[] }): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, method: options.method ?? "GET", path: options.path, headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let aborted = false;
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("aborted", () => (aborted = true));
      res.on("error", () => (aborted = true));
      res.on("close", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), aborted: aborted || !res.complete }));
    });
    req.on("error", reject);
    for (const chunk of options.chunks ?? []) req.write(chunk);
    req.end();
  });
}

interface Linked {
  companyId: string;
  connectionId: string;
}

forEachDialect("the connection proxy", (dialect) => {
  let server: TestServer;
  let api: Api;
  let echo: Echo;
  /** The kit's platform: its API is the authorization server's own protected resource. */
  let kit: OAuthPlatform;
  /** Token endpoint at the kit, API at the echo server, a templated tenant header. */
  let echoPlatform: OAuthPlatform;
  /** Like echoPlatform, with access tokens that live 2 s. */
  let shortPlatform: OAuthPlatform;
  let alice: Linked;
  let bob: Linked;
  let carol: Linked;

  const proxyPath = (linked: Linked, rest: string) => `/companies/${linked.companyId}/connections/${linked.connectionId}/proxy${rest}`;
  const call = (linked: Linked, rest: string, init: RequestInit = {}) =>
    fetch(`${server.url}${proxyPath(linked, rest)}`, { ...init, headers: { authorization: server.authHeader, ...(init.headers as Record<string, string>) } });
  const link = async (platform: OAuthPlatform, account: string): Promise<Linked> => {
    const { companyId, connection } = await platform.createConnection(`${account} Ltd`);
    await platform.connectWithFetch(connection.linkUrl, account);
    const linked = await api("GET", "/companies/{companyId}/connections/{connectionId}", { params: { companyId, connectionId: connection.id } });
    assert.equal(linked.body.status, "Linked", linked.text);
    return { companyId, connectionId: connection.id };
  };
  const accessTokenOf = async (linked: Linked) => (await grantTokensOf(server, linked.connectionId))!.accessToken;
  const assertError = async (response: Response, status: number) => {
    const text = await response.text();
    assert.equal(response.status, status, text);
    assert.equal(response.headers.get("x-proxy-source"), null, "the proxy's own answer is not marked as the platform's");
    const body = JSON.parse(text) as { statusCode: number; error: string; correlationId: string; canBeRetried: string };
    assert.equal(body.statusCode, status);
    assert.equal(body.correlationId, response.headers.get("x-correlation-id"));
    return body;
  };

  before(async () => {
    echo = await startEcho();
    server = await startTestServer({ dialect, env: ENV });
    api = apiClient(server);
    kit = await startOAuthPlatform(server);
    echoPlatform = await startOAuthPlatform(server, {
      key: "echo",
      name: "Echo Ledger",
      definition: { apiBaseUrl: `${echo.url}/v1`, apiHeaders: { "xero-tenant-id": "{tenantId}" } },
    });
    shortPlatform = await startOAuthPlatform(server, { key: "shrt", name: "Short Ledger", authorizationServer: { accessTokenTtlSeconds: 2 }, definition: { apiBaseUrl: `${echo.url}/v1` } });
    alice = await link(kit, "alice");
    bob = await link(echoPlatform, "bob");
    carol = await link(shortPlatform, "carol");
  });
  after(async () => {
    await Promise.all([kit?.close(), echoPlatform?.close(), shortPlatform?.close()]);
    await server?.close();
    await echo?.close();
  });

  it("reads the connection's account at the platform: GET /proxy/api/whoami", async () => {
    const response = await call(alice, "/api/whoami");
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("x-proxy-source"), "platform");
    assert.match(response.headers.get("x-correlation-id") ?? "", /^[0-9a-f]{32}$/);
    const body = (await response.json()) as { account: string; clientId: string; scope: string };
    assert.equal(body.account, "alice");
    assert.equal(body.clientId, kit.clientId);
    assert.match(body.scope, /accounting\.read/);
  });

  it("forwards the method, the path under the API base and the query string as sent", async () => {
    const response = await call(bob, "/invoices/INV-1?where=Status%3D%22PAID%22&page=2&empty=&a=1&a=2");
    assert.equal(response.status, 200);
    const body = (await response.json()) as { method: string; url: string };
    assert.equal(body.method, "GET");
    assert.equal(body.url, "/v1/invoices/INV-1?where=Status%3D%22PAID%22&page=2&empty=&a=1&a=2");
    assert.equal((await (await call(bob, "/")).json()).url, "/v1/", "/proxy/ is the API base itself");
    // Resolved as a URL resolves it, and still under the base: allowed.
    const resolved = await raw(server.url, { path: proxyPath(bob, "/a/./b/../invoices"), headers: { authorization: server.authHeader } });
    assert.equal(resolved.status, 200, resolved.body.toString());
    assert.equal(JSON.parse(resolved.body.toString()).url, "/v1/a/invoices");
  });

  it("streams POST, PUT and PATCH bodies to the platform as they were sent, with or without Content-Length", async () => {
    const json = JSON.stringify({ invoices: Array.from({ length: 40 }, (_, i) => ({ number: `INV-${i}`, total: i * 10.5 })) });
    const posted = await call(bob, "/invoices", { method: "POST", body: json, headers: { "content-type": "application/json" } });
    assert.equal(posted.status, 200);
    const post = echo.on("/v1/invoices").at(-1)!;
    assert.equal(post.method, "POST");
    assert.equal(post.body.toString(), json);
    assert.equal(post.headers["content-type"], "application/json");
    assert.equal(post.headers["content-length"], String(Buffer.byteLength(json)));

    const bytes = randomBytes(BODY_LIMIT - 10); // over BODY_LIMIT_BYTES, under PROXY_BODY_LIMIT_BYTES
    const put = await call(bob, "/attachments/a.bin", { method: "PUT", body: bytes, headers: { "content-type": "application/octet-stream" } });
    assert.equal(put.status, 200);
    const putBody = (await put.json()) as { method: string; bodySha256: string; bodyLength: number };
    assert.equal(putBody.method, "PUT");
    assert.equal(putBody.bodyLength, bytes.length);
    assert.equal(putBody.bodySha256, createHash("sha256").update(bytes).digest("hex"));

    // Chunked (no Content-Length), in several writes.
    const parts = [randomBytes(1000), randomBytes(1000), randomBytes(1000)];
    const patched = await raw(server.url, {
      method: "PATCH",
      path: proxyPath(bob, "/contacts/c1"),
      headers: { authorization: server.authHeader, "content-type": "text/plain", "transfer-encoding": "chunked" },
      chunks: parts,
    });
    assert.equal(patched.status, 200, patched.body.toString());
    const patch = echo.on("/v1/contacts/c1").at(-1)!;
    assert.equal(patch.method, "PATCH");
    assert.deepEqual(patch.body, Buffer.concat(parts));
    assert.equal(patch.headers["content-length"], undefined);

    // No Content-Type at all: passed through all the same.
    const untyped = await raw(server.url, {
      method: "PUT",
      path: proxyPath(bob, "/untyped"),
      headers: { authorization: server.authHeader, "content-length": "5" },
      chunks: [Buffer.from("plain")],
    });
    assert.equal(untyped.status, 200, untyped.body.toString());
    const put2 = echo.on("/v1/untyped").at(-1)!;
    assert.equal(put2.body.toString(), "plain");
    assert.equal(put2.headers["content-type"], undefined);

    const deleted = await call(bob, "/status/204", { method: "DELETE" });
    assert.equal(deleted.status, 204);
    assert.equal(echo.on("/v1/status/204").at(-1)!.method, "DELETE");
  });

  it("adds the grant's Authorization and the platform's templated headers; forwards only the allowlisted headers of the client", async () => {
    const response = await call(bob, "/headers", {
      headers: {
        accept: "application/json",
        "accept-language": "en-GB",
        "if-none-match": '"v1"',
        prefer: "return=minimal",
        "idempotency-key": "key-1",
        "user-agent": "acme-app/1.0",
        cookie: "sid=our-own",
        "x-forwarded-for": "10.0.0.1",
        "x-forwarded-host": "internal.example",
        "proxy-authorization": "Basic c2VjcmV0",
        "x-api-key": "our-own-key",
        "xero-tenant-id": "someone-else-org",
      },
    });
    assert.equal(response.status, 200);
    const seen = echo.on("/v1/headers").at(-1)!.headers;
    assert.equal(seen.authorization, `Bearer ${await accessTokenOf(bob)}`);
    assert.equal(seen["xero-tenant-id"], "bob-org", "the platform's header, templated from the connection's tenant, not the client's");
    assert.equal(seen.accept, "application/json");
    assert.equal(seen["accept-language"], "en-GB");
    assert.equal(seen["if-none-match"], '"v1"');
    assert.equal(seen.prefer, "return=minimal");
    assert.equal(seen["idempotency-key"], "key-1");
    assert.equal(seen["user-agent"], "acme-app/1.0");
    assert.equal(seen.host, new URL(echo.url).host);
    for (const name of ["cookie", "x-forwarded-for", "x-forwarded-host", "proxy-authorization", "x-api-key"]) assert.equal(seen[name], undefined, name);
    const everything = JSON.stringify(seen);
    assert.ok(!everything.includes(server.apiKey) && !everything.includes(server.authHeader.slice(6)), "our API key never reaches the platform");
  });

  it("sends the token in the platform's own header where its definition says so (Shopify's X-Shopify-Access-Token)", async () => {
    const tokenHeader = await startOAuthPlatform(server, {
      key: "shpy",
      name: "Header Shop",
      definition: { apiBaseUrl: `${echo.url}/v1`, apiTokenHeader: "X-Shopify-Access-Token" },
    });
    try {
      const dave = await link(tokenHeader, "dave");
      const response = await call(dave, "/headers", { headers: { authorization: server.authHeader, "x-shopify-access-token": "the-caller's" } });
      assert.equal(response.status, 200);
      const seen = echo.on("/v1/headers").at(-1)!.headers;
      assert.equal(seen["x-shopify-access-token"], await accessTokenOf(dave));
      assert.equal(seen.authorization, undefined, "no Authorization header: neither the grant's nor the caller's");
    } finally {
      await tokenHeader.close();
    }
  });

  it("relays the platform's status, headers and body, without hop-by-hop headers, cookies or policies for its own origin", async () => {
    const response = await call(bob, "/status/201");
    assert.equal(response.status, 201);
    assert.equal(response.headers.get("x-upstream"), "echo");
    assert.equal(response.headers.get("cache-control"), "no-store");
    assert.equal(response.headers.get("content-type"), "application/json");
    assert.equal(response.headers.get("x-proxy-source"), "platform");
    assert.match(response.headers.get("x-correlation-id") ?? "", /^[0-9a-f]{32}$/, "ours, not the platform's");
    for (const name of ["set-cookie", "x-hop", "alt-svc", "strict-transport-security", "access-control-allow-origin"]) assert.equal(response.headers.get(name), null, name);
    assert.equal(((await response.json()) as { url: string }).url, "/v1/status/201");

    const head = await raw(server.url, { method: "HEAD", path: proxyPath(bob, "/status/200"), headers: { authorization: server.authHeader } });
    assert.equal(head.status, 200);
    assert.equal(head.headers["x-upstream"], "echo");
    assert.equal(head.body.length, 0);
    assert.equal(echo.on("/v1/status/200").at(-1)!.method, "HEAD");
  });

  it("refuses a path that would leave the platform's API: 400, and nothing reaches the platform", async () => {
    const before = echo.received.length;
    const refused = [
      [bob, "/.."],
      [bob, "/../admin"],
      [bob, "/a/../../admin"],
      [bob, "/%2e%2e/admin"],
      [bob, "/%2E%2E/admin"],
      [bob, "/.%2e/admin"],
      [bob, "/..%2fadmin"],
      [bob, "/a%2F..%2F..%2Fadmin"],
      [bob, "/a%5c..%5c..%5cadmin"],
      [bob, "/..\\admin"],
      [alice, "//evil.example/x"],
      [alice, "/\\evil.example/x"],
      [alice, "/%2F%2Fevil.example/x"],
    ] as const;
    for (const [linked, rest] of refused) {
      const response = await raw(server.url, { path: proxyPath(linked, rest), headers: { authorization: server.authHeader } });
      assert.equal(response.status, 400, `${rest}: ${response.body.toString()}`);
      assert.equal(JSON.parse(response.body.toString()).statusCode, 400, rest);
    }
    assert.equal(echo.received.length, before);
  });

  it("takes API keys only: a company's bearer token is refused (401)", async () => {
    const token = (await api("GET", "/companies/{companyId}/connectionManagement/accessToken", { params: { companyId: alice.companyId } })).body.accessToken as string;
    const response = await fetch(`${server.url}${proxyPath(alice, "/api/whoami")}`, { headers: { authorization: `Bearer ${token}` } });
    await assertError(response, 401);
    await assertError(await fetch(`${server.url}${proxyPath(alice, "/api/whoami")}`), 401);
  });

  it("answers 404 for another client's connection and for unknown ids", async () => {
    const other = await server.createClient("Other client");
    const response = await fetch(`${server.url}${proxyPath(alice, "/api/whoami")}`, { headers: { authorization: other.authHeader } });
    await assertError(response, 404);
    await assertError(await call({ companyId: alice.companyId, connectionId: "00000000-0000-4000-8000-000000000000" }, "/api/whoami"), 404);
    await assertError(await call({ companyId: bob.companyId, connectionId: alice.connectionId }, "/api/whoami"), 404);
    await assertError(await call({ companyId: "not-a-uuid", connectionId: alice.connectionId }, "/api/whoami"), 404);
  });

  it("answers 409 for a connection that holds no grant: never linked, or unlinked", async () => {
    const { companyId, connection } = await kit.createConnection("Pending Ltd");
    const pending = { companyId, connectionId: connection.id };
    assert.match((await assertError(await call(pending, "/api/whoami"), 409)).error, /PendingAuth/);
    const dave = await link(kit, "dave");
    assert.equal((await call(dave, "/api/whoami")).status, 200);
    const unlinked = await api("PATCH", "/companies/{companyId}/connections/{connectionId}", { params: { companyId: dave.companyId, connectionId: dave.connectionId }, body: { status: "Unlinked" } });
    assert.equal(unlinked.status, 200, unlinked.text);
    await assertError(await call(dave, "/api/whoami"), 409);
  });

  it("answers 502 (retryable) when the platform cannot be reached", async () => {
    await kit.server.stop();
    try {
      const body = await assertError(await call(alice, "/api/whoami"), 502);
      assert.equal(body.canBeRetried, "True");
      assert.match(body.error, /could not be reached \(ECONNREFUSED\)/);
    } finally {
      await kit.server.start();
    }
    assert.equal((await call(alice, "/api/whoami")).status, 200);
  });

  it("answers 504 when the platform does not answer within PROXY_TIMEOUT_MS", async () => {
    const started = performance.now();
    const body = await assertError(await call(bob, "/slow"), 504);
    const took = performance.now() - started;
    assert.equal(body.canBeRetried, "True");
    assert.ok(took >= TIMEOUT_MS * 0.9 && took < TIMEOUT_MS * 2, `answered after ${Math.round(took)} ms`);
  });

  it("refuses a body over PROXY_BODY_LIMIT_BYTES (413), by its Content-Length or once it goes past", async () => {
    const before = echo.on("/v1/upload").length;
    const declared = await call(bob, "/upload", { method: "POST", body: Buffer.alloc(BODY_LIMIT + 1), headers: { "content-type": "application/octet-stream" } });
    await assertError(declared, 413);
    assert.equal(echo.on("/v1/upload").length, before, "refused before calling the platform");

    const chunked = await raw(server.url, {
      method: "POST",
      path: proxyPath(bob, "/upload"),
      headers: { authorization: server.authHeader, "content-type": "application/octet-stream", "transfer-encoding": "chunked" },
      chunks: [Buffer.alloc(BODY_LIMIT), Buffer.alloc(BODY_LIMIT)],
    });
    assert.equal(chunked.status, 413, chunked.body.toString());
    assert.equal(JSON.parse(chunked.body.toString()).statusCode, 413);
  });

  it("refuses an answer over PROXY_RESPONSE_LIMIT_BYTES (502) or cuts it off", async () => {
    const body = await assertError(await call(bob, "/big"), 502);
    assert.match(body.error, /larger than 65536 bytes/);
    const streamed = await raw(server.url, { path: proxyPath(bob, "/stream-big"), headers: { authorization: server.authHeader } });
    assert.equal(streamed.status, 200);
    assert.ok(streamed.aborted, "the answer broke off");
    assert.ok(streamed.body.length <= RESPONSE_LIMIT, `${streamed.body.length} bytes relayed`);
  });

  it("renews an expired access token before calling the platform", async () => {
    const expired = await accessTokenOf(carol);
    await sleep(3000);
    assert.equal(await shortPlatform.server.isActive(expired), false, "the stored access token has expired");
    const refreshes = shortPlatform.server.counts.refreshGrants;
    const seen = echo.on("/v1/short").length;
    const response = await call(carol, "/short");
    assert.equal(response.status, 200);
    assert.equal(shortPlatform.server.counts.refreshGrants, refreshes + 1, "one renewal");
    const calls = echo.on("/v1/short").slice(seen);
    assert.equal(calls.length, 1, "one call to the platform, with the new token");
    const sent = calls[0]!.headers.authorization!.slice("Bearer ".length);
    assert.notEqual(sent, expired);
    assert.equal(sent, await accessTokenOf(carol));
    assert.equal(await shortPlatform.server.isActive(sent), true);
  });

  it("after a 401 from the platform, renews the token once and sends a request without a body again", async () => {
    const refused = await accessTokenOf(bob);
    echo.rejected.add(refused);
    const refreshes = echoPlatform.server.counts.refreshGrants;
    const response = await call(bob, "/retried");
    assert.equal(response.status, 200);
    assert.equal(echoPlatform.server.counts.refreshGrants, refreshes + 1, "exactly one renewal");
    const calls = echo.on("/v1/retried");
    assert.equal(calls.length, 2, "exactly one retry");
    assert.equal(calls[0]!.headers.authorization, `Bearer ${refused}`);
    const renewed = await accessTokenOf(bob);
    assert.notEqual(renewed, refused);
    assert.equal(calls[1]!.headers.authorization, `Bearer ${renewed}`);

    // A platform that refuses the renewed token too: its 401 comes back after one retry.
    echo.rejectEveryToken = true;
    try {
      const again = await call(bob, "/refused");
      assert.equal(again.status, 401);
      assert.equal(again.headers.get("x-proxy-source"), "platform");
      assert.equal(again.headers.get("www-authenticate"), 'Bearer error="invalid_token"');
      assert.deepEqual(await again.json(), { error: "invalid_token" });
      assert.equal(echoPlatform.server.counts.refreshGrants, refreshes + 2);
      assert.equal(echo.on("/v1/refused").length, 2);
    } finally {
      echo.rejectEveryToken = false;
    }
  });

  it("after a 401 to a request with a body, renews the token and returns the 401 without sending the body again", async () => {
    echo.rejected.add(await accessTokenOf(bob));
    const refreshes = echoPlatform.server.counts.refreshGrants;
    const response = await call(bob, "/posted", { method: "POST", body: '{"a":1}', headers: { "content-type": "application/json" } });
    assert.equal(response.status, 401);
    assert.equal(response.headers.get("x-proxy-source"), "platform");
    await response.arrayBuffer();
    assert.equal(echoPlatform.server.counts.refreshGrants, refreshes + 1, "renewed before the 401 was returned");
    assert.equal(echo.on("/v1/posted").length, 1, "not sent again");
    const retried = await call(bob, "/posted", { method: "POST", body: '{"a":1}', headers: { "content-type": "application/json" } });
    assert.equal(retried.status, 200, "sending it again uses the new token");
    assert.equal(echo.on("/v1/posted").at(-1)!.body.toString(), '{"a":1}');
  });

  it("keeps its raw body parser to itself, and is documented in /openapi.json", async () => {
    const text = await api("POST", "/companies", { rawBody: "name=x", headers: { "content-type": "text/plain" }, contract: false });
    assert.equal(text.status, 415, "other routes still take JSON only");
    const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { security: unknown[]; operationId: string }>> };
    const operations = document.paths["/companies/{companyId}/connections/{connectionId}/proxy/*"];
    assert.ok(operations, "the proxy is in /openapi.json");
    assert.deepEqual(Object.keys(operations).sort(), ["delete", "get", "patch", "post", "put"]);
    assert.deepEqual(operations.get!.security, [{ auth_header: [] }]);
    assert.equal(new Set(Object.values(operations).map((op) => op.operationId)).size, 5, "one operation id per method");
  });
});

test("the proxy's limits come from the environment, with defaults, and are validated", () => {
  const defaults = loadConfig({});
  assert.equal(defaults.proxyBodyLimitBytes, 10 * 1024 * 1024);
  assert.equal(defaults.proxyResponseLimitBytes, 50 * 1024 * 1024);
  assert.equal(defaults.proxyTimeoutMs, 30_000);
  const set = loadConfig({ PROXY_BODY_LIMIT_BYTES: "2048", PROXY_RESPONSE_LIMIT_BYTES: "4096", PROXY_TIMEOUT_MS: "250" });
  assert.deepEqual([set.proxyBodyLimitBytes, set.proxyResponseLimitBytes, set.proxyTimeoutMs], [2048, 4096, 250]);
  assert.throws(() => loadConfig({ PROXY_TIMEOUT_MS: "10" }), (error: unknown) => error instanceof ConfigError && /PROXY_TIMEOUT_MS must be between/.test(error.message));
  assert.throws(() => loadConfig({ PROXY_BODY_LIMIT_BYTES: "1e6" }), /PROXY_BODY_LIMIT_BYTES must be a whole number/);
  assert.throws(() => loadConfig({ PROXY_RESPONSE_LIMIT_BYTES: "0" }), /PROXY_RESPONSE_LIMIT_BYTES must be between/);
});
