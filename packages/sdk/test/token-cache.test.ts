// createAccessTokenCache: reuse until shortly before exp, single flight, bounded, no cached errors.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { CodatPlatformCore, ErrorMessage, UnexpectedClientError, createAccessTokenCache, tokenExpiry } from "../src/index.js";
import { errorBody, startScriptServer, type ScriptServer } from "./helpers/script-server.js";

let server: ScriptServer;
let client: CodatPlatformCore;
let clock = 0;
const now = () => clock;
const T0 = Date.parse("2026-11-25T12:00:00Z");

/** An (unsigned) JWT whose payload is `claims`: the cache only reads `exp`. */
function jwt(claims: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${part({ alg: "EdDSA", typ: "JWT" })}.${part(claims)}.c2ln`;
}
const tokenReply = (token: string, delayMs = 0) => ({ body: { accessToken: token }, delayMs });

before(async () => {
  server = await startScriptServer();
  client = new CodatPlatformCore({ authHeader: "Basic a2V5", serverURL: server.url, retryConfig: { strategy: "none" } });
});
after(() => server.close());
beforeEach(() => {
  clock = T0;
});

describe("createAccessTokenCache", () => {
  test("reuses a company's token until refreshBeforeMs before its exp, then fetches a new one", async () => {
    const cache = createAccessTokenCache(client, { now, refreshBeforeMs: 60_000 });
    const first = jwt({ sub: "c1", exp: T0 / 1000 + 3600 });
    const second = jwt({ sub: "c1", exp: T0 / 1000 + 7200 });
    server.reply(tokenReply(first), tokenReply(second));
    const from = server.received.length;
    assert.equal(await cache.get("c1"), first);
    clock = T0 + 3_539_000;
    assert.equal(await cache.get("c1"), first, "still more than a minute left");
    assert.equal(server.received.length - from, 1);
    clock = T0 + 3_541_000;
    assert.equal(await cache.get("c1"), second, "less than a minute left: replaced");
    assert.equal(server.received.length - from, 2);
    assert.equal(server.received.at(-1)?.url, "/companies/c1/connectionManagement/accessToken");
  });

  test("a token whose exp cannot be read is kept for one hour", async () => {
    const cache = createAccessTokenCache(client, { now, refreshBeforeMs: 0 });
    server.reply(tokenReply("opaque-token"), tokenReply("opaque-token-2"));
    assert.equal(await cache.get("c2"), "opaque-token");
    clock = T0 + 3_599_000;
    assert.equal(await cache.get("c2"), "opaque-token");
    clock = T0 + 3_600_000;
    assert.equal(await cache.get("c2"), "opaque-token-2");
  });

  test("concurrent callers share one request (single flight)", async () => {
    const cache = createAccessTokenCache(client, { now });
    const token = jwt({ exp: T0 / 1000 + 3600 });
    server.reply(tokenReply(token, 100));
    const from = server.received.length;
    const all = await Promise.all(Array.from({ length: 10 }, () => cache.get("c3")));
    assert.ok(all.every((t) => t === token));
    assert.equal(server.received.length - from, 1);
  });

  test("an error is never cached: every waiting caller gets it, the next call asks again", async () => {
    const cache = createAccessTokenCache(client, { now });
    server.reply({ status: 404, body: errorBody(404), delayMs: 50 }, tokenReply("recovered"));
    const failures = await Promise.allSettled([cache.get("c4"), cache.get("c4")]);
    for (const f of failures) {
      assert.equal(f.status, "rejected");
      assert.ok(f.status === "rejected" && f.reason instanceof ErrorMessage && f.reason.statusCode === 404);
    }
    assert.equal(cache.size, 0);
    assert.equal(await cache.get("c4"), "recovered");
  });

  test("a response without accessToken is an error, not a cached empty token", async () => {
    const cache = createAccessTokenCache(client, { now });
    server.reply({ body: {} }, tokenReply("t"));
    await assert.rejects(cache.get("c5"), UnexpectedClientError);
    assert.equal(await cache.get("c5"), "t");
  });

  test("holds at most maxEntries companies, dropping the least recently used", async () => {
    const cache = createAccessTokenCache(client, { now, maxEntries: 2 });
    server.reply(tokenReply("a"), tokenReply("b"), tokenReply("c"), tokenReply("b2"));
    await cache.get("a");
    await cache.get("b");
    await cache.get("a"); // a is now more recent than b
    await cache.get("c"); // evicts b
    assert.equal(cache.size, 2);
    const from = server.received.length;
    assert.equal(await cache.get("a"), "a");
    assert.equal(server.received.length, from, "a was kept");
    assert.equal(await cache.get("b"), "b2", "b was dropped and fetched again");
  });

  test("invalidate and clear forget tokens", async () => {
    const cache = createAccessTokenCache(client, { now });
    server.reply(tokenReply("x1"), tokenReply("x2"));
    await cache.get("x");
    cache.invalidate("x");
    assert.equal(await cache.get("x"), "x2");
    cache.clear();
    assert.equal(cache.size, 0);
  });
});

test("tokenExpiry reads exp from a JWT and nothing else", () => {
  assert.equal(tokenExpiry(jwt({ exp: 1_800_000_000 })), 1_800_000_000_000);
  assert.equal(tokenExpiry(jwt({ sub: "x" })), undefined);
  assert.equal(tokenExpiry("not-a-jwt"), undefined);
  assert.equal(tokenExpiry("a.!!!.c"), undefined);
});
