/**
 * A real OAuth 2.0 platform for a test server (./server.ts), set up the way a client would set
 * one up through the API, for the end-to-end tests of connections authorized at their platform:
 *
 *   const server = await startTestServer({ env: { PLATFORM_ALLOW_PRIVATE_URLS: "true" } });
 *   const platform = await startOAuthPlatform(server);       // key "oidc", credentials set
 *   after(() => platform.close());
 *   const { companyId, connection } = await platform.createConnection("Acme Ltd");
 *   const { response, html } = await platform.connectWithFetch(connection.linkUrl, "alice");
 *
 * `startOAuthPlatform` starts the kit's authorization server (./authorization-server.ts) with
 * this server's callback as its only redirect URI and three quirks (QuickBooks' `realmId` on the
 * callback, Stripe's `stripe_user_id` in the token response, a Xero-like tenant list), adds it
 * as the client's own platform (`PUT /integrations/{key}`) and sets its app's credentials
 * (`PUT /integrations/{key}/credentials`) unless told not to. What the connection keeps about an
 * account is `connectionInfoOf(account)`.
 *
 * The flow with fetch, one step at a time:
 *   startFlow(linkUrl)                   GET linkUrl → 303 to the platform, with the flow's cookie
 *   authorizeWithFetch(location, who)    the platform's login and consent → the callback URL
 *   finishFlow(callback, cookie)         GET the callback with that cookie → our outcome page
 * `connectWithFetch` does the three. `grantTokensOf(server, connectionId)` opens the tokens the
 * server stored (sealed) for a connection, for tests that check where they never appear.
 */
import assert from "node:assert/strict";
import { apiClient, type Api } from "./api.js";
import { authorizeWithFetch, startAuthorizationServer, type AuthorizationServer, type AuthorizationServerOptions } from "./authorization-server.js";
import type { TestServer } from "./server.js";

export const OAUTH_PLATFORM_KEY = "oidc";
export const OAUTH_PLATFORM_NAME = "Open Ledger";
/** The scopes the platform is defined with; `offline_access` is not one of its API scopes. */
export const OAUTH_SCOPES = ["accounting.read", "offline_access"];

/** What a connection keeps about the platform account `account` (see the quirks above). */
export function connectionInfoOf(account: string): Record<string, string> {
  return { realmId: `realm-${account}`, stripe_user_id: `acct_${account}`, tenantId: `${account}-org` };
}

/** The body of `PUT /integrations/{key}` for an authorization server of the kit. */
export function platformDefinition(platform: Pick<AuthorizationServer, "authorizeUrl" | "tokenUrl" | "revocationUrl" | "resourceUrl" | "connectionsUrl">, name = OAUTH_PLATFORM_NAME) {
  return {
    name,
    oauth: {
      authorizeUrl: platform.authorizeUrl,
      tokenUrl: platform.tokenUrl,
      revocationUrl: platform.revocationUrl,
      apiBaseUrl: new URL(platform.resourceUrl).origin,
      scopes: OAUTH_SCOPES,
      callbackParameters: [{ name: "realmId" }],
      tokenResponseFields: [{ name: "stripe_user_id" }],
      postConnect: { kind: "xero-tenant" as const, url: platform.connectionsUrl },
      identity: "tenantId",
    },
  };
}

export interface FlowStart {
  /** The platform's authorize URL the server sent the browser to. */
  location: string;
  /** `name=value` of the flow's cookie, ready for a Cookie header. */
  cookie: string;
  /** The whole Set-Cookie header. */
  setCookie: string;
}

export interface FlowEnd {
  response: Response;
  html: string;
}

export interface CreatedConnection {
  id: string;
  linkUrl: string;
  status: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [field: string]: any;
}

export interface OAuthPlatform {
  /** The authorization server itself: counters, `isActive`, `stop`/`start`, `failTokenEndpoint`. */
  server: AuthorizationServer;
  key: string;
  name: string;
  clientId: string;
  clientSecret: string;
  /** Sets the app's credentials at the platform (done already unless `credentials: false`). */
  setCredentials(): Promise<void>;
  /** A new company with a PendingAuth connection to this platform. */
  createConnection(companyName?: string): Promise<{ companyId: string; connection: CreatedConnection }>;
  startFlow(linkUrl: string): Promise<FlowStart>;
  finishFlow(callback: URL | string, cookie?: string): Promise<FlowEnd>;
  /** startFlow, the platform's pages as `account` (denying with `deny`), finishFlow. */
  connectWithFetch(linkUrl: string, account: string, options?: { deny?: boolean }): Promise<FlowEnd & FlowStart & { callback: URL }>;
  close(): Promise<void>;
}

export interface OAuthPlatformOptions {
  /** The 4-letter key of the client's own platform (default "oidc"). */
  key?: string;
  name?: string;
  /** Set the app's credentials now (default true). */
  credentials?: boolean;
  /** More options for the authorization server. */
  authorizationServer?: Partial<AuthorizationServerOptions>;
  /** Fields added to the platform's definition (`refreshMarginSeconds`, ...). */
  definition?: Record<string, unknown>;
}

export async function startOAuthPlatform(server: Pick<TestServer, "url" | "authHeader">, options: OAuthPlatformOptions = {}): Promise<OAuthPlatform> {
  const key = options.key ?? OAUTH_PLATFORM_KEY;
  const name = options.name ?? OAUTH_PLATFORM_NAME;
  const clientId = `app-${key}`;
  const clientSecret = `secret-${key}-0123456789`;
  const authorizationServer = await startAuthorizationServer({
    clients: [{ clientId, clientSecret, redirectUris: [`${server.url}/oauth/callback`] }],
    callbackParameters: { realmId: (account) => connectionInfoOf(account).realmId! },
    tokenResponseFields: { stripe_user_id: (account) => connectionInfoOf(account).stripe_user_id! },
    tenants: (account) => [{ tenantId: connectionInfoOf(account).tenantId!, tenantName: `${account} Ltd` }],
    ...options.authorizationServer,
  });
  const api: Api = apiClient(server);
  try {
    const body = platformDefinition(authorizationServer, name);
    const defined = await api("PUT", "/integrations/{key}", { params: { key }, body: { ...body, oauth: { ...body.oauth, ...options.definition } }, contract: false });
    assert.equal(defined.status, 200, `PUT /integrations/${key}: ${defined.text}`);
  } catch (error) {
    await authorizationServer.close();
    throw error;
  }

  const setCredentials = async () => {
    const res = await api("PUT", "/integrations/{key}/credentials", { params: { key }, body: { clientId, clientSecret }, contract: false });
    assert.equal(res.status, 200, `PUT /integrations/${key}/credentials: ${res.text}`);
  };
  if (options.credentials !== false) await setCredentials();

  const startFlow = async (linkUrl: string): Promise<FlowStart> => {
    const response = await fetch(linkUrl, { redirect: "manual" });
    assert.equal(response.status, 303, `GET ${linkUrl}: ${response.status} ${await response.text()}`);
    const location = response.headers.get("location") ?? "";
    const setCookie = response.headers.get("set-cookie") ?? "";
    assert.ok(location.startsWith(authorizationServer.authorizeUrl), `sent to the platform: ${location}`);
    assert.ok(setCookie, "the flow's cookie is set");
    return { location, setCookie, cookie: setCookie.split(";")[0]! };
  };
  const finishFlow = async (callback: URL | string, cookie?: string): Promise<FlowEnd> => {
    const response = await fetch(callback, { headers: cookie ? { cookie } : {}, redirect: "manual" });
    return { response, html: await response.text() };
  };

  return {
    server: authorizationServer,
    key,
    name,
    clientId,
    clientSecret,
    setCredentials,
    async createConnection(companyName = "Acme Ltd") {
      const company = await api("POST", "/companies", { body: { name: companyName } });
      assert.equal(company.status, 200, company.text);
      const companyId = company.body.id as string;
      const connection = await api("POST", "/companies/{companyId}/connections", { params: { companyId }, body: { platformKey: key } });
      assert.equal(connection.status, 200, connection.text);
      return { companyId, connection: connection.body as CreatedConnection };
    },
    startFlow,
    finishFlow,
    async connectWithFetch(linkUrl, account, flowOptions = {}) {
      const started = await startFlow(linkUrl);
      const callback = await authorizeWithFetch(started.location, account, flowOptions);
      return { ...started, callback, ...(await finishFlow(callback, started.cookie)) };
    },
    close: () => authorizationServer.close(),
  };
}

/**
 * The tokens the server holds for a connection, opened from their sealed row (undefined when it
 * holds none). Read them before a disconnect to check their revocation at the platform.
 */
export async function grantTokensOf(server: TestServer, connectionId: string): Promise<{ accessToken: string; refreshToken?: string } | undefined> {
  const row = await server.db.selectFrom("connection_credentials").selectAll().where("connection_id", "=", connectionId).executeTakeFirst();
  if (!row) return undefined;
  const box = server.app.context.secretBox;
  const accessToken = box.openText(row.access_token_sealed, `connection-credentials:${connectionId}:access`);
  const refreshToken = row.refresh_token_sealed === null ? undefined : box.openText(row.refresh_token_sealed, `connection-credentials:${connectionId}:refresh`);
  return { accessToken, ...(refreshToken === undefined ? {} : { refreshToken }) };
}
