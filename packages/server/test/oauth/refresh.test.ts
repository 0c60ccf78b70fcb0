// Connections stay alive (points 1, 3 and 4 of the issue), end to end on SQLite and PostgreSQL
// against real token endpoints (the kit's oidc-provider, and a small refresh-grant endpoint of
// this file for what oidc-provider never answers):
//
// 1. grants are refreshed ahead of expiry by the background refresher, again and again, each time
//    with the refresh token the previous refresh rotated in; a refresh answer without a refresh
//    token keeps the old one; one without `expires_in` is taken to live the definition's
//    `accessTokenLifetimeSeconds` or the default hour; an idle connection is refreshed every half
//    of its refresh token's idle life (keep-alive);
// 3. a grant revoked at the platform (`invalid_grant`) makes the connection Deauthorized with an
//    active error and a `connection.disconnected` webhook, and reconnecting it resolves the error;
// 4. an outage is not a revocation: retries backed off per connection, one active error each,
//    resolved once the platform is back; only 72 hours of failures in a row deauthorize.
//
// Each test has a server of its own whose clock is real time plus an offset the test moves
// forward: days of schedule take milliseconds, while the platforms' own clocks stay real.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { it, type TestContext } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import {
  DEAUTHORIZE_AFTER_MS,
  DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS,
  DEFAULT_REFRESH_MARGIN_SECONDS,
  FIRST_BACKOFF_MS,
  MAX_BACKOFF_MS,
} from "../../src/oauth/refresh-schedule.js";
import { apiClient, type Api } from "@codat/test-kit/api";
import { forEachDialect, type DialectName } from "@codat/test-kit/dialects";
import { grantTokensOf, startOAuthPlatform, type OAuthPlatform, type OAuthPlatformOptions } from "@codat/test-kit/oauth";
import { startReceiver, type Receiver } from "@codat/test-kit/receiver";
import { startTestServer, type TestServer } from "@codat/test-kit/server";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
/** Refresher rounds are this far apart when idle: a few of them pass in any wait below. */
const POLL_MS = 25;
const ENV = {
  PLATFORM_ALLOW_PRIVATE_URLS: "true",
  WEBHOOK_ALLOW_PRIVATE_URLS: "true",
  WEBHOOK_POLL_INTERVAL_MS: "50",
  REFRESH_POLL_INTERVAL_MS: String(POLL_MS),
};
/** When a default grant (an hour's access token) is due: its expiry less the default margin. */
const DEFAULT_DUE_MS = (DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS - DEFAULT_REFRESH_MARGIN_SECONDS) * 1000;

interface ConnectionError {
  statusCode: string;
  statusText: string;
  errorMessage: string;
  erroredOnUtc: string;
  status: "Active" | "Resolved";
  resolvedOnUtc?: string;
}

interface WebhookBody {
  eventType: string;
  payload: { connection?: { id: string; status: string; dataConnectionErrors?: ConnectionError[] } };
}

/** Real time plus an offset that only grows: the server's clock. */
type MovableClock = (() => Date) & { advance(ms: number): void };
function movableClock(): MovableClock {
  let offset = 0;
  return Object.assign(() => new Date(Date.now() + offset), {
    advance: (ms: number) => {
      offset += ms;
    },
  });
}

async function eventually(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`${what}: not within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** Runs `body` with `limit` of `items` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, body: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await body(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

interface Linked {
  companyId: string;
  connectionId: string;
  linkUrl: string;
}

interface Harness {
  server: TestServer;
  api: Api;
  clock: MovableClock;
  /** The server's JSON log lines (info and above). */
  logLines: string[];
  credentials(connectionId: string): Promise<
    | { version: number; failures: number; failing_since: string | null; refresh_due_date: string | null; expires_date: string | null; obtained_date: string; modified_date: string }
    | undefined
  >;
  connection(linked: Linked): Promise<{ status: string; dataConnectionErrors?: ConnectionError[] }>;
}

/** A server of the test's own (closed when the test ends), with a movable clock. */
async function harness(t: TestContext, dialect: DialectName): Promise<Harness> {
  const clock = movableClock();
  const logLines: string[] = [];
  const server = await startTestServer({ dialect, clock, env: ENV, logLines });
  t.after(() => server.close());
  const api = apiClient(server);
  return {
    server,
    api,
    clock,
    logLines,
    credentials: (connectionId) =>
      server.db
        .selectFrom("connection_credentials")
        .select(["version", "failures", "failing_since", "refresh_due_date", "expires_date", "obtained_date", "modified_date"])
        .where("connection_id", "=", connectionId)
        .executeTakeFirst()
        .then((row) => row && { ...row, version: Number(row.version), failures: Number(row.failures) }),
    connection: async ({ companyId, connectionId }) => {
      const res = await api("GET", "/companies/{companyId}/connections/{connectionId}", { params: { companyId, connectionId } });
      assert.equal(res.status, 200, res.text);
      return res.body;
    },
  };
}

async function kitPlatform(t: TestContext, h: Harness, options: OAuthPlatformOptions = {}): Promise<OAuthPlatform> {
  const platform = await startOAuthPlatform(h.server, options);
  t.after(() => platform.close());
  return platform;
}

/** A connection linked to `account` through its linkUrl at the kit's platform. */
async function linkAtKit(platform: OAuthPlatform, account: string): Promise<Linked> {
  const { companyId, connection } = await platform.createConnection(`${account} Ltd`);
  const { response, html } = await platform.connectWithFetch(connection.linkUrl, account);
  assert.equal(response.status, 200, html);
  return { companyId, connectionId: connection.id, linkUrl: connection.linkUrl };
}

/** Refresh-grant requests the kit's platform received. */
const refreshRequests = (platform: OAuthPlatform) => platform.server.tokenRequestLog.filter((entry) => entry.grantType === "refresh_token");

/** How many "refresh failed; retrying later" lines the server logged for each connection. */
function retriesLogged(logLines: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of logLines) {
    if (!line.includes("retrying later")) continue;
    const entry = JSON.parse(line) as { msg?: string; connectionId?: string };
    if (entry.msg === "refresh failed; retrying later" && entry.connectionId) counts.set(entry.connectionId, (counts.get(entry.connectionId) ?? 0) + 1);
  }
  return counts;
}

/** A minute of the server's clock passes in 2-second steps, the refresher polling a few times in each. */
async function aMinutePasses(clock: MovableClock): Promise<void> {
  for (let seconds = 0; seconds < 60; seconds += 2) {
    await sleep(2 * POLL_MS);
    clock.advance(2000);
  }
}

const activeErrors = (connection: { dataConnectionErrors?: ConnectionError[] }) => (connection.dataConnectionErrors ?? []).filter((error) => error.status === "Active");

async function whoami(platform: OAuthPlatform, accessToken: string): Promise<{ status: number; account?: string }> {
  const res = await fetch(platform.server.resourceUrl, { headers: { authorization: `Bearer ${accessToken}` } });
  const body = (await res.json()) as { account?: string };
  return { status: res.status, ...(body.account ? { account: body.account } : {}) };
}

// --- a token endpoint that says less than oidc-provider ------------------------------------------

/**
 * A minimal OAuth 2.0 platform on loopback (node:http): an authorize endpoint that consents at
 * once, and a token endpoint for the code and refresh grants whose answers leave out what a test
 * asks (`refresh_token` on refreshes, `expires_in`). Its refresh tokens never rotate, and only a
 * grant's own refresh token is accepted.
 */
interface PlainPlatform {
  url: string;
  refreshes: Array<{ refreshToken: string; at: number }>;
  close(): Promise<void>;
}

async function startPlainPlatform(options: { refreshTokenOnRefresh: boolean; expiresIn: number | undefined }): Promise<PlainPlatform> {
  let grants = 0;
  const codes = new Map<string, string>();
  const refreshTokens = new Set<string>();
  const refreshes: PlainPlatform["refreshes"] = [];
  const json = (res: http.ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(body));
  const tokens = (grant: string, refreshToken: boolean) => ({
    access_token: `at-${grant}-${randomPart()}`,
    token_type: "Bearer",
    ...(refreshToken ? { refresh_token: `rt-${grant}` } : {}),
    ...(options.expiresIn === undefined ? {} : { expires_in: options.expiresIn }),
  });
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (req.method === "GET" && url.pathname === "/authorize") {
      const grant = String(++grants);
      const code = `code-${grant}-${randomPart()}`;
      codes.set(code, grant);
      const back = new URL(url.searchParams.get("redirect_uri") ?? "");
      back.searchParams.set("code", code);
      back.searchParams.set("state", url.searchParams.get("state") ?? "");
      res.writeHead(302, { location: back.href }).end();
      return;
    }
    if (req.method !== "POST" || url.pathname !== "/token") return json(res, 404, { error: "not_found" });
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      if (form.get("grant_type") === "authorization_code") {
        const grant = codes.get(form.get("code") ?? "");
        if (!grant) return json(res, 400, { error: "invalid_grant" });
        codes.delete(form.get("code")!);
        refreshTokens.add(`rt-${grant}`);
        return json(res, 200, tokens(grant, true));
      }
      if (form.get("grant_type") === "refresh_token") {
        const refreshToken = form.get("refresh_token") ?? "";
        refreshes.push({ refreshToken, at: Date.now() });
        if (!refreshTokens.has(refreshToken)) return json(res, 400, { error: "invalid_grant" });
        return json(res, 200, tokens(refreshToken.slice("rt-".length), options.refreshTokenOnRefresh));
      }
      return json(res, 400, { error: "unsupported_grant_type" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    refreshes,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const randomPart = () => Math.random().toString(36).slice(2, 10);

/** Defines `plain` as the client's platform `key` (with `extra` definition fields) and sets its app. */
async function definePlainPlatform(api: Api, plain: PlainPlatform, key: string, extra: Record<string, unknown>): Promise<void> {
  const defined = await api("PUT", "/integrations/{key}", {
    params: { key },
    body: { name: `Plain ${key}`, oauth: { authorizeUrl: `${plain.url}/authorize`, tokenUrl: `${plain.url}/token`, apiBaseUrl: plain.url, ...extra } },
    contract: false,
  });
  assert.equal(defined.status, 200, defined.text);
  const app = await api("PUT", "/integrations/{key}/credentials", { params: { key }, body: { clientId: `app-${key}`, clientSecret: `secret-${key}-0123456789` }, contract: false });
  assert.equal(app.status, 200, app.text);
}

/** Links a new connection to platform `key` through its linkUrl (the plain platform consents at once). */
async function linkAtPlain(api: Api, key: string): Promise<Linked> {
  const company = await api("POST", "/companies", { body: { name: `Plain ${key} Ltd` } });
  assert.equal(company.status, 200, company.text);
  const companyId = company.body.id as string;
  const created = await api("POST", "/companies/{companyId}/connections", { params: { companyId }, body: { platformKey: key } });
  assert.equal(created.status, 200, created.text);
  const linkUrl = created.body.linkUrl as string;
  const start = await fetch(linkUrl, { redirect: "manual" });
  assert.equal(start.status, 303, await start.text());
  const authorize = await fetch(start.headers.get("location") ?? "", { redirect: "manual" });
  assert.equal(authorize.status, 302);
  const cookie = (start.headers.get("set-cookie") ?? "").split(";")[0]!;
  const callback = await fetch(authorize.headers.get("location") ?? "", { headers: { cookie }, redirect: "manual" });
  assert.equal(callback.status, 200, await callback.text());
  return { companyId, connectionId: created.body.id as string, linkUrl };
}

// --- the tests -----------------------------------------------------------------------------------

forEachDialect("Keeping connections alive", (dialect) => {
  it("refreshes ahead of expiry, twice in a row, each time with the refresh token the last refresh rotated in", async (t) => {
    const h = await harness(t, dialect);
    // 4-second access tokens refreshed 2 s before they expire; every refresh rotates the refresh token.
    const platform = await kitPlatform(t, h, { authorizationServer: { accessTokenTtlSeconds: 4 }, definition: { refreshMarginSeconds: 2 } });
    const linked = await linkAtKit(platform, "alice");
    const first = (await h.credentials(linked.connectionId))!;
    const tokens0 = (await grantTokensOf(h.server, linked.connectionId))!;
    const expires0 = Date.parse(first.expires_date!);
    assert.equal(first.version, 1);
    assert.ok(Math.abs(expires0 - Date.parse(first.obtained_date) - 4000) < 1000, "expiry from expires_in");
    assert.ok(Math.abs(expires0 - Date.parse(first.refresh_due_date!) - 2000) < 100, "due 2 s before expiry");

    // First refresh: before the token it replaces expired.
    await eventually("the first refresh", async () => (await h.credentials(linked.connectionId))?.version === 2);
    const firstRefreshAt = refreshRequests(platform)[0]!.at;
    assert.ok(firstRefreshAt < expires0, `refreshed ${firstRefreshAt - expires0} ms after expiry`);
    assert.ok(firstRefreshAt >= Date.parse(first.refresh_due_date!) - 50, "not before it was due");
    const tokens1 = (await grantTokensOf(h.server, linked.connectionId))!;
    assert.notEqual(tokens1.refreshToken, tokens0.refreshToken, "the refresh token rotated");
    assert.notEqual(tokens1.accessToken, tokens0.accessToken);
    assert.equal(await platform.server.isActive(tokens0.refreshToken!), false, "the old refresh token is spent");

    // Second refresh: only works if the rotated refresh token was stored where it is read back from.
    await eventually("the second refresh", async () => (await h.credentials(linked.connectionId))!.version >= 3);
    const tokens2 = (await grantTokensOf(h.server, linked.connectionId))!;
    assert.notEqual(tokens2.refreshToken, tokens1.refreshToken);
    const second = refreshRequests(platform)[1]!.at;
    assert.ok(second - firstRefreshAt >= 1500, "the next refresh waited for the new token's due date");

    assert.equal(platform.server.counts.refreshTokenReuse, 0);
    assert.equal(platform.server.counts.grantsRevoked, 0);
    assert.equal(await platform.server.isActive(tokens2.refreshToken!), true);
    assert.deepEqual(await whoami(platform, tokens2.accessToken), { status: 200, account: "alice" });
    const connection = await h.connection(linked);
    assert.equal(connection.status, "Linked");
    assert.deepEqual(activeErrors(connection), []);
  });

  it("keeps using the refresh token of a platform that does not rotate (oidc-provider answers it again, unchanged)", async (t) => {
    const h = await harness(t, dialect);
    const platform = await kitPlatform(t, h, { authorizationServer: { rotateRefreshTokens: false } });
    const linked = await linkAtKit(platform, "bob");
    const tokens0 = (await grantTokensOf(h.server, linked.connectionId))!;

    // What the kit's server answers without rotation: the same refresh token, not none. (A
    // platform that leaves it out is the plain platform's test below.)
    const answer = await fetch(platform.server.tokenUrl, {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from(`${platform.clientId}:${platform.clientSecret}`).toString("base64")}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: tokens0.refreshToken! }),
    });
    const refreshed = (await answer.json()) as { refresh_token?: string };
    assert.equal(answer.status, 200);
    assert.equal(refreshed.refresh_token, tokens0.refreshToken, "oidc-provider repeats the unrotated refresh token");

    for (const version of [2, 3]) {
      h.clock.advance(DEFAULT_DUE_MS + MINUTE);
      await eventually(`refresh ${version - 1}`, async () => (await h.credentials(linked.connectionId))?.version === version);
      const tokens = (await grantTokensOf(h.server, linked.connectionId))!;
      assert.equal(tokens.refreshToken, tokens0.refreshToken, "the same refresh token is kept");
      assert.notEqual(tokens.accessToken, tokens0.accessToken);
      assert.deepEqual(await whoami(platform, tokens.accessToken), { status: 200, account: "bob" });
    }
    assert.equal(platform.server.counts.refreshTokenReuse, 0);
    assert.equal((await h.connection(linked)).status, "Linked");
  });

  it("keeps the old refresh token when a refresh answers none, and gives a token without expires_in the definition's or the default lifetime", async (t) => {
    const h = await harness(t, dialect);
    const plain = await startPlainPlatform({ refreshTokenOnRefresh: false, expiresIn: undefined });
    t.after(() => plain.close());
    await definePlainPlatform(h.api, plain, "plna", {});
    await definePlainPlatform(h.api, plain, "plnb", { accessTokenLifetimeSeconds: 600, refreshMarginSeconds: 120 });
    const byDefault = await linkAtPlain(h.api, "plna");
    const byDefinition = await linkAtPlain(h.api, "plnb");
    const refreshesOf = (linked: Linked) => plain.refreshes.filter((r) => r.refreshToken === `rt-${linked === byDefault ? 1 : 2}`).length;

    // No expires_in: an hour (the documented default), refreshed 5 minutes (the default margin) before.
    const a = (await h.credentials(byDefault.connectionId))!;
    assert.equal(Date.parse(a.expires_date!) - Date.parse(a.obtained_date), DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS * 1000);
    assert.equal(Date.parse(a.refresh_due_date!) - Date.parse(a.obtained_date), DEFAULT_DUE_MS);
    // The definition says 10 minutes, refreshed 2 minutes ahead.
    const b = (await h.credentials(byDefinition.connectionId))!;
    assert.equal(Date.parse(b.expires_date!) - Date.parse(b.obtained_date), 600_000);
    assert.equal(Date.parse(b.refresh_due_date!) - Date.parse(b.obtained_date), 480_000);

    h.clock.advance(7 * MINUTE);
    await sleep(10 * POLL_MS);
    assert.equal(plain.refreshes.length, 0, "nothing is due after 7 minutes");
    h.clock.advance(2 * MINUTE);
    await eventually("the 10-minute token refreshed", async () => (await h.credentials(byDefinition.connectionId))?.version === 2);
    assert.equal(refreshesOf(byDefault), 0);

    h.clock.advance(DEFAULT_DUE_MS - 10 * MINUTE);
    await sleep(10 * POLL_MS);
    assert.equal(refreshesOf(byDefault), 0, "the hour's token is not due 1 minute before its margin");
    h.clock.advance(2 * MINUTE);
    await eventually("the hour's token refreshed", async () => (await h.credentials(byDefault.connectionId))?.version === 2);

    // Refreshed without a refresh token in the answer: the old one is kept, and the next refresh
    // is due the same margin ahead of the new expiry as any other.
    for (const linked of [byDefault, byDefinition]) {
      const row = (await h.credentials(linked.connectionId))!;
      const tokens = (await grantTokensOf(h.server, linked.connectionId))!;
      assert.equal(tokens.refreshToken, `rt-${linked === byDefault ? 1 : 2}`, "the old refresh token is kept");
      const life = linked === byDefault ? DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS * 1000 : 600_000;
      const margin = linked === byDefault ? DEFAULT_REFRESH_MARGIN_SECONDS * 1000 : 120_000;
      assert.equal(Date.parse(row.expires_date!) - Date.parse(row.modified_date), life, "expiry of the refreshed token");
      assert.equal(Date.parse(row.expires_date!) - Date.parse(row.refresh_due_date!), margin, "due ahead of expiry by the margin");
    }

    // And the kept refresh token works again: a second refresh of each, ahead of expiry.
    h.clock.advance(DEFAULT_DUE_MS + MINUTE);
    await eventually("second refreshes", async () => (await h.credentials(byDefault.connectionId))?.version === 3 && (await h.credentials(byDefinition.connectionId))!.version >= 3);
    assert.equal((await h.connection(byDefault)).status, "Linked");
    assert.equal((await h.connection(byDefinition)).status, "Linked");
  });

  it("refreshes an idle connection every half of its refresh token's idle life, however long its access token lives", async (t) => {
    const h = await harness(t, dialect);
    // Access tokens of 10 days, refresh tokens that die after 2 days unused: keep-alive every day.
    const platform = await kitPlatform(t, h, { authorizationServer: { accessTokenTtlSeconds: 10 * 86_400 }, definition: { refreshTokenIdleDays: 2 } });
    const linked = await linkAtKit(platform, "carol");
    const row = (await h.credentials(linked.connectionId))!;
    assert.equal(Date.parse(row.refresh_due_date!) - Date.parse(row.obtained_date), DAY, "due a day after it was obtained");

    h.clock.advance(23 * HOUR);
    await sleep(10 * POLL_MS);
    assert.equal(refreshRequests(platform).length, 0, "not due after 23 hours");
    for (const version of [2, 3]) {
      h.clock.advance(DAY);
      await eventually(`keep-alive ${version - 1}`, async () => (await h.credentials(linked.connectionId))?.version === version);
      const current = (await h.credentials(linked.connectionId))!;
      assert.equal(Date.parse(current.refresh_due_date!) - Date.parse(current.modified_date), DAY, "the next keep-alive a day later");
      assert.ok(Date.parse(current.expires_date!) - Date.parse(current.modified_date) > 9 * DAY);
    }
    assert.equal(refreshRequests(platform).length, 2);
    assert.equal(platform.server.counts.refreshTokenReuse, 0);
    const tokens = (await grantTokensOf(h.server, linked.connectionId))!;
    assert.equal(await platform.server.isActive(tokens.refreshToken!), true);
  });

  it("deauthorizes a connection whose grant was revoked at the platform, says why, sends connection.disconnected, and a reconnect resolves it", async (t) => {
    const h = await harness(t, dialect);
    const receiver: Receiver = await startReceiver();
    t.after(() => receiver.close());
    const consumer = await h.api("POST", "/webhooks", { body: { url: `${receiver.url}/events` } });
    assert.equal(consumer.status, 201, consumer.text);
    const platform = await kitPlatform(t, h);
    const linked = await linkAtKit(platform, "dave");
    const webhooks = (eventType: string) =>
      receiver.received.map((r) => JSON.parse(r.body) as WebhookBody).filter((body) => body.eventType === eventType && body.payload.connection?.id === linked.connectionId);

    const proxy = () =>
      h.api("GET", "/companies/{companyId}/connections/{connectionId}/proxy/api/whoami", {
        params: { companyId: linked.companyId, connectionId: linked.connectionId },
        contract: false,
      });
    assert.equal((await proxy()).status, 200, "the proxy works (and caches the access)");

    // The owner revokes the app at the platform; the next refresh is refused with invalid_grant.
    await platform.server.revokeAccount("dave");
    h.clock.advance(DEFAULT_DUE_MS + MINUTE);
    await eventually("Deauthorized", async () => (await h.connection(linked)).status === "Deauthorized");
    const deauthorized = await h.connection(linked);
    const [error, ...more] = activeErrors(deauthorized);
    assert.deepEqual(more, []);
    assert.equal(error?.statusCode, "400");
    assert.equal(error?.statusText, "invalid_grant");
    assert.match(error?.errorMessage ?? "", /no longer grants access .*Reconnect/);
    assert.match(error?.erroredOnUtc ?? "", ISO);
    assert.equal(await h.credentials(linked.connectionId), undefined, "its tokens are deleted");
    assert.equal(refreshRequests(platform).length, 1, "a refusal is not retried");
    const proxied = await proxy();
    assert.equal(proxied.status, 409, `the proxy says it at once: ${proxied.text}`);
    assert.match(proxied.text, /Deauthorized/);

    await eventually("connection.disconnected", () => webhooks("connection.disconnected").length === 1);
    const [disconnected] = webhooks("connection.disconnected");
    assert.equal(disconnected!.payload.connection!.status, "Deauthorized");
    assert.equal(disconnected!.payload.connection!.dataConnectionErrors?.at(-1)?.statusText, "invalid_grant");

    // Nothing more is tried for it.
    h.clock.advance(DAY);
    await sleep(10 * POLL_MS);
    assert.equal(refreshRequests(platform).length, 1);

    // The owner reconnects the same account through the linkUrl.
    const { response, html } = await platform.connectWithFetch(linked.linkUrl, "dave");
    assert.equal(response.status, 200, html);
    const reconnected = await h.connection(linked);
    assert.equal(reconnected.status, "Linked");
    assert.deepEqual(activeErrors(reconnected), []);
    const resolved = reconnected.dataConnectionErrors?.find((entry) => entry.statusText === "invalid_grant");
    assert.equal(resolved?.status, "Resolved");
    assert.match(resolved?.resolvedOnUtc ?? "", ISO);
    await eventually("connection.reconnected", () => webhooks("connection.reconnected").length === 1);

    // The new grant is refreshed as any other.
    h.clock.advance(DEFAULT_DUE_MS + MINUTE);
    await eventually("the new grant refreshed", async () => (await h.credentials(linked.connectionId))?.version === 2);
    assert.equal(platform.server.counts.refreshTokenReuse, 0);
    assert.equal((await h.connection(linked)).status, "Linked");
  });

  it("rides out a platform outage: backed-off retries, one active error per connection, all refreshed and resolved once it is back", async (t) => {
    const h = await harness(t, dialect);
    const platform = await kitPlatform(t, h);
    const accounts = Array.from({ length: 20 }, (_, i) => `outage-${i}`);
    const linked: Linked[] = new Array(accounts.length);
    await eachLimited(accounts, 5, async (account, i) => {
      linked[i] = await linkAtKit(platform, account);
    });

    // The platform goes away (connections refused); every grant falls due; a minute passes.
    // Backoff of 15 s (±20 %) doubling: tries at 0, 12-18 s and 36-54 s of it, the next past 84 s.
    assert.equal(FIRST_BACKOFF_MS, 15_000);
    await platform.server.stop();
    h.clock.advance(DEFAULT_DUE_MS + 1000);
    const minuteStart = h.clock().getTime();
    await aMinutePasses(h.clock);
    // Attempts still under way land (their failure stored, then logged).
    await eventually("the last attempts recorded", async () => {
      const logged = retriesLogged(h.logLines);
      return (await Promise.all(linked.map((l) => h.credentials(l.connectionId)))).every((row, i) => logged.get(linked[i]!.connectionId) === row!.failures);
    });
    const failures = await Promise.all(linked.map(async (l) => (await h.credentials(l.connectionId))!));
    const logged = retriesLogged(h.logLines);
    for (const [i, row] of failures.entries()) {
      assert.ok(row.failures >= 2 && row.failures <= 4, `connection ${i}: ${row.failures} attempts in a minute`);
      assert.equal(logged.get(linked[i]!.connectionId), row.failures, "each attempt logged once");
      assert.ok(Date.parse(row.failing_since!) >= minuteStart && Date.parse(row.failing_since!) < minuteStart + 12_000, "failing since the first attempt");
    }
    const attempts = failures.reduce((sum, row) => sum + row.failures, 0);
    console.log(`outage minute (${dialect}): ${attempts} attempts for ${linked.length} connections, per connection ${JSON.stringify(failures.map((row) => row.failures))}`);
    assert.ok(attempts <= 4 * linked.length, `${attempts} attempts`);
    for (const l of linked) {
      const connection = await h.connection(l);
      assert.equal(connection.status, "Linked", "an outage is not a revocation");
      const errors = activeErrors(connection);
      assert.equal(errors.length, 1, "the outage is noted once");
      assert.equal(errors[0]!.statusCode, "503");
      assert.match(errors[0]!.errorMessage, /could not be reached to renew access \(ECONNREFUSED\); retrying\./);
    }
    assert.equal(refreshRequests(platform).length, 0);

    // Back: every connection is refreshed at its next try, and its error resolved.
    await platform.server.start();
    h.clock.advance(MAX_BACKOFF_MS);
    await eventually("every grant refreshed", async () => (await Promise.all(linked.map((l) => h.credentials(l.connectionId)))).every((row) => row?.version === 2 && row.failures === 0));
    // Its errors are resolved just after the new tokens are stored.
    await eventually("every error resolved", async () => (await Promise.all(linked.map((l) => h.connection(l)))).every((c) => activeErrors(c).length === 0));
    assert.equal(platform.server.counts.refreshGrants, linked.length);
    assert.equal(platform.server.counts.refreshTokenReuse, 0);
    for (const l of linked) {
      const connection = await h.connection(l);
      assert.equal(connection.status, "Linked");
      assert.deepEqual(activeErrors(connection), []);
      const outage = connection.dataConnectionErrors?.find((entry) => entry.statusCode === "503");
      assert.equal(outage?.status, "Resolved");
      assert.match(outage?.resolvedOnUtc ?? "", ISO);
      assert.equal((await h.credentials(l.connectionId))!.failing_since, null);
    }
  });

  for (const status of [503, 429]) {
    it(`treats a token endpoint answering ${status} like an outage`, async (t) => {
      const h = await harness(t, dialect);
      const platform = await kitPlatform(t, h);
      const linked: Linked[] = new Array(5);
      await eachLimited([...linked.keys()], 5, async (i) => {
        linked[i] = await linkAtKit(platform, `busy-${status}-${i}`);
      });

      platform.server.failTokenEndpoint(status);
      h.clock.advance(DEFAULT_DUE_MS + 1000);
      await aMinutePasses(h.clock);
      const failed = async () => (await Promise.all(linked.map((l) => h.credentials(l.connectionId)))).reduce((sum, row) => sum + row!.failures, 0);
      // Every attempt reached the platform, and each is counted once the last ones land.
      await eventually("attempts counted", async () => (await failed()) === refreshRequests(platform).length);
      const rows = await Promise.all(linked.map(async (l) => (await h.credentials(l.connectionId))!));
      for (const row of rows) assert.ok(row.failures >= 2 && row.failures <= 4, `${row.failures} attempts in a minute`);
      for (const l of linked) {
        const connection = await h.connection(l);
        assert.equal(connection.status, "Linked");
        const errors = activeErrors(connection);
        assert.equal(errors.length, 1);
        assert.equal(errors[0]!.statusCode, String(status));
        // A 4xx's JSON error is read; a 5xx's body is not (it says nothing OAuth defines).
        if (status === 429) {
          assert.equal(errors[0]!.statusText, "temporarily_unavailable");
          assert.equal(errors[0]!.errorMessage, "Open Ledger refused to renew access (temporarily_unavailable, HTTP 429); retrying.");
        } else {
          assert.equal(errors[0]!.statusText, "Service Unavailable");
          assert.equal(errors[0]!.errorMessage, "Open Ledger could not renew access (HTTP 503 Service Unavailable); retrying.");
        }
      }

      platform.server.failTokenEndpoint(undefined);
      h.clock.advance(MAX_BACKOFF_MS);
      await eventually("every grant refreshed", async () => (await Promise.all(linked.map((l) => h.credentials(l.connectionId)))).every((row) => row?.version === 2));
      await eventually("every error resolved", async () => (await Promise.all(linked.map((l) => h.connection(l)))).every((c) => activeErrors(c).length === 0));
      assert.equal(platform.server.counts.refreshGrants, linked.length);
      assert.equal(platform.server.counts.refreshTokenReuse, 0);
    });
  }

  it("waits as long as a 429's Retry-After asks before trying again (longer than its own backoff)", async (t) => {
    const h = await harness(t, dialect);
    const platform = await kitPlatform(t, h);
    const linked = await linkAtKit(platform, "patient");

    platform.server.failTokenEndpoint(429, 600);
    h.clock.advance(DEFAULT_DUE_MS + 1000);
    const failedAt = h.clock().getTime();
    await eventually("the first attempt counted", async () => (await h.credentials(linked.connectionId))!.failures === 1);
    const row = (await h.credentials(linked.connectionId))!;
    const wait = Date.parse(row.refresh_due_date!) - failedAt;
    assert.ok(wait >= 600_000 - 5_000 && wait <= 600_000 + 5_000, `next try ${wait} ms later, not the 600 s Retry-After asked`);
    await aMinutePasses(h.clock);
    assert.equal((await h.credentials(linked.connectionId))!.failures, 1, "no retry within the minute: its backoff alone would have retried");

    platform.server.failTokenEndpoint(undefined);
    h.clock.advance(600_000);
    await eventually("refreshed once the wait is over", async () => (await h.credentials(linked.connectionId))?.version === 2);
  });

  it("deauthorizes only after 72 hours of failed refreshes in a row, saying so, and queues the grant's revocation", async (t) => {
    const h = await harness(t, dialect);
    const platform = await kitPlatform(t, h);
    const linked = [await linkAtKit(platform, "erin"), await linkAtKit(platform, "frank")];
    await platform.server.stop();
    h.clock.advance(DEFAULT_DUE_MS + 1000);
    await eventually("first failures", async () => (await Promise.all(linked.map((l) => h.credentials(l.connectionId)))).every((row) => row!.failures === 1));

    // 71 hours on: still Linked (and still retrying).
    h.clock.advance(DEAUTHORIZE_AFTER_MS - HOUR);
    await eventually("a retry 71 hours in", async () => (await Promise.all(linked.map((l) => h.credentials(l.connectionId)))).every((row) => row!.failures === 2));
    for (const l of linked) assert.equal((await h.connection(l)).status, "Linked");

    // Past 72 hours of failures without a break.
    h.clock.advance(2 * HOUR);
    for (const l of linked) {
      await eventually("Deauthorized after 72 hours", async () => (await h.connection(l)).status === "Deauthorized");
      const connection = await h.connection(l);
      const last = connection.dataConnectionErrors!.at(-1)!;
      assert.equal(last.status, "Active");
      assert.equal(last.statusCode, "503");
      assert.match(last.errorMessage, /^Access could not be renewed for 72 hours \(Open Ledger could not be reached to renew access \(ECONNREFUSED\)\)\. Reconnect to restore it\.$/);
      assert.equal(await h.credentials(l.connectionId), undefined);
      // The grant may still be alive at the platform: its revocation is queued.
      const revocations = await h.server.db.selectFrom("revocations").select("connection_id").where("connection_id", "=", l.connectionId).execute();
      assert.equal(revocations.length, 1);
    }
  });
});
