// Connections authorized at a real OAuth 2.0 platform (the kit's oidc-provider on loopback),
// end to end over HTTP with fetch, on SQLite and PostgreSQL: the happy path from a `linkUrl`,
// consent denied, a replayed or foreign or expired callback, reconnecting with the same and
// with another account, the grant revoked on disconnect and deletes (also while the platform is
// down), the platform down during the exchange, platforms without credentials, and invalid
// definitions of a client's own platform. Every failure is checked for the status left as it
// was, its `dataConnectionErrors` entry, its `connection.failed` webhook and what the page says.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { FLOW_LIFETIME_MS } from "../../src/services/authorization.js";
import { apiClient, type Api } from "@codat/test-kit/api";
import { authorizeWithFetch } from "@codat/test-kit/authorization-server";
import { forEachDialect } from "@codat/test-kit/dialects";
import { connectionInfoOf, grantTokensOf, platformDefinition, startOAuthPlatform, type OAuthPlatform } from "@codat/test-kit/oauth";
import { startReceiver, type Receiver } from "@codat/test-kit/receiver";
import { mutableClock, startTestServer, type TestServer } from "@codat/test-kit/server";

const ENV = { PLATFORM_ALLOW_PRIVATE_URLS: "true", WEBHOOK_ALLOW_PRIVATE_URLS: "true", WEBHOOK_POLL_INTERVAL_MS: "50" };
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

interface ConnectionError {
  statusCode: string;
  statusText: string;
  errorMessage: string;
  erroredOnUtc: string;
  status: string;
}

interface WebhookBody {
  eventType: string;
  payload: { connection?: { id: string; status: string; connectionInfo?: Record<string, string>; dataConnectionErrors?: ConnectionError[] } };
}

/** Waits until `check` holds (polling), failing with `what` after `timeoutMs`. */
async function eventually(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`${what}: not within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** Text of a page, without markup. */
const textOf = (html: string) => html.replace(/<style[\s\S]*?<\/style>|<script[\s\S]*?<\/script>/g, "").replace(/<[^>]+>/g, " ").replace(/&#39;/g, "'").replace(/\s+/g, " ");

forEachDialect("OAuth flows", (dialect) => {
  let server: TestServer;
  let api: Api;
  let platform: OAuthPlatform;
  let receiver: Receiver;
  const clock = mutableClock();

  before(async () => {
    server = await startTestServer({ dialect, clock, env: ENV });
    api = apiClient(server);
    receiver = await startReceiver();
    const consumer = await api("POST", "/webhooks", { body: { url: `${receiver.url}/events` } });
    assert.equal(consumer.status, 201, consumer.text);
    platform = await startOAuthPlatform(server);
  });
  after(async () => {
    await platform?.close();
    await receiver?.close();
    await server?.close();
  });

  const getConnection = async (companyId: string, connectionId: string) => {
    const res = await api("GET", "/companies/{companyId}/connections/{connectionId}", { params: { companyId, connectionId } });
    assert.equal(res.status, 200, res.text);
    return res;
  };
  const setUnlinked = async (companyId: string, connectionId: string) => {
    const res = await api("PATCH", "/companies/{companyId}/connections/{connectionId}", { params: { companyId, connectionId }, body: { status: "Unlinked" } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.status, "Unlinked");
    return res;
  };
  const credentialsRow = (connectionId: string) =>
    server.db.selectFrom("connection_credentials").selectAll().where("connection_id", "=", connectionId).executeTakeFirst();
  const revocationsOf = (connectionId: string) => server.db.selectFrom("revocations").selectAll().where("connection_id", "=", connectionId).execute();
  const noPendingRevocations = async () => (await server.db.selectFrom("revocations").select("id").where("state", "=", "Pending").execute()).length === 0;

  /** The webhooks delivered for the connection, of `eventType`, waiting until there are `count`. */
  const webhooksOf = async (connectionId: string, eventType: string, count = 1): Promise<Array<{ raw: string; body: WebhookBody }>> => {
    const matching = () =>
      receiver.received
        .map((request) => ({ raw: request.body, body: JSON.parse(request.body) as WebhookBody }))
        .filter(({ body }) => body.eventType === eventType && body.payload.connection?.id === connectionId);
    await eventually(`${count} ${eventType} webhook(s) for ${connectionId}`, () => matching().length >= count);
    return matching();
  };

  /** The newest error entry, checked against the contract's shape. */
  const lastError = (connection: { dataConnectionErrors?: ConnectionError[] }): ConnectionError => {
    const entry = connection.dataConnectionErrors?.at(-1);
    assert.ok(entry, "an error entry was recorded");
    assert.deepEqual(Object.keys(entry).sort(), ["errorMessage", "erroredOnUtc", "status", "statusCode", "statusText"]);
    assert.equal(entry.status, "Active");
    assert.match(entry.erroredOnUtc, ISO);
    return entry;
  };

  /** A new connection, linked to `account` through its linkUrl. */
  const linked = async (account = "alice", companyName = "Linked Co") => {
    const { companyId, connection } = await platform.createConnection(companyName);
    const { response, html } = await platform.connectWithFetch(connection.linkUrl, account);
    assert.equal(response.status, 200, textOf(html));
    const tokens = await grantTokensOf(server, connection.id);
    assert.ok(tokens?.refreshToken, "a refresh token is stored");
    return { companyId, connectionId: connection.id as string, linkUrl: connection.linkUrl, tokens };
  };

  it("links a connection from the linkUrl the API returns, keeps the account's ids and never shows a token", async () => {
    const { companyId, connection } = await platform.createConnection("Happy Co");
    assert.equal(connection.status, "PendingAuth");
    assert.equal(connection.linkUrl, `${server.url}/companies/${companyId}/connections/${connection.id}/start`);
    const got = await getConnection(companyId, connection.id);
    const listed = await api("GET", "/companies/{companyId}/connections", { params: { companyId } });
    assert.equal(got.body.linkUrl, connection.linkUrl);
    assert.deepEqual(listed.body.results.map((c: { linkUrl: string }) => c.linkUrl), [connection.linkUrl]);

    // The start: 303 to the platform's consent page with state, PKCE and the flow's cookie.
    const started = await platform.startFlow(got.body.linkUrl);
    const authorize = new URL(started.location);
    assert.equal(authorize.origin + authorize.pathname, platform.server.authorizeUrl);
    assert.equal(authorize.searchParams.get("client_id"), platform.clientId);
    assert.equal(authorize.searchParams.get("redirect_uri"), `${server.url}/oauth/callback`);
    assert.equal(authorize.searchParams.get("response_type"), "code");
    assert.equal(authorize.searchParams.get("scope"), "accounting.read offline_access");
    assert.equal(authorize.searchParams.get("code_challenge_method"), "S256");
    assert.match(authorize.searchParams.get("state") ?? "", /^[A-Za-z0-9_-]{43}$/);
    assert.match(started.setCookie, /^oauth_flow_[A-Za-z0-9_-]{16}=[A-Za-z0-9_-]{43}; Path=\/oauth\/callback; Max-Age=600; HttpOnly; SameSite=Lax$/);

    const grantsBefore = platform.server.counts.authorizationCodeGrants;
    const callback = await authorizeWithFetch(started.location, "alice");
    assert.equal(callback.origin + callback.pathname, `${server.url}/oauth/callback`);
    const { response, html } = await platform.finishFlow(callback, started.cookie);
    assert.equal(response.status, 200, textOf(html));
    assert.match(textOf(html), new RegExp(`${platform.name} is connected You can close this window`));
    assert.match(response.headers.get("set-cookie") ?? "", new RegExp(`^${started.cookie.split("=")[0]}=; Path=/oauth/callback; Max-Age=0;`));
    assert.equal(platform.server.counts.authorizationCodeGrants, grantsBefore + 1);
    assert.deepEqual({ ...platform.server.tokenRequestLog.at(-1), at: 0 }, { grantType: "authorization_code", clientAuth: "basic", codeVerifier: true, at: 0 });

    const after = await getConnection(companyId, connection.id);
    assert.equal(after.body.status, "Linked");
    assert.deepEqual(after.body.connectionInfo, connectionInfoOf("alice"));
    assert.equal(after.body.linkUrl, connection.linkUrl);

    // The tokens the platform issued are live, stored sealed, and appear nowhere else.
    const tokens = await grantTokensOf(server, connection.id);
    assert.ok(tokens?.refreshToken);
    assert.equal(await platform.server.isActive(tokens.accessToken), true);
    assert.equal(await platform.server.isActive(tokens.refreshToken), true);
    const row = await credentialsRow(connection.id);
    assert.ok(row);
    assert.equal(row.token_type.toLowerCase(), "bearer");
    const [webhook] = await webhooksOf(connection.id, "connection.connected");
    assert.ok(webhook);
    assert.equal(webhook.body.payload.connection?.status, "Linked");
    assert.deepEqual(webhook.body.payload.connection?.connectionInfo, connectionInfoOf("alice"));
    const company = await api("GET", "/companies/{companyId}", { params: { companyId } });
    const exposed = {
      row: JSON.stringify(row),
      webhook: webhook.raw,
      get: after.text,
      list: (await api("GET", "/companies/{companyId}/connections", { params: { companyId } })).text,
      company: company.text,
      page: html,
    };
    for (const [where, text] of Object.entries(exposed)) {
      for (const token of [tokens.accessToken, tokens.refreshToken]) {
        assert.ok(!text.includes(token), `a token in clear in ${where}`);
        // Nor a recognisable part of one (the JWT's signature, the opaque token's tail).
        assert.ok(!text.includes(token.slice(-24)), `part of a token in ${where}`);
      }
    }

    // Opening the link again once linked starts nothing.
    const again = await fetch(connection.linkUrl, { redirect: "manual" });
    assert.equal(again.status, 200);
    assert.match(textOf(await again.text()), /is already connected/);
  });

  it("leaves the connection waiting when consent is denied, with an error, connection.failed and a page saying what to do", async () => {
    const { companyId, connection } = await platform.createConnection("Denied Co");
    const requests = platform.server.counts.tokenRequests;
    const { response, html, callback } = await platform.connectWithFetch(connection.linkUrl, "alice", { deny: true });
    assert.equal(callback.searchParams.get("error"), "access_denied");
    assert.equal(response.status, 400);
    assert.match(textOf(html), new RegExp(`${platform.name} was not connected Access to ${platform.name} was not allowed\\. To connect ${platform.name}, go back to the application and choose Connect again, then allow access\\.`));
    assert.equal(platform.server.counts.tokenRequests, requests, "nothing was exchanged");

    const got = await getConnection(companyId, connection.id);
    assert.equal(got.body.status, "PendingAuth");
    assert.equal(got.body.connectionInfo, undefined);
    const entry = lastError(got.body);
    assert.equal(entry.statusCode, "403");
    assert.equal(entry.statusText, "access_denied");
    assert.equal(entry.errorMessage, `Access to ${platform.name} was not allowed.`);
    const [failed] = await webhooksOf(connection.id, "connection.failed");
    assert.equal(failed?.body.payload.connection?.status, "PendingAuth");
    assert.deepEqual(failed?.body.payload.connection?.dataConnectionErrors?.at(-1), entry);
    assert.equal(await credentialsRow(connection.id), undefined);

    // The person can try again and allow it.
    const retried = await platform.connectWithFetch(connection.linkUrl, "alice");
    assert.equal(retried.response.status, 200);
    const linkedNow = await getConnection(companyId, connection.id);
    assert.equal(linkedNow.body.status, "Linked");
    assert.equal(linkedNow.body.dataConnectionErrors.at(-1).status, "Resolved", "linking resolves the error");
  });

  it("refuses a replayed callback: the connection keeps its status and grant, and the code is not exchanged again", async () => {
    const { companyId, connection } = await platform.createConnection("Replay Co");
    const first = await platform.connectWithFetch(connection.linkUrl, "alice");
    assert.equal(first.response.status, 200);
    const tokens = await grantTokensOf(server, connection.id);
    const requests = platform.server.counts.tokenRequests;

    const replay = await platform.finishFlow(first.callback, first.cookie);
    assert.equal(replay.response.status, 400);
    assert.match(textOf(replay.html), /The authorization answer was used twice; the second use was refused\. Go back to the application and start again\./);
    assert.equal(platform.server.counts.tokenRequests, requests, "the code was not presented again");

    const got = await getConnection(companyId, connection.id);
    assert.equal(got.body.status, "Linked");
    assert.deepEqual(got.body.connectionInfo, connectionInfoOf("alice"));
    const entry = lastError(got.body);
    assert.deepEqual([entry.statusCode, entry.statusText], ["400", "Replayed state"]);
    assert.deepEqual(await grantTokensOf(server, connection.id), tokens, "the grant it holds is untouched");
    const [failed] = await webhooksOf(connection.id, "connection.failed");
    assert.equal(failed?.body.payload.connection?.status, "Linked");
  });

  it("refuses a callback without the cookie of the browser that started it, and its flow is spent", async () => {
    const { connection: a } = await platform.createConnection("Browser A Co");
    const { companyId, connection: b } = await platform.createConnection("Browser B Co");
    const startedA = await platform.startFlow(a.linkUrl);
    const startedB = await platform.startFlow(b.linkUrl);
    const callbackB = await authorizeWithFetch(startedB.location, "mallory");
    const requests = platform.server.counts.tokenRequests;

    for (const cookie of [startedA.cookie, undefined]) {
      const foreign = await platform.finishFlow(callbackB, cookie);
      assert.equal(foreign.response.status, 400);
    }
    // The first was refused for the browser; the second found the flow spent already.
    const got = await getConnection(companyId, b.id);
    assert.equal(got.body.status, "PendingAuth");
    const [foreignError, replayError] = got.body.dataConnectionErrors.slice(-2) as ConnectionError[];
    assert.deepEqual([foreignError?.statusCode, foreignError?.statusText], ["400", "Foreign state"]);
    assert.equal(foreignError?.errorMessage, "The authorization finished in a different browser from the one that started it, so it was refused.");
    assert.deepEqual([replayError?.statusCode, replayError?.statusText], ["400", "Replayed state"]);
    lastError(got.body);
    await webhooksOf(b.id, "connection.failed", 2);

    // B's own browser cannot use that flow any more either; nothing was exchanged.
    const late = await platform.finishFlow(callbackB, startedB.cookie);
    assert.equal(late.response.status, 400);
    assert.match(textOf(late.html), /used twice/);
    assert.equal(platform.server.counts.tokenRequests, requests);
    assert.equal((await getConnection(companyId, b.id)).body.status, "PendingAuth");

    // A's flow, in A's browser, still works.
    const callbackA = await authorizeWithFetch(startedA.location, "carol");
    const finishedA = await platform.finishFlow(callbackA, startedA.cookie);
    assert.equal(finishedA.response.status, 200);
  });

  it("refuses a callback that comes back after the flow expired", async () => {
    const { companyId, connection } = await platform.createConnection("Slow Co");
    const started = await platform.startFlow(connection.linkUrl);
    const callback = await authorizeWithFetch(started.location, "alice");
    const requests = platform.server.counts.tokenRequests;
    clock.advance(FLOW_LIFETIME_MS + 60_000);
    const { response, html } = await platform.finishFlow(callback, started.cookie);
    assert.equal(response.status, 400);
    assert.match(textOf(html), /The authorization took longer than 10 minutes and expired\. Go back to the application and start again\./);
    assert.equal(platform.server.counts.tokenRequests, requests);
    const got = await getConnection(companyId, connection.id);
    assert.equal(got.body.status, "PendingAuth");
    const entry = lastError(got.body);
    assert.deepEqual([entry.statusCode, entry.statusText], ["400", "Expired state"]);
    assert.equal(entry.erroredOnUtc, clock().toISOString());
    await webhooksOf(connection.id, "connection.failed");
  });

  it("reconnects with the same account, and refuses another account with its new grant revoked", async () => {
    const { companyId, connectionId, linkUrl } = await linked("alice", "Reconnect Co");
    await setUnlinked(companyId, connectionId);
    const reconnect = await api("POST", "/companies/{companyId}/connections/{connectionId}/reconnect", { params: { companyId, connectionId }, contract: false });
    assert.equal(reconnect.status, 200, reconnect.text);
    assert.equal(reconnect.body.status, "Unlinked", "an OAuth platform reconnects at the platform");
    assert.equal(reconnect.body.linkUrl, linkUrl);

    const same = await platform.connectWithFetch(reconnect.body.linkUrl, "alice");
    assert.equal(same.response.status, 200, textOf(same.html));
    assert.match(textOf(same.html), new RegExp(`${platform.name} is connected again`));
    const relinked = await getConnection(companyId, connectionId);
    assert.equal(relinked.body.status, "Linked");
    assert.deepEqual(relinked.body.connectionInfo, connectionInfoOf("alice"));
    const [reconnected] = await webhooksOf(connectionId, "connection.reconnected");
    assert.equal(reconnected?.body.payload.connection?.status, "Linked");

    // Another account at the platform: refused, and the grant it gave is revoked there.
    await setUnlinked(companyId, connectionId);
    await eventually("the first grants revoked", noPendingRevocations);
    const counts = { ...platform.server.counts };
    const revocationsBefore = (await revocationsOf(connectionId)).length;
    const other = await platform.connectWithFetch(linkUrl, "bob");
    assert.equal(other.response.status, 400);
    assert.match(
      textOf(other.html),
      new RegExp(`A different ${platform.name} account was authorized than the one this connection had; reconnect with the same account, or create a new connection for the other one\\. Go back to the application and reconnect with the account you used before\\.`),
    );
    const got = await getConnection(companyId, connectionId);
    assert.equal(got.body.status, "Unlinked");
    assert.deepEqual(got.body.connectionInfo, connectionInfoOf("alice"), "the account it had");
    const entry = lastError(got.body);
    assert.deepEqual([entry.statusCode, entry.statusText], ["409", "Different account"]);
    const [failed] = await webhooksOf(connectionId, "connection.failed");
    assert.equal(failed?.body.payload.connection?.status, "Unlinked");
    assert.equal(await credentialsRow(connectionId), undefined, "bob's tokens are not kept");
    assert.equal(platform.server.counts.authorizationCodeGrants, counts.authorizationCodeGrants + 1);
    assert.equal((await revocationsOf(connectionId)).length, revocationsBefore + 1, "its revocation was queued");
    await eventually("bob's grant revoked at the platform", () => platform.server.counts.revocations === counts.revocations + 1);
    assert.equal(platform.server.counts.grantsRevoked, counts.grantsRevoked + 1);
  });

  describe("revokes the grant at the platform and deletes the tokens at once", () => {
    const revokedAfter = async (
      what: string,
      act: (ids: { companyId: string; connectionId: string }) => Promise<void>,
    ) => {
      const { companyId, connectionId, tokens } = await linked("alice", `${what} Co`);
      assert.ok(await credentialsRow(connectionId));
      const revocations = platform.server.counts.revocations;
      await act({ companyId, connectionId });
      // In the transaction of the change: no tokens left, a revocation queued.
      assert.equal(await credentialsRow(connectionId), undefined, `${what}: tokens deleted`);
      assert.equal((await revocationsOf(connectionId)).length, 1, `${what}: revocation queued`);
      await eventually(`${what}: refresh token inactive`, async () => !(await platform.server.isActive(tokens.refreshToken!)));
      assert.equal(await platform.server.isActive(tokens.accessToken), false);
      assert.equal(platform.server.counts.revocations, revocations + 1);
      await eventually(`${what}: revocation recorded`, async () => (await revocationsOf(connectionId))[0]?.state === "Done");
      assert.equal((await revocationsOf(connectionId))[0]?.request_sealed, null, "its secrets erased");
    };

    it("on disconnect (PATCH Unlinked)", async () => {
      await revokedAfter("Disconnect", async ({ companyId, connectionId }) => {
        await setUnlinked(companyId, connectionId);
        const [disconnected] = await webhooksOf(connectionId, "connection.disconnected");
        assert.equal(disconnected?.body.payload.connection?.status, "Unlinked");
      });
    });

    it("on deleting the connection", async () => {
      await revokedAfter("Delete", async ({ companyId, connectionId }) => {
        const res = await api("DELETE", "/companies/{companyId}/connections/{connectionId}", { params: { companyId, connectionId } });
        assert.equal(res.status, 200, res.text);
      });
    });

    it("on deleting the company", async () => {
      await revokedAfter("Company", async ({ companyId }) => {
        const res = await api("DELETE", "/companies/{companyId}", { params: { companyId } });
        assert.equal(res.status, 204, res.text);
      });
    });
  });

  it("says the platform could not be reached when it is down during the exchange, and records a 503", async () => {
    const { companyId, connection } = await platform.createConnection("Down Co");
    const started = await platform.startFlow(connection.linkUrl);
    const callback = await authorizeWithFetch(started.location, "alice");
    await platform.server.stop();
    let finished;
    try {
      finished = await platform.finishFlow(callback, started.cookie);
    } finally {
      await platform.server.start();
    }
    assert.equal(finished.response.status, 400);
    assert.match(textOf(finished.html), new RegExp(`${platform.name} could not be reached \\(ECONNREFUSED\\)\\. Try again in a few minutes from the application\\.`));
    const got = await getConnection(companyId, connection.id);
    assert.equal(got.body.status, "PendingAuth");
    const entry = lastError(got.body);
    assert.deepEqual([entry.statusCode, entry.statusText], ["503", "Service Unavailable"]);
    await webhooksOf(connection.id, "connection.failed");

    // A token endpoint answering 503 is recorded with the platform's status too.
    platform.server.failTokenEndpoint(503);
    let unavailable;
    try {
      unavailable = await platform.connectWithFetch(connection.linkUrl, "alice");
    } finally {
      platform.server.failTokenEndpoint(undefined);
    }
    assert.equal(unavailable.response.status, 400);
    assert.match(textOf(unavailable.html), new RegExp(`${platform.name} could not be reached \\(it answered HTTP 503\\)\\. Try again in a few minutes`));
    const again = await getConnection(companyId, connection.id);
    assert.equal(again.body.status, "PendingAuth");
    const unavailableError = lastError(again.body);
    assert.deepEqual([unavailableError.statusCode, unavailableError.statusText], ["503", "Service Unavailable"]);

    // Up again: the same connection links.
    assert.equal((await platform.connectWithFetch(connection.linkUrl, "alice")).response.status, 200);
  });

  it("disconnects at once while the platform is down, and revokes the grant once it is back", async () => {
    const { companyId, connectionId, tokens } = await linked("alice", "Outage Co");
    await platform.server.stop();
    try {
      const started = Date.now();
      await setUnlinked(companyId, connectionId);
      assert.ok(Date.now() - started < 2_000, "the disconnect does not wait for the platform");
      assert.equal(await credentialsRow(connectionId), undefined);
      await eventually("a failed first attempt", async () => (await revocationsOf(connectionId))[0]?.attempts === 1);
      const [row] = await revocationsOf(connectionId);
      assert.equal(row?.state, "Pending");
      assert.match(row?.last_error ?? "", /ECONNREFUSED|could not be reached/);
      assert.ok(Date.parse(row!.next_attempt_date) - clock().getTime() >= 27_000, "retried 30 s (±10 %) later");
    } finally {
      await platform.server.start();
    }
    assert.equal(await platform.server.isActive(tokens.refreshToken!), true, "not revoked while the platform was down");
    // The revoker schedules with the server's clock: 30 s later, the retry is due.
    clock.advance(35_000);
    await eventually("the retry revoked the grant", async () => (await revocationsOf(connectionId))[0]?.state === "Done");
    assert.equal(await platform.server.isActive(tokens.refreshToken!), false);
    assert.equal((await revocationsOf(connectionId))[0]?.attempts, 2);
  });

  it("enables a platform only once its credentials are set: connections, GET /integrations and the company link page", async () => {
    const other = await startOAuthPlatform(server, { key: "nocr", name: "Unset Books", credentials: false });
    try {
      const enabledOf = async (key: string) => {
        const res = await api("GET", "/integrations", { query: { pageSize: 100 } });
        assert.equal(res.status, 200, res.text);
        return (res.body.results as Array<{ key: string; enabled: boolean }>).find((i) => i.key === key)?.enabled;
      };
      assert.equal(await enabledOf("nocr"), false);
      assert.equal(await enabledOf(platform.key), true);
      const company = await api("POST", "/companies", { body: { name: "Unset Co" } });
      const companyId = company.body.id as string;
      const refused = await api("POST", "/companies/{companyId}/connections", { params: { companyId }, body: { platformKey: "nocr" } });
      assert.equal(refused.status, 400);
      assert.match(refused.body.error, /PUT \/integrations\/nocr\/credentials/);
      assert.ok((refused.body.validation.errors as Array<{ itemId: string }>).some((e) => e.itemId === "body.platformKey"));
      const page = async () => (await (await fetch(company.body.redirect)).text()) as string;
      assert.ok(!(await page()).includes('value="nocr"'), "not offered");
      assert.ok((await page()).includes(`value="${platform.key}"`), "an enabled one is");

      await other.setCredentials();
      assert.equal(await enabledOf("nocr"), true);
      assert.ok((await page()).includes('value="nocr"'), "offered once set up");
      const created = await api("POST", "/companies/{companyId}/connections", { params: { companyId }, body: { platformKey: "nocr" } });
      assert.equal(created.status, 200, created.text);
      assert.equal((await other.connectWithFetch(created.body.linkUrl, "dora")).response.status, 200);
    } finally {
      await other.close();
    }
  });

  it("refuses an invalid platform definition with details naming the field, storing nothing", async () => {
    const valid = platformDefinition(platform.server, "Bad Books");
    const withOauth = (oauth: object) => ({ ...valid, oauth: { ...valid.oauth, ...oauth } });
    const cases: Array<[string, object, string, RegExp]> = [
      ["unknown placeholder", withOauth({ authorizeUrl: "https://example.com/{shop}/authorize" }), "body.oauth.authorizeUrl", /\{shop\} is not a value known/],
      ["catastrophic pattern", withOauth({ callbackParameters: [{ name: "realmId", pattern: "^(a+)+$" }] }), "body.oauth.callbackParameters.0.pattern", /quantif/],
      ["unanchored pattern", withOauth({ tokenResponseFields: [{ name: "stripe_user_id", pattern: "[a-z]+" }] }), "body.oauth.tokenResponseFields.0.pattern", /anchored/],
      ["identity not kept", withOauth({ identity: "nowhere" }), "body.oauth.identity", /must name a value/],
    ];
    const check = async (client: Api, key: string, [what, body, itemId, message]: (typeof cases)[number]) => {
      const res = await client("PUT", "/integrations/{key}", { params: { key }, body, contract: false });
      assert.equal(res.status, 400, `${what}: ${res.text}`);
      const item = (res.body.validation?.errors as Array<{ itemId: string; message: string }>).find((e) => e.itemId === itemId);
      assert.ok(item, `${what}: ${JSON.stringify(res.body.validation)}`);
      assert.match(item.message, message, what);
      assert.equal((await client("GET", "/integrations/{platformKey}", { params: { platformKey: key } })).status, 404, `${what}: nothing stored`);
    };
    for (const testCase of cases) await check(api, "badd", testCase);

    // A definition that replaces a stored one, invalid: the stored one stays.
    const replaced = await api("PUT", "/integrations/{key}", { params: { key: platform.key }, body: cases[1]![1], contract: false });
    assert.equal(replaced.status, 400);
    const definition = await api("GET", "/integrations/{key}/definition", { params: { key: platform.key }, contract: false });
    assert.deepEqual(definition.body.callbackParameters, [{ name: "realmId", pattern: "^[A-Za-z0-9._~:+=-]{1,256}$" }]);

    // Without PLATFORM_ALLOW_PRIVATE_URLS, http and loopback endpoints are refused (a check that
    // does not depend on the database: one SQLite server for both suites' cases).
    const strict = await startTestServer();
    try {
      const strictApi = apiClient(strict);
      for (const field of ["authorizeUrl", "tokenUrl", "revocationUrl", "apiBaseUrl", "postConnect.url"]) {
        await check(strictApi, "badd", [`http ${field}`, valid, `body.oauth.${field}`, /must use https/]);
      }
      const loopback = withOauth({ authorizeUrl: "https://127.0.0.1/authorize", tokenUrl: "https://example.com/token", revocationUrl: "https://example.com/revoke", apiBaseUrl: "https://example.com", postConnect: { kind: "xero-tenant", url: "https://example.com/connections" } });
      await check(strictApi, "badd", ["loopback endpoint", loopback, "body.oauth.authorizeUrl", /loopback/]);
    } finally {
      await strict.close();
    }
  });
});
