// Failed authentications are throttled per client IP: past AUTH_FAILURES_PER_MINUTE the IP gets
// 429 with Retry-After, and its further guesses never reach the database.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { basicAuth } from "@codat/test-kit/auth";
import { forEachDialect } from "@codat/test-kit/dialects";
import { startTestServer, type TestServer } from "@codat/test-kit/server";

const LIMIT = 5;

forEachDialect("failed authentication throttle", (dialect) => {
  let server: TestServer;
  let lookups = 0;

  before(async () => {
    server = await startTestServer({ dialect, env: { AUTH_FAILURES_PER_MINUTE: String(LIMIT), CACHE_TTL_MS: "0" } });
    // Count the API key look-ups the server makes (the read caches' entry point to the database).
    const context = server.app.context;
    const original = context.caches.apiKeyByHash.bind(context.caches);
    context.caches.apiKeyByHash = (hash) => {
      lookups += 1;
      return original(hash);
    };
  });
  after(() => server.close());

  const companies = (auth: string) => fetch(`${server.url}/companies`, { headers: { authorization: auth } });
  const randomKey = () => basicAuth(`guess-${crypto.randomUUID()}`);

  it("answers 401 up to the limit, then 429 with Retry-After without looking keys up", async () => {
    for (let i = 0; i < LIMIT; i++) assert.equal((await companies(randomKey())).status, 401);
    assert.equal(lookups, LIMIT, "each unknown key cost one look-up");
    for (let i = 0; i < 20; i++) {
      const res = await companies(randomKey());
      assert.equal(res.status, 429);
      const retryAfter = Number(res.headers.get("retry-after"));
      assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
      const body = (await res.json()) as Record<string, unknown>;
      assert.equal(body.statusCode, 429);
      assert.equal(body.canBeRetried, "True");
    }
    assert.equal(lookups, LIMIT, "refused guesses never reach the key look-up");
    // The IP is refused whatever it presents until the minute turns.
    assert.equal((await companies(server.authHeader)).status, 429);
    // Routes without authentication stay open.
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  });

  it("does not count successful authentications", async () => {
    const fresh = await startTestServer({ dialect, env: { AUTH_FAILURES_PER_MINUTE: "2" } });
    try {
      for (let i = 0; i < 10; i++) {
        const res = await fetch(`${fresh.url}/companies`, { headers: { authorization: fresh.authHeader } });
        assert.equal(res.status, 200);
      }
      assert.equal((await fetch(`${fresh.url}/companies`, { headers: { authorization: randomKey() } })).status, 401);
    } finally {
      await fresh.close();
    }
  });

  it("counts by the forwarded client address behind a trusted proxy (TRUST_PROXY)", async () => {
    const proxied = await startTestServer({ dialect, env: { AUTH_FAILURES_PER_MINUTE: "2", TRUST_PROXY: "127.0.0.1" } });
    const from = (ip: string, authorization: string) =>
      fetch(`${proxied.url}/companies`, { headers: { authorization, "x-forwarded-for": ip } });
    try {
      for (let i = 0; i < 2; i++) assert.equal((await from("203.0.113.7", randomKey())).status, 401);
      assert.equal((await from("203.0.113.7", randomKey())).status, 429);
      // Another caller behind the same proxy keeps its own count and its valid key works.
      assert.equal((await from("198.51.100.9", proxied.authHeader)).status, 200);
      assert.equal((await from("198.51.100.9", randomKey())).status, 401);
    } finally {
      await proxied.close();
    }
  });
});
