// Credentials never leave, for connections authorized at their platform: a run through the
// whole OAuth flow (a platform added by its endpoints, its app's secret set, a connection
// authorized, a denied and an unreachable flow, the tokens stored, then unlinked and revoked)
// with the server's logs at trace level and a webhook consumer receiving every event. No log
// line, API response, page or webhook may carry the app's client secret, an access or refresh
// token, the authorization code, the `state` or the flow's browser nonce; `connectionInfo`
// carries only the platform's non-secret ids; and the database holds the secrets sealed only.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { apiClient } from "@codat/test-kit/api";
import { authorizeWithFetch } from "@codat/test-kit/authorization-server";
import { connectionInfoOf, grantTokensOf, startOAuthPlatform, type OAuthPlatform } from "@codat/test-kit/oauth";
import { startReceiver, type Receiver } from "@codat/test-kit/receiver";
import { startTestServer, type TestServer } from "@codat/test-kit/server";

describe("OAuth secrets in logs, answers, pages, webhooks and the database", () => {
  let server: TestServer;
  let platform: OAuthPlatform;
  let receiver: Receiver;
  const logLines: string[] = [];
  const seen: Array<{ where: string; text: string }> = [];
  const secrets = new Map<string, string>();
  const secret = (kind: string, value: string | undefined | null) => {
    assert.ok(value && value.length >= 16, `${kind} is long enough to search for`);
    secrets.set(kind, value);
  };

  before(async () => {
    receiver = await startReceiver();
    server = await startTestServer({
      logLines,
      env: { LOG_LEVEL: "trace", PLATFORM_ALLOW_PRIVATE_URLS: "true", WEBHOOK_ALLOW_PRIVATE_URLS: "true", WEBHOOK_POLL_INTERVAL_MS: "50" },
    });
    platform = await startOAuthPlatform(server);
    secret("client secret", platform.clientSecret);
    const api = apiClient(server);
    const headersOf = (response: Response) => [...response.headers].map(([name, value]) => `${name}: ${value}`).join("\n");
    const record = async (where: string, response: Response, body?: string) => {
      seen.push({ where, text: `${headersOf(response)}\n${body ?? (await response.text())}` });
    };
    const recordEnd = (where: string, end: { response: Response; html: string }) => record(where, end.response, end.html);
    assert.equal((await api("POST", "/webhooks", { body: { url: `${receiver.url}/hook` }, contract: false })).status, 201);

    const { companyId, connection } = await platform.createConnection("Secret Ledger Ltd");
    // Denied, then authorized.
    const denied = await platform.startFlow(connection.linkUrl);
    const deniedCallback = await authorizeWithFetch(denied.location, "alice", { deny: true });
    await recordEnd("denied page", await platform.finishFlow(deniedCallback, denied.cookie));

    const flow = await platform.startFlow(connection.linkUrl);
    const callback = await authorizeWithFetch(flow.location, "alice");
    secret("authorization code", callback.searchParams.get("code"));
    secret("state", callback.searchParams.get("state"));
    secret("browser nonce", flow.cookie.split("=")[1]);
    await recordEnd("callback page", await platform.finishFlow(callback, flow.cookie));
    // A replay of the same callback: refused, and still says nothing secret.
    await recordEnd("replayed page", await platform.finishFlow(callback, flow.cookie));

    const tokens = await grantTokensOf(server, connection.id);
    secret("access token", tokens?.accessToken);
    secret("refresh token", tokens?.refreshToken);

    for (const [where, path] of [
      ["get connection", `/companies/${companyId}/connections/${connection.id}`],
      ["list connections", `/companies/${companyId}/connections`],
      ["get company", `/companies/${companyId}`],
      ["credentials", `/integrations/${platform.key}/credentials`],
      ["definition", `/integrations/${platform.key}/definition`],
      ["integrations", "/integrations"],
    ]) {
      await record(where!, await fetch(`${server.url}${path}`, { headers: { authorization: server.authHeader } }));
    }
    // An exchange that fails at the platform, with the platform's error in the answer.
    const second = await platform.createConnection("Unreachable Ltd");
    const failing = await platform.startFlow(second.connection.linkUrl);
    const failingCallback = await authorizeWithFetch(failing.location, "bob");
    secret("second authorization code", failingCallback.searchParams.get("code"));
    platform.server.failTokenEndpoint(503);
    await recordEnd("unreachable page", await platform.finishFlow(failingCallback, failing.cookie));
    platform.server.failTokenEndpoint(undefined);
    await record("failed connection", await fetch(`${server.url}/companies/${second.companyId}/connections/${second.connection.id}`, { headers: { authorization: server.authHeader } }));

    // Unlinked: the grant is revoked at the platform, through the queue.
    const unlinked = await fetch(`${server.url}/companies/${companyId}/connections/${connection.id}`, {
      method: "PATCH",
      headers: { authorization: server.authHeader, "content-type": "application/json" },
      body: JSON.stringify({ status: "Unlinked" }),
    });
    await record("unlink", unlinked);
    const deadline = Date.now() + 10_000;
    while (platform.server.counts.revocations === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(platform.server.counts.revocations > 0, "the grant was revoked at the platform");
    await receiver.waitForSuccesses(6);
  });

  after(async () => {
    await platform?.close();
    await server?.close();
    await receiver?.close();
  });

  it("keeps every secret out of trace-level logs", () => {
    assert.ok(logLines.length > 20, `the run logged (${logLines.length} lines)`);
    for (const [kind, value] of secrets) {
      const leaked = logLines.filter((line) => line.includes(value));
      assert.deepEqual(leaked, [], `${kind} appears in the logs`);
    }
  });

  it("keeps every secret out of API answers and pages", () => {
    for (const { where, text } of seen) {
      for (const [kind, value] of secrets) assert.ok(!text.includes(value), `${kind} appears in ${where}`);
    }
    const credentials = seen.find((s) => s.where === "credentials")?.text ?? "";
    assert.match(credentials, /"clientSecretSet":true/);
  });

  it("keeps every secret out of webhooks, whose connectionInfo holds only the platform's ids", () => {
    assert.ok(receiver.received.length >= 6);
    for (const webhook of receiver.received) {
      for (const [kind, value] of secrets) assert.ok(!webhook.body.includes(value), `${kind} appears in a webhook`);
    }
    const connected = receiver.received.map((w) => JSON.parse(w.body) as { eventType?: string; payload?: { connection?: { connectionInfo?: unknown } } });
    const info = connected.find((w) => w.payload?.connection?.connectionInfo)?.payload?.connection?.connectionInfo;
    assert.deepEqual(info, connectionInfoOf("alice"));
  });

  it("stores the secrets sealed: no table holds one in clear", async () => {
    const tables = ["platform_apps", "connection_credentials", "oauth_flows", "revocations", "connections", "webhook_events"] as const;
    for (const table of tables) {
      const rows = JSON.stringify(await server.db.selectFrom(table).selectAll().execute());
      for (const [kind, value] of secrets) assert.ok(!rows.includes(value), `${kind} is stored in clear in ${table}`);
    }
  });
});
