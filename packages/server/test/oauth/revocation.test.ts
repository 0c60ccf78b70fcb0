// Revoking grants at the platforms: each strategy's exact request against a real HTTP server on
// loopback, which answers count as done, retried or refused, and the durable queue on both
// databases (queued in the caller's transaction, retried on schedule while a platform is down,
// given up with its secrets erased, never revoked twice by two nodes sharing PostgreSQL), and
// one RFC 7009 revocation against a real authorization server.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, beforeEach, describe, it } from "node:test";
import type { Kysely } from "kysely";
import { authorizeUrl, type AppCredentials } from "../../src/oauth/client.js";
import { withDefaults, type OAuthDefinition, type Revocation } from "../../src/oauth/definition.js";
import type { OutboundPolicy } from "../../src/oauth/outbound.js";
import { revokeAtPlatform, RevocationFailure, scheduleRevocation, type RevocationRequest } from "../../src/oauth/revocation.js";
import { MAX_REVOCATION_ATTEMPTS, REVOCATION_RETRY_DELAYS_MS, revocationRetryDelayMs, Revoker } from "../../src/oauth/revoker.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase, type DialectName } from "../../src/storage/dialect.js";
import { migrateToLatest } from "../../src/storage/migrate.js";
import { createClient } from "../../src/storage/repositories/clients.js";
import { claimDueRevocations, deleteFinishedRevocations, listRevocations } from "../../src/storage/repositories/revocations.js";
import type { Database } from "../../src/storage/schema.js";
import { SecretBox } from "../../src/tokens/secret-box.js";
import { authorizeWithFetch, startAuthorizationServer } from "@codat/test-kit/authorization-server";
import { createPostgresDatabase } from "@codat/test-kit/postgres";
import { forEachDialect } from "@codat/test-kit/dialects";
import { freeLoopbackUrl } from "@codat/test-kit/ports";

// --- a platform on loopback --------------------------------------------------------------------

interface Recorded {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

interface Answer {
  status: number;
  json?: unknown;
  /** Never answers (for timeouts). */
  hang?: boolean;
  delayMs?: number;
}

interface Platform {
  url: string;
  /** host:port, for `{shop}`-style templates. */
  host: string;
  requests: Recorded[];
  answer: (request: Recorded) => Answer;
  close(): Promise<void>;
}

async function startPlatform(): Promise<Platform> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request: Recorded = { method: req.method ?? "", path: req.url ?? "/", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      platform.requests.push(request);
      const answer = platform.answer(request);
      if (answer.hang) return;
      const send = () => {
        if (answer.json === undefined) res.writeHead(answer.status).end();
        else res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.json));
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const platform: Platform = {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests: [],
    answer: () => ({ status: 200, json: {} }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return platform;
}

// --- requests ----------------------------------------------------------------------------------

const ACCESS = "at-SECRET-access-0001";
const REFRESH = "rt-SECRET-refresh-0002";
const CLIENT_SECRET = "cs-SECRET/with+chars 0003";
const app: AppCredentials = { clientId: "app id:1", clientSecret: CLIENT_SECRET, scopes: null };
const policy: OutboundPolicy = { allowPrivate: true, timeoutMs: 2000 };

function definitionOf(platform: Platform, revocation: Revocation, overrides: Partial<OAuthDefinition> = {}): OAuthDefinition {
  return withDefaults({ authorizeUrl: `${platform.url}/authorize`, tokenUrl: `${platform.url}/token`, revocation, scopes: [], apiBaseUrl: platform.url, ...overrides });
}

function requestOf(definition: OAuthDefinition, overrides: Partial<RevocationRequest> = {}): RevocationRequest {
  return { platformName: "Test Platform", definition, values: {}, app, accessToken: ACCESS, refreshToken: REFRESH, ...overrides };
}

const form = (body: string) => Object.fromEntries(new URLSearchParams(body));

async function failureOf(promise: Promise<void>): Promise<RevocationFailure> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof RevocationFailure, `expected a RevocationFailure, got ${String(error)}`);
    for (const secret of [ACCESS, REFRESH, CLIENT_SECRET]) assert.ok(!error.message.includes(secret), `the message holds a secret: ${error.message}`);
    return error;
  }
  assert.fail("expected the revocation to fail");
}

describe("revokeAtPlatform", () => {
  let platform: Platform;
  before(async () => {
    platform = await startPlatform();
  });
  after(async () => {
    await platform.close();
  });
  beforeEach(() => {
    platform.requests.length = 0;
    platform.answer = () => ({ status: 200, json: {} });
  });

  it("rfc7009 revokes the refresh token with a hint, client_secret_basic", async () => {
    await revokeAtPlatform(requestOf(definitionOf(platform, { kind: "rfc7009", url: `${platform.url}/connect/revocation` })), policy);
    assert.equal(platform.requests.length, 1);
    const [request] = platform.requests;
    assert.equal(request!.method, "POST");
    assert.equal(request!.path, "/connect/revocation");
    assert.match(String(request!.headers["content-type"]), /^application\/x-www-form-urlencoded/);
    const basic = Buffer.from(String(request!.headers.authorization).replace(/^Basic /, ""), "base64").toString("utf8");
    const [id, secret] = basic.split(":").map((part) => decodeURIComponent(part.replace(/\+/g, " ")));
    assert.deepEqual([id, secret], [app.clientId, app.clientSecret]);
    assert.deepEqual(form(request!.body), { token: REFRESH, token_type_hint: "refresh_token" });
  });

  it("rfc7009 revokes the access token when there is no refresh token, client_secret_post, templated URL", async () => {
    const definition = definitionOf(platform, { kind: "rfc7009", url: "{accounts-server}/oauth/v2/token/revoke" }, { clientAuthentication: "client_secret_post" });
    await revokeAtPlatform(requestOf(definition, { refreshToken: undefined, values: { "accounts-server": platform.url } }), policy);
    const [request] = platform.requests;
    assert.equal(request!.path, "/oauth/v2/token/revoke");
    assert.equal(request!.headers.authorization, undefined);
    assert.deepEqual(form(request!.body), { token: ACCESS, token_type_hint: "access_token", client_id: app.clientId, client_secret: app.clientSecret });
  });

  it("rfc7009 falls back to the access token when refresh tokens are unsupported, and counts 'already gone' as done", async () => {
    const definition = definitionOf(platform, { kind: "rfc7009", url: `${platform.url}/revoke` });
    platform.answer = (r) => (form(r.body).token === REFRESH ? { status: 400, json: { error: "unsupported_token_type" } } : { status: 200 });
    await revokeAtPlatform(requestOf(definition), policy);
    assert.deepEqual(
      platform.requests.map((r) => form(r.body).token_type_hint),
      ["refresh_token", "access_token"],
    );

    for (const error of ["invalid_token", "invalid_grant"]) {
      platform.requests.length = 0;
      platform.answer = () => ({ status: 400, json: { error, error_description: `token ${REFRESH} is unknown` } });
      await revokeAtPlatform(requestOf(definition), policy);
      assert.equal(platform.requests.length, 1);
    }
  });

  it("stripe-deauthorize posts client_id and stripe_user_id with the secret key as bearer", async () => {
    const definition = definitionOf(platform, { kind: "stripe-deauthorize", url: `${platform.url}/oauth/deauthorize` });
    await revokeAtPlatform(requestOf(definition, { values: { stripe_user_id: "acct_123" } }), policy);
    const [request] = platform.requests;
    assert.equal(request!.method, "POST");
    assert.equal(request!.path, "/oauth/deauthorize");
    assert.equal(request!.headers.authorization, `Bearer ${CLIENT_SECRET}`);
    assert.match(String(request!.headers["content-type"]), /^application\/x-www-form-urlencoded/);
    assert.deepEqual(form(request!.body), { client_id: app.clientId, stripe_user_id: "acct_123" });

    const missing = await failureOf(revokeAtPlatform(requestOf(definition), policy));
    assert.equal(missing.retryable, false);
  });

  it("square-revoke posts JSON with `Authorization: Client <secret>`", async () => {
    const definition = definitionOf(platform, { kind: "square-revoke", url: `${platform.url}/oauth2/revoke` });
    platform.answer = () => ({ status: 200, json: { success: true } });
    await revokeAtPlatform(requestOf(definition), policy);
    const [request] = platform.requests;
    assert.equal(request!.method, "POST");
    assert.equal(request!.path, "/oauth2/revoke");
    assert.equal(request!.headers.authorization, `Client ${CLIENT_SECRET}`);
    assert.match(String(request!.headers["content-type"]), /^application\/json/);
    assert.deepEqual(JSON.parse(request!.body), { client_id: app.clientId, access_token: ACCESS });
  });

  it("shopify-uninstall deletes with the shop's access token; 404 means already uninstalled", async () => {
    const definition = definitionOf(platform, { kind: "shopify-uninstall", url: "http://{shop}/admin/api_permissions/current.json" });
    const request = requestOf(definition, { values: { shop: platform.host } });
    await revokeAtPlatform(request, policy);
    assert.equal(platform.requests.length, 1);
    assert.equal(platform.requests[0]!.method, "DELETE");
    assert.equal(platform.requests[0]!.path, "/admin/api_permissions/current.json");
    assert.equal(platform.requests[0]!.headers["x-shopify-access-token"], ACCESS);
    assert.equal(platform.requests[0]!.body, "");

    platform.answer = () => ({ status: 404, json: { errors: "Not Found" } });
    await revokeAtPlatform(request, policy);
  });

  it("shopify-uninstall refreshes an expired access token once and uninstalls with the new one", async () => {
    const definition = definitionOf(
      platform,
      { kind: "shopify-uninstall", url: "http://{shop}/admin/api_permissions/current.json" },
      { tokenUrl: "http://{shop}/admin/oauth/access_token", clientAuthentication: "client_secret_post", tokenParameters: { expiring: "1" } },
    );
    platform.answer = (r) => {
      if (r.path === "/admin/oauth/access_token") return { status: 200, json: { access_token: "fresh-access", refresh_token: "fresh-refresh", expires_in: 3600, scope: "read_orders" } };
      return r.headers["x-shopify-access-token"] === "fresh-access" ? { status: 200, json: {} } : { status: 401, json: { errors: "[API] Invalid API key or access token" } };
    };
    await revokeAtPlatform(requestOf(definition, { values: { shop: platform.host } }), policy);
    assert.deepEqual(
      platform.requests.map((r) => `${r.method} ${r.path}`),
      ["DELETE /admin/api_permissions/current.json", "POST /admin/oauth/access_token", "DELETE /admin/api_permissions/current.json"],
    );
    assert.deepEqual(form(platform.requests[1]!.body), { grant_type: "refresh_token", refresh_token: REFRESH, client_id: app.clientId, client_secret: CLIENT_SECRET, expiring: "1" });
  });

  it("network errors, timeouts, 408, 429 and 5xx are retryable; other 4xx are not; no message holds a secret", async () => {
    const cases: Array<[Revocation["kind"], Answer, boolean]> = [
      ["rfc7009", { status: 500, json: { error: "server_error" } }, true],
      ["rfc7009", { status: 503 }, true],
      ["rfc7009", { status: 429, json: { error: "slow_down" } }, true],
      ["stripe-deauthorize", { status: 408 }, true],
      ["square-revoke", { status: 502 }, true],
      ["shopify-uninstall", { status: 500 }, true],
      ["rfc7009", { status: 401, json: { error: "invalid_client", error_description: `bad secret ${CLIENT_SECRET}` } }, false],
      ["rfc7009", { status: 400, json: { error: "invalid_request", error_description: `token ${ACCESS}` } }, false],
      ["stripe-deauthorize", { status: 401, json: { error: "invalid_client" } }, false],
      ["square-revoke", { status: 403, json: { errors: [{ code: "FORBIDDEN", detail: ACCESS }] } }, false],
      ["shopify-uninstall", { status: 403 }, false],
      ["shopify-uninstall", { status: 401 }, false],
    ];
    for (const [kind, answer, retryable] of cases) {
      platform.answer = () => answer;
      const url = kind === "shopify-uninstall" ? `http://{shop}/admin/api_permissions/current.json` : `${platform.url}/revoke`;
      const request = requestOf(definitionOf(platform, { kind, url } as Revocation), {
        values: { shop: platform.host, stripe_user_id: "acct_1" },
        ...(kind === "shopify-uninstall" ? { refreshToken: undefined } : {}),
      });
      const failure = await failureOf(revokeAtPlatform(request, policy));
      assert.equal(failure.retryable, retryable, `${kind} answered ${answer.status}: ${failure.message}`);
      assert.match(failure.message, new RegExp(`HTTP ${answer.status}`));
    }

    // Nobody listening.
    const down = await freeLoopbackUrl();
    const refused = await failureOf(revokeAtPlatform(requestOf(definitionOf(platform, { kind: "rfc7009", url: `${down}/revoke` })), policy));
    assert.equal(refused.retryable, true);
    assert.match(refused.message, /ECONNREFUSED/);

    // A platform that never answers.
    platform.answer = () => ({ status: 200, hang: true });
    const slow = await failureOf(revokeAtPlatform(requestOf(definitionOf(platform, { kind: "square-revoke", url: `${platform.url}/revoke` })), { ...policy, timeoutMs: 200 }));
    assert.equal(slow.retryable, true);
    assert.match(slow.message, /timed out/);

    // A loopback URL without PLATFORM_ALLOW_PRIVATE_URLS: refused for good.
    platform.answer = () => ({ status: 200 });
    const forbidden = await failureOf(revokeAtPlatform(requestOf(definitionOf(platform, { kind: "stripe-deauthorize", url: `${platform.url}/x` }), { values: { stripe_user_id: "acct_1" } }), { allowPrivate: false, timeoutMs: 2000 }));
    assert.equal(forbidden.retryable, false);
  });

  it("kind none calls nothing", async () => {
    await revokeAtPlatform(requestOf(definitionOf(platform, { kind: "none" })), policy);
    assert.equal(platform.requests.length, 0);
  });
});

describe("the retry schedule", () => {
  it("makes eight attempts over most of a day", () => {
    assert.equal(MAX_REVOCATION_ATTEMPTS, 8);
    const nominal = REVOCATION_RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);
    assert.ok(nominal > 20 * 3600_000 && nominal < 24 * 3600_000);
    assert.equal(revocationRetryDelayMs(1, () => 0.5), 30_000);
    assert.equal(revocationRetryDelayMs(7, () => 0.5), 12 * 3600_000);
    assert.equal(revocationRetryDelayMs(8, () => 0.5), undefined);
    assert.equal(revocationRetryDelayMs(1, () => 0), 27_000);
  });
});

// --- the queue ---------------------------------------------------------------------------------

interface TestDatabase {
  db: Kysely<Database>;
  databaseUrl: string;
  close(): Promise<void>;
}

/** A migrated database: SQLite in a temp file, or a fresh PostgreSQL database (storage only, no app). */
async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  if (dialect === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), "revocations-"));
    const databaseUrl = `sqlite:${path.join(dir, "test.sqlite")}`;
    const { db } = openDatabase(databaseUrl);
    await migrateToLatest(db);
    return { db, databaseUrl, close: async () => (await db.destroy(), rmSync(dir, { recursive: true, force: true })) };
  }
  const pgDatabase = await createPostgresDatabase();
  const { db } = openDatabase(pgDatabase.url);
  await migrateToLatest(db);
  return { db, databaseUrl: pgDatabase.url, close: async () => (await db.destroy(), await pgDatabase.drop()) };
}

const box = SecretBox.fromSecret("revocation-test-secret-0123456789abcdef");

interface LogLine {
  level: "warn" | "error";
  details: Record<string, unknown>;
  message: string;
}

function capturingLog(lines: LogLine[]) {
  return {
    warn: (details: object, message: string) => lines.push({ level: "warn", details: details as Record<string, unknown>, message }),
    error: (details: object, message: string) => lines.push({ level: "error", details: details as Record<string, unknown>, message }),
  };
}

let connectionCounter = 0;
const nextConnectionId = () => `00000000-0000-4000-8000-${String(++connectionCounter).padStart(12, "0")}`;

async function queue(db: Kysely<Database>, clientId: string, request: RevocationRequest, now: Date, connectionId = nextConnectionId()): Promise<string> {
  await db.transaction().execute((trx) => scheduleRevocation(trx, box, { clientId, connectionId, platformKey: "test-platform", request, now }));
  return connectionId;
}

forEachDialect("revocation queue", (dialect) => {
  let database: TestDatabase | undefined;
  let platform: Platform;
  let clientId: string;
  let clock = Date.parse("2030-01-01T00:00:00.000Z");
  const lines: LogLine[] = [];
  const db = () => database!.db;
  const revokerFor = (handle: Kysely<Database>, extra: Partial<ConstructorParameters<typeof Revoker>[0]> = {}) =>
    new Revoker({ db: handle, secretBox: box, policy, pollIntervalMs: 20, log: capturingLog(lines), now: () => new Date(clock), random: () => 0.5, ...extra });
  const squareRequest = (overrides: Partial<RevocationRequest> = {}) => requestOf(definitionOf(platform, { kind: "square-revoke", url: `${platform.url}/oauth2/revoke` }), overrides);

  before(async () => {
    database = await createTestDatabase(dialect);
    platform = await startPlatform();
    clientId = (await createClient(db(), { name: "Revocations", now: new Date(clock) })).id;
  });
  after(async () => {
    await platform?.close();
    await database?.close();
  });
  beforeEach(() => {
    platform.requests.length = 0;
    platform.answer = () => ({ status: 200, json: { success: true } });
    lines.length = 0;
    clock += 24 * 3600_000;
  });

  it("queues in the caller's transaction, sealed; a rollback queues nothing; kind none queues nothing", async () => {
    const committed = await queue(db(), clientId, squareRequest(), new Date(clock));
    const [row] = await listRevocations(db(), clientId, committed);
    assert.equal(row?.state, "Pending");
    assert.equal(row?.attempts, 0);
    assert.equal(row?.holdsRequest, true);
    const raw = await db().selectFrom("revocations").select("request_sealed").where("connection_id", "=", committed).executeTakeFirstOrThrow();
    for (const secret of [ACCESS, REFRESH, CLIENT_SECRET]) assert.ok(!raw.request_sealed!.includes(secret));

    const rolledBack = nextConnectionId();
    await assert.rejects(
      db()
        .transaction()
        .execute(async (trx) => {
          await scheduleRevocation(trx, box, { clientId, connectionId: rolledBack, platformKey: "test-platform", request: squareRequest(), now: new Date(clock) });
          throw new Error("the unlink failed");
        }),
      /the unlink failed/,
    );
    assert.deepEqual(await listRevocations(db(), clientId, rolledBack), []);

    const none = await queue(db(), clientId, requestOf(definitionOf(platform, { kind: "none" })), new Date(clock));
    assert.deepEqual(await listRevocations(db(), clientId, none), []);

    // Drain what this test queued.
    await revokerFor(db()).runOnce();
    assert.equal((await listRevocations(db(), clientId, committed))[0]?.state, "Done");
  });

  it("runOnce revokes at the platform and erases the sealed request", async () => {
    const connectionId = await queue(db(), clientId, squareRequest(), new Date(clock));
    assert.equal(await revokerFor(db()).runOnce(), 1);
    assert.equal(platform.requests.length, 1);
    assert.deepEqual(JSON.parse(platform.requests[0]!.body), { client_id: app.clientId, access_token: ACCESS });
    const [row] = await listRevocations(db(), clientId, connectionId);
    assert.equal(row?.state, "Done");
    assert.equal(row?.attempts, 1);
    assert.equal(row?.holdsRequest, false);
    assert.equal(row?.finished, new Date(clock).toISOString());
    assert.equal(await revokerFor(db()).runOnce(), 0, "nothing left");
  });

  it("a down platform is retried later without holding up other revocations", async () => {
    const down = await freeLoopbackUrl();
    const downConnection = await queue(db(), clientId, requestOf(definitionOf(platform, { kind: "square-revoke", url: `${down}/oauth2/revoke` })), new Date(clock));
    const upConnection = await queue(db(), clientId, squareRequest(), new Date(clock));
    const revoker = revokerFor(db());
    assert.equal(await revoker.runOnce(), 2);

    assert.equal((await listRevocations(db(), clientId, upConnection))[0]?.state, "Done");
    const [pending] = await listRevocations(db(), clientId, downConnection);
    assert.equal(pending?.state, "Pending");
    assert.equal(pending?.attempts, 1);
    assert.equal(pending?.holdsRequest, true);
    assert.equal(pending?.lockedUntil, null);
    assert.equal(pending?.nextAttempt, new Date(clock + 30_000).toISOString());
    assert.match(pending?.lastError ?? "", /ECONNREFUSED/);
    const warning = lines.find((line) => line.level === "warn");
    assert.deepEqual(
      { ...warning?.details, reason: undefined, nextAttempt: undefined },
      { revocationId: pending?.id, connectionId: downConnection, platformKey: "test-platform", attempt: 1, reason: undefined, nextAttempt: undefined },
    );

    // Not due yet.
    clock += 10_000;
    assert.equal(await revoker.runOnce(), 0);

    // The platform is back (same strategy, now reachable): the row's own request is replayed, so
    // bring a server up on the address it names.
    clock += 25_000;
    const port = Number(new URL(down).port);
    const back = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end('{"success":true}'));
    });
    await new Promise<void>((resolve) => back.listen(port, "127.0.0.1", resolve));
    try {
      assert.equal(await revoker.runOnce(), 1);
    } finally {
      back.closeAllConnections();
      await new Promise<void>((resolve) => back.close(() => resolve()));
    }
    const [done] = await listRevocations(db(), clientId, downConnection);
    assert.equal(done?.state, "Done");
    assert.equal(done?.attempts, 2);
    assert.equal(done?.holdsRequest, false);
  });

  it("gives up after the schedule: Failed, request erased, an error logged", async () => {
    platform.answer = () => ({ status: 503 });
    const connectionId = await queue(db(), clientId, squareRequest(), new Date(clock));
    const revoker = revokerFor(db());
    for (let attempt = 1; attempt <= MAX_REVOCATION_ATTEMPTS; attempt++) {
      assert.equal(await revoker.runOnce(), 1, `attempt ${attempt}`);
      const [row] = await listRevocations(db(), clientId, connectionId);
      assert.equal(row?.attempts, attempt);
      if (attempt < MAX_REVOCATION_ATTEMPTS) {
        assert.equal(row?.state, "Pending");
        assert.equal(row?.nextAttempt, new Date(clock + REVOCATION_RETRY_DELAYS_MS[attempt - 1]!).toISOString());
        clock = Date.parse(row!.nextAttempt);
      }
    }
    const [row] = await listRevocations(db(), clientId, connectionId);
    assert.equal(row?.state, "Failed");
    assert.equal(row?.holdsRequest, false);
    assert.match(row?.lastError ?? "", /HTTP 503/);
    assert.equal(platform.requests.length, MAX_REVOCATION_ATTEMPTS);
    assert.equal(lines.filter((line) => line.level === "warn").length, MAX_REVOCATION_ATTEMPTS - 1);
    const errors = lines.filter((line) => line.level === "error");
    assert.equal(errors.length, 1);
    assert.equal(errors[0]?.details.attempt, MAX_REVOCATION_ATTEMPTS);
    clock += 365 * 24 * 3600_000;
    assert.equal(await revoker.runOnce(), 0);
  });

  it("a refusal fails for good at once", async () => {
    platform.answer = () => ({ status: 401, json: { errors: [{ code: "UNAUTHORIZED" }] } });
    const connectionId = await queue(db(), clientId, squareRequest(), new Date(clock));
    await revokerFor(db()).runOnce();
    const [row] = await listRevocations(db(), clientId, connectionId);
    assert.equal(row?.state, "Failed");
    assert.equal(row?.attempts, 1);
    assert.equal(row?.holdsRequest, false);
    assert.equal(row?.lastError, "Test Platform answered HTTP 401 (UNAUTHORIZED).");
    assert.equal(lines.filter((line) => line.level === "error").length, 1);
  });

  it("a claim holds its rows until the lease runs out (a node that died mid-attempt)", async () => {
    const connectionId = await queue(db(), clientId, squareRequest(), new Date(clock));
    const revoker = revokerFor(db());
    const [claimed] = await claimDueRevocations(db(), { now: new Date(clock), limit: 10, leaseMs: revoker.leaseMs });
    assert.equal(claimed?.connectionId, connectionId);
    assert.equal(claimed?.attempt, 1);
    assert.equal(await revoker.runOnce(), 0, "leased by the node that died");
    clock += revoker.leaseMs + 1;
    assert.equal(await revoker.runOnce(), 1);
    assert.equal((await listRevocations(db(), clientId, connectionId))[0]?.state, "Done");
  });

  it("deletes finished revocations after the retention, never pending ones", async () => {
    platform.answer = () => ({ status: 503 });
    const pending = await queue(db(), clientId, squareRequest(), new Date(clock));
    await revokerFor(db()).runOnce();
    const finished = (await listRevocations(db(), clientId)).filter((row) => row.state !== "Pending").length;
    assert.ok(finished > 0);
    assert.equal(await deleteFinishedRevocations(db(), { now: new Date(clock), olderThanDays: 100_000 }), 0);
    assert.equal(await deleteFinishedRevocations(db(), { now: new Date(clock + 400 * 24 * 3600_000), olderThanDays: 30 }), finished);
    const left = await listRevocations(db(), clientId);
    assert.deepEqual(left.map((row) => row.connectionId), [pending]);
  });

  it("start() revokes without runOnce, and wake() looks at once", async () => {
    const revoker = revokerFor(db(), { pollIntervalMs: 60_000 });
    revoker.start();
    try {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const connectionId = await queue(db(), clientId, squareRequest(), new Date(clock));
      revoker.wake();
      const deadline = Date.now() + 5000;
      while ((await listRevocations(db(), clientId, connectionId))[0]?.state !== "Done") {
        assert.ok(Date.now() < deadline, "wake() did not revoke within 5 s");
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await revoker.stop();
    }
  });

  if (dialect === "postgres") {
    it("two revokers on one database never revoke the same row twice", async () => {
      const second = openDatabase(database!.databaseUrl).db;
      try {
        platform.answer = () => ({ status: 200, json: { success: true }, delayMs: 5 });
        const twoNodes = (await createClient(db(), { name: "Two nodes", now: new Date(clock) })).id;
        const count = 60;
        for (let i = 0; i < count; i++) await queue(db(), twoNodes, squareRequest({ accessToken: `token-${i}` }), new Date(clock));
        const options = { secretBox: box, policy, pollIntervalMs: 5, log: capturingLog(lines), batchSize: 4, concurrency: 2, now: () => new Date(clock) };
        const nodes = [new Revoker({ ...options, db: db() }), new Revoker({ ...options, db: second })];
        const claimedBy = [0, 0];
        await Promise.all(
          nodes.map(async (node, index) => {
            for (let round = 0; round < 200; round++) {
              const claimed = await node.runOnce();
              claimedBy[index]! += claimed;
              if (claimed === 0 && (await listRevocations(db(), twoNodes)).every((row) => row.state !== "Pending")) return;
            }
          }),
        );
        const tokens = platform.requests.map((r) => (JSON.parse(r.body) as { access_token: string }).access_token);
        assert.equal(tokens.length, count);
        assert.equal(new Set(tokens).size, count, "a token was revoked twice");
        assert.ok(claimedBy[0]! > 0 && claimedBy[1]! > 0, `both nodes took work: ${claimedBy.join(" / ")}`);
        const rows = await listRevocations(db(), twoNodes);
        assert.ok(rows.every((row) => row.state === "Done" && row.attempts === 1 && !row.holdsRequest));
        assert.deepEqual(lines, []);
      } finally {
        await second.destroy();
      }
    });
  }
});


// --- against a real authorization server -------------------------------------------------------

describe("rfc7009 against a real authorization server", () => {
  it("after revocation the refresh token is no longer active", async () => {
    const redirectUri = "http://127.0.0.1:9/callback";
    const server = await startAuthorizationServer({
      clients: [{ clientId: "revoking-app", clientSecret: "revoking-app-secret-0123456789", redirectUris: [redirectUri] }],
      pkceRequired: false,
    });
    try {
      const definition: OAuthDefinition = {
        ...definitionOf({ url: server.issuer } as Platform, { kind: "rfc7009", url: server.revocationUrl }),
        issuer: server.issuer,
        authorizeUrl: server.authorizeUrl,
        tokenUrl: server.tokenUrl,
        scopes: ["accounting.read"],
        apiBaseUrl: `${server.issuer}/api`,
      };
      const credentials: AppCredentials = { clientId: "revoking-app", clientSecret: "revoking-app-secret-0123456789", scopes: null };
      const callback = await authorizeWithFetch(authorizeUrl(definition, credentials, {}, { state: "state-1", redirectUri }), "alice");
      const code = callback.searchParams.get("code");
      assert.ok(code, `no code in ${callback.href}`);
      // The exchange itself, plainly: this test is about the revocation.
      const exchanged = await fetch(server.tokenUrl, {
        method: "POST",
        headers: { authorization: `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString("base64")}` },
        body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirectUri }),
      });
      assert.equal(exchanged.status, 200);
      const body = (await exchanged.json()) as { access_token: string; refresh_token?: string };
      const tokens = { accessToken: body.access_token, refreshToken: body.refresh_token };
      assert.ok(tokens.refreshToken);
      assert.equal(await server.isActive(tokens.refreshToken), true);
      assert.equal(await server.isActive(tokens.accessToken), true);

      await revokeAtPlatform(
        { platformName: "Platform", definition, values: {}, app: credentials, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken },
        policy,
      );
      assert.equal(await server.isActive(tokens.refreshToken), false);
      assert.equal(await server.isActive(tokens.accessToken), false, "the whole grant is gone");
      assert.equal(server.counts.revocations, 1);

      // Again: the token is unknown now, which is as good as revoked.
      await revokeAtPlatform(
        { platformName: "Platform", definition, values: {}, app: credentials, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken },
        policy,
      );
    } finally {
      await server.close();
    }
  });
});
