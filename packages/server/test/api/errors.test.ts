// Every non-2xx answer is an ErrorMessage with a correlation id that is also a response header
// and on the request's log line: malformed JSON, oversized bodies, wrong content types, unknown
// routes and methods, rate limiting, internal failures (nothing leaks), and draining on shutdown.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, it } from "node:test";
import { buildApp } from "../../src/http/app.js";
import { loadConfig } from "../../src/config.js";
import { apiClient, type Api } from "@codat/test-kit/api";
import { forEachDialect } from "@codat/test-kit/dialects";
import { startTestServer, type TestServer } from "@codat/test-kit/server";

function assertErrorMessage(body: Record<string, unknown>, status: number, correlationId: string | null) {
  assert.deepEqual(Object.keys(body).sort(), ["canBeRetried", "correlationId", "detailedErrorCode", "error", "service", "statusCode", "validation"]);
  assert.equal(body.statusCode, status);
  assert.equal(body.service, "PublicApi");
  assert.equal(body.detailedErrorCode, 0);
  assert.match(String(body.correlationId), /^[0-9a-f]{32}$/);
  assert.equal(body.correlationId, correlationId);
}

forEachDialect("errors", (dialect) => {
  let server: TestServer;
  let api: Api;
  const logLines: string[] = [];

  before(async () => {
    server = await startTestServer({ dialect, env: { BODY_LIMIT_BYTES: "2048", RATE_LIMIT_PER_MINUTE: "1000" }, logLines });
    api = apiClient(server);
  });
  after(() => server.close());

  it("answers malformed JSON, oversized bodies and wrong content types with ErrorMessage", async () => {
    const cases: Array<[number, Parameters<Api>[2]]> = [
      [400, { rawBody: "{\"name\": ", headers: { "content-type": "application/json" } }],
      [413, { body: { name: "x".repeat(4000) } }],
      [415, { rawBody: "name=x", headers: { "content-type": "application/x-www-form-urlencoded" } }],
      [415, { rawBody: "x", headers: { "content-type": "text/plain" } }],
    ];
    for (const [status, options] of cases) {
      const res = await api("POST", "/companies", options);
      assert.equal(res.status, status, res.text);
      assertErrorMessage(res.body, status, res.headers.get("x-correlation-id"));
    }
  });

  it("drops __proto__ keys from bodies", async () => {
    const res = await api("POST", "/companies", { rawBody: '{"name":"Proto","__proto__":{"isAdmin":true}}', headers: { "content-type": "application/json" } });
    assert.equal(res.status, 200);
    assert.equal(({} as Record<string, unknown>).isAdmin, undefined);
  });

  it("answers unknown routes with a 404 ErrorMessage (wrong methods: method-not-allowed.test.ts)", async () => {
    for (const [method, url] of [["GET", "/nothing-here"], ["POST", "/nothing/at/all"], ["PUT", "/companies/x/y/z"], ["GET", "/companies/x/y/z"]] as const) {
      const res = await fetch(`${server.url}${url}`, { method, headers: { authorization: server.authHeader } });
      assert.equal(res.status, 404, `${method} ${url}`);
      assertErrorMessage((await res.json()) as Record<string, unknown>, 404, res.headers.get("x-correlation-id"));
    }
  });

  it("puts the correlation id on success responses and on the request's log line", async () => {
    const res = await api("GET", "/companies", {});
    const id = res.headers.get("x-correlation-id");
    assert.match(String(id), /^[0-9a-f]{32}$/);
    const line = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.correlationId === id);
    assert.ok(line, "a log line carries the correlation id");
    assert.equal(line.statusCode, 200);
    assert.equal(line.url, "/companies");
    assert.ok(!logLines.some((l) => l.includes(server.apiKey)), "the API key is never logged");
  });

  it("rate-limits per key with 429 and Retry-After", async () => {
    const limited = await startTestServer({ dialect, env: { RATE_LIMIT_PER_MINUTE: "3" } });
    try {
      const limitedApi = apiClient(limited);
      for (let i = 0; i < 3; i++) assert.equal((await limitedApi("GET", "/companies", {})).status, 200);
      const res = await limitedApi("GET", "/companies", {});
      assert.equal(res.status, 429);
      assert.equal(res.body.canBeRetried, "True");
      const retryAfter = Number(res.headers.get("retry-after"));
      assert.ok(retryAfter >= 1 && retryAfter <= 60, String(retryAfter));
      assertErrorMessage(res.body, 429, res.headers.get("x-correlation-id"));
      const other = await limited.createClient("Unaffected");
      assert.equal((await apiClient({ url: limited.url, authHeader: other.authHeader })("GET", "/companies", {})).status, 200, "the limit is per key");
    } finally {
      await limited.close();
    }
  });

  it("answers internal failures with a generic 500 and readiness with 503", async () => {
    const broken = await startTestServer({ dialect });
    try {
      await broken.db.destroy();
      const res = await apiClient(broken)("POST", "/companies", { body: { name: "Nope" } });
      assert.equal(res.status, 500);
      assertErrorMessage(res.body, 500, res.headers.get("x-correlation-id"));
      assert.equal(res.body.error, "There is a problem with our server. Please try again later.");
      assert.ok(!/kysely|driver|destroyed|stack|at /i.test(res.text), res.text);
      const ready = await fetch(`${broken.url}/readyz`);
      assert.equal(ready.status, 503);
      assert.equal(((await ready.json()) as { canBeRetried: string }).canBeRetried, "True");
    } finally {
      await broken.close();
    }
  });

  it("drains on shutdown: the running request finishes, a new one gets 503 canBeRetried True", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "platform-drain-"));
    const config = loadConfig({ DATABASE_URL: "sqlite::memory:", LOG_LEVEL: "silent", PORT: "0", DATA_DIR: dataDir }, dataDir);
    const app = await buildApp({ config });
    let release!: () => void;
    let arrived!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const started = new Promise<void>((resolve) => (arrived = resolve));
    app.get("/slow", { config: { auth: "none" } }, async () => {
      arrived();
      await gate;
      return { done: true };
    });
    await app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = app.server.address() as { port: number };
    const base = `http://127.0.0.1:${port}`;
    const slow = fetch(`${base}/slow`);
    await started;
    const drained = app.drain();
    const refused = await fetch(`${base}/healthz`);
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get("connection"), "close");
    const body = (await refused.json()) as Record<string, unknown>;
    assert.equal(body.statusCode, 503);
    release();
    const finished = await slow;
    assert.equal(finished.status, 200);
    assert.deepEqual(await finished.json(), { done: true });
    await drained;
    await assert.rejects(fetch(`${base}/healthz`), "closed after the last running request");
    assert.equal(body.canBeRetried, "True");
  });
});
