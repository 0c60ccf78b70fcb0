// Secrets never leak: a representative run (keys created, used, revoked; both kinds of token
// issued and used; forged tokens refused; credentials sent to the authorization endpoint; a
// webhook consumer created and a delivery signed and sent; errors of every kind) with the
// server's logs captured at trace level. No log line may contain an API key (raw or in its
// Basic encoding), a token, the signing private key (PEM, DER or JWK `d`), the key-encryption
// secret, a webhook secret or a connection credential; and no response may echo a secret
// except the one response that hands it out.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { apiClient, type ApiResponse, type CallOptions } from "@codat/test-kit/api";
import { basicAuth } from "@codat/test-kit/auth";
import { startReceiver, type Receiver } from "@codat/test-kit/receiver";
import { startTestServer, type TestServer } from "@codat/test-kit/server";
import { forgedTokens } from "./helpers/forged-tokens.js";

const SIGNING_KEY_SECRET = "secrets-test-key-encryption-secret-0123456789";
const CONNECTION_PASSWORD = "hunter2-connection-password-5f1c";

interface Secret {
  kind: string;
  value: string;
  /** The request (`METHOD template`) whose response hands this secret out, if any. */
  issuedBy?: string;
}

describe("secrets in logs and responses", () => {
  let server: TestServer;
  let receiver: Receiver;
  const logLines: string[] = [];
  const responses: Array<{ request: string; status: number; text: string; cacheControl: string | null }> = [];
  const secrets: Secret[] = [];
  const addSecret = (kind: string, value: string, issuedBy?: string) => {
    assert.ok(value.length >= 16, `${kind} is long enough to search for`);
    secrets.push({ kind, value, ...(issuedBy ? { issuedBy } : {}) });
  };

  before(async () => {
    receiver = await startReceiver();
    server = await startTestServer({
      logLines,
      env: { LOG_LEVEL: "trace", SIGNING_KEY_SECRET, WEBHOOK_ALLOW_PRIVATE_URLS: "true", WEBHOOK_POLL_INTERVAL_MS: "50" },
    });
    const raw = apiClient(server);
    const api = async (method: string, template: string, options: CallOptions = {}): Promise<ApiResponse> => {
      const res = await raw(method, template, options);
      responses.push({ request: `${method} ${template}`, status: res.status, text: res.text, cacheControl: res.headers.get("cache-control") });
      return res;
    };
    addSecret("API key", server.apiKey);
    addSecret("API key (Basic)", server.authHeader.slice("Basic ".length));
    addSecret("key-encryption secret", SIGNING_KEY_SECRET);
    addSecret("connection password", CONNECTION_PASSWORD);
    const active = await server.app.context.keyRing.active();
    const pem = active.privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    addSecret("private key (PEM body)", pem.split("\n").slice(1, -2).join(""));
    addSecret("private key (DER, base64url)", active.privateKey.export({ format: "der", type: "pkcs8" }).toString("base64url"));
    addSecret("private key (JWK d)", active.privateKey.export({ format: "jwk" }).d as string);

    // Companies, connections, API keys: created, used, revoked.
    const companyId = (await api("POST", "/companies", { body: { name: "Secrets Co" } })).body.id as string;
    const connectionId = (await api("POST", "/companies/{companyId}/connections", { params: { companyId }, body: { platformKey: "gbol" } })).body.id as string;
    const created = (await api("POST", "/apiKeys", { body: { name: "second" } })).body as { id: string; apiKey: string };
    addSecret("created API key", created.apiKey, "POST /apiKeys");
    addSecret("created API key (Basic)", basicAuth(created.apiKey).slice("Basic ".length));
    await api("GET", "/apiKeys");
    await api("GET", "/companies", { auth: basicAuth(created.apiKey) });
    await api("DELETE", "/apiKeys/{apiKeyId}", { params: { apiKeyId: created.id } });
    await api("GET", "/companies", { auth: basicAuth(created.apiKey) }); // revoked: 401

    // Tokens: both kinds issued and used; forged ones refused.
    const cm = (await api("GET", "/companies/{companyId}/connectionManagement/accessToken", { params: { companyId } })).body.accessToken as string;
    addSecret("connection-management token", cm, "GET /companies/{companyId}/connectionManagement/accessToken");
    const companyToken = (await api("GET", "/companies/{companyId}/accessToken", { params: { companyId } })).body.accessToken as string;
    addSecret("company token", companyToken, "GET /companies/{companyId}/accessToken");
    await api("GET", "/companies/{companyId}/connections", { params: { companyId }, auth: `Bearer ${cm}` });
    await api("GET", "/companies/{companyId}/connections/{connectionId}", { params: { companyId, connectionId }, auth: `Bearer ${companyToken}` });
    const jwk = (await api("GET", "/.well-known/jwks.json", { contract: false })).body.keys[0];
    for (const forged of Object.values(forgedTokens(cm, jwk))) {
      await api("GET", "/companies/{companyId}/connections", { params: { companyId }, auth: `Bearer ${forged}` });
    }
    await api("GET", "/companies", { auth: `Bearer ${cm}` }); // a token on an API-key route: 401

    // Credentials through the authorization endpoint (checked, never stored nor logged).
    await api("PUT", "/companies/{companyId}/connections/{connectionId}/authorization", {
      params: { companyId, connectionId },
      body: { username: "owner@example.com", password: CONNECTION_PASSWORD },
    });
    await api("PATCH", "/companies/{companyId}/connections/{connectionId}", { params: { companyId, connectionId }, auth: `Bearer ${cm}`, body: { status: "Unlinked" } });

    // A webhook consumer: its secret is handed out once; deliveries are signed with it.
    const webhook = (await api("POST", "/webhooks", { body: { url: `${receiver.url}/hook` } })).body as { secret: string };
    addSecret("webhook secret", webhook.secret, "POST /webhooks");
    addSecret("webhook secret (key bytes)", webhook.secret.replace(/^whsec_/, ""), "POST /webhooks");
    await api("GET", "/webhooks");
    await api("POST", "/companies", { body: { name: "Triggers a webhook" } });
    await receiver.waitForSuccesses(1);

    // Errors carrying secrets in the request: bad JSON, validation, unknown routes.
    await api("POST", "/companies", { rawBody: `{"name": "${server.apiKey}`, headers: { "content-type": "application/json" } });
    await api("POST", "/companies", { body: { name: 5, description: server.apiKey } });
    await api("GET", "/nothing/{x}", { params: { x: server.apiKey }, contract: false });
    await api("GET", "/companies/{companyId}", { params: { companyId: cm.slice(0, 150) } });
  });
  after(async () => {
    await server?.close();
    await receiver?.close();
  });

  it("captured a full run of logs, at trace level", () => {
    assert.ok(logLines.length >= responses.length, `${logLines.length} log lines for ${responses.length} requests`);
    assert.ok(logLines.some((l) => l.includes('"msg":"bearer token refused"')), "refusals are logged (without the token)");
    console.log(`secrets: ${responses.length} requests, ${logLines.length} log lines, ${secrets.length} secrets searched for`);
  });

  it("logs no secret of any kind", () => {
    const leaks = secrets.flatMap((secret) =>
      logLines.filter((line) => line.includes(secret.value)).map((line) => `${secret.kind}: ${line.slice(0, 300)}`),
    );
    assert.deepEqual(leaks, []);
  });

  it("answers no secret except in the one response that issues it", () => {
    const leaks = secrets.flatMap((secret) =>
      responses
        .filter((r) => r.text.includes(secret.value) && !(r.request === secret.issuedBy && r.status < 300))
        .map((r) => `${secret.kind} in ${r.request} ${r.status}: ${r.text.slice(0, 200)}`),
    );
    assert.deepEqual(leaks, []);
    for (const secret of secrets.filter((s) => s.issuedBy)) {
      assert.ok(responses.some((r) => r.request === secret.issuedBy && r.text.includes(secret.value)), `${secret.kind} was handed out once`);
    }
  });

  it("forbids caching every response that hands a secret out (Cache-Control: no-store)", () => {
    const issuing = new Set(secrets.flatMap((s) => (s.issuedBy ? [s.issuedBy] : [])));
    assert.deepEqual([...issuing].sort(), [
      "GET /companies/{companyId}/accessToken",
      "GET /companies/{companyId}/connectionManagement/accessToken",
      "POST /apiKeys",
      "POST /webhooks",
    ]);
    const cacheable = responses.filter((r) => issuing.has(r.request) && r.status < 300 && r.cacheControl !== "no-store");
    assert.deepEqual(cacheable.map((r) => `${r.request}: ${r.cacheControl}`), []);
  });
});
