// A real OAuth 2.0 authorization server on loopback, standing in for the accounting and commerce
// platforms (Xero, QuickBooks, Stripe, Sage...) that the connection manager authorizes with
// through the authorization-code flow. The protocol is done by `oidc-provider` itself (authorize,
// token, revocation, introspection, PKCE, refresh-token rotation, grant revocation); this module
// only configures it the way those platforms behave, adds their quirks (extra callback parameters,
// extra token-response fields, a Xero-like GET /connections), and gives the tests levers and
// counters (take the token endpoint down, stop and restart, revoke an account's grants).
//
// Login and consent use oidc-provider's built-in development interactions. Every authorization
// shows the login page and then the consent page, even to a browser already signed in, so a test
// always chooses the platform account, and every consent creates a fresh grant:
//
//   Login page   (h1 "Sign-in"):    <form method="post" action="{issuer}/interaction/:uid">
//                                     input[name="prompt"][type=hidden] value "login"
//                                     input[name="login"]     (required) the account id, any name
//                                     input[name="password"]  (required) anything
//                                     button[type="submit"]   "Sign-in"
//   Consent page (h1 "Authorize"):  <form method="post" action="{issuer}/interaction/:uid">
//                                     input[name="prompt"][type=hidden] value "consent"
//                                     button[type="submit"]   "Continue"
//   Both pages:                     a[href$="/abort"]       "[ Cancel ]" ({issuer}/interaction/:uid/abort)
//                                     goes back to the client's redirect_uri with error=access_denied
//
// In Playwright: page.fill('input[name="login"]', "alice"); page.fill('input[name="password"]',
// "x"); page.click('button[type="submit"]'); then page.click('button[type="submit"]') to consent,
// or page.click('a[href$="/abort"]') to deny. `authorizeWithFetch` does the same with plain fetch.
//
// Access tokens are RS256 JWTs (typ at+jwt, aud `${issuer}/api`) carrying `authentication_event_id`
// (the grant id), which GET /connections reports as `authEventId`. JWT access tokens cannot be
// revoked or introspected (oidc-provider answers unsupported_token_type); revoking a refresh token
// revokes its whole grant, after which the grant's access tokens are refused here too.
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, jwtVerify, type CryptoKey, type JWK } from "jose";
import Provider, {
  errors,
  interactionPolicy,
  type Adapter,
  type AdapterFactory,
  type AdapterPayload,
  type Configuration,
  type KoaContextWithOIDC,
  type ResourceServer,
} from "oidc-provider";

export interface AuthorizationServerOptions {
  /** 0 = any free port (default); a given port lets a test stop and restart on the same address. */
  port?: number;
  clients: Array<{
    clientId: string;
    clientSecret: string;
    redirectUris: string[];
    tokenEndpointAuthMethod?: "client_secret_basic" | "client_secret_post";
  }>;
  /** Default 3600. */
  accessTokenTtlSeconds?: number;
  /** Default 30 days. */
  refreshTokenTtlSeconds?: number;
  /** Default true (S256 is the only method oidc-provider supports). */
  pkceRequired?: boolean;
  /**
   * Default true: every refresh issues a new refresh token and consumes the old one; presenting a
   * consumed refresh token again revokes the whole grant (like Xero and Sage).
   */
  rotateRefreshTokens?: boolean;
  /** Extra query parameters on the successful redirect back to the client, e.g. QuickBooks' realmId. */
  callbackParameters?: Record<string, (account: string) => string>;
  /** Extra fields in the token endpoint's JSON for code and refresh grants, e.g. Stripe's stripe_user_id. */
  tokenResponseFields?: Record<string, (account: string) => string>;
  /** Enables a Xero-like GET /connections listing these tenants for the token's account. */
  tenants?: (account: string) => Array<{ tenantId: string; tenantName: string }>;
}

export interface AuthorizationServer {
  /** e.g. http://127.0.0.1:PORT (no trailing slash). */
  issuer: string;
  authorizeUrl: string;
  tokenUrl: string;
  revocationUrl: string;
  introspectionUrl: string;
  /** GET {issuer}/connections (Xero-like tenant list). */
  connectionsUrl: string;
  /** GET {issuer}/api/whoami: JSON {account, scope, clientId} for a valid access token, 401 otherwise. */
  resourceUrl: string;
  port: number;
  /** Counters the tests assert on. */
  counts: {
    authorizationCodeGrants: number;
    refreshGrants: number;
    refreshTokenReuse: number;
    revocations: number;
    grantsRevoked: number;
    tokenRequests: number;
  };
  /** Every token endpoint request (grant_type, client auth method used, whether code_verifier was present, time). */
  tokenRequestLog: Array<{ grantType: string; clientAuth: "basic" | "post" | "none"; codeVerifier: boolean; at: number }>;
  /** Is this token (access or refresh) active? Asks the provider's models (and its signing key for JWTs). */
  isActive(token: string): Promise<boolean>;
  /** Revoke every grant of an account (the owner revoked access at the platform). */
  revokeAccount(account: string): Promise<void>;
  /** Make the token endpoint answer this HTTP status (e.g. 503) until cleared with undefined. */
  failTokenEndpoint(status: number | undefined, retryAfterSeconds?: number): void;
  /** Stop listening (connections refused), keeping grants and tokens in memory. */
  stop(): Promise<void>;
  /** Listen again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Scopes the platform's API knows; any other requested scope is silently left out of the grant. */
const API_SCOPES = [
  "api",
  "read",
  "write",
  "read_write",
  "read_only",
  "full_access",
  "readonly",
  "accounting.read",
  "accounting.write",
  "accounting.transactions",
  "accounting.transactions.read",
  "accounting.contacts",
  "accounting.contacts.read",
  "accounting.settings",
  "accounting.settings.read",
  "accounting.reports.read",
  "accounting.journals.read",
  "accounting.attachments",
  "accounting.attachments.read",
  "com.intuit.quickbooks.accounting",
  "com.intuit.quickbooks.payment",
];
const AUTH_EVENT_CLAIM = "authentication_event_id";
const SIGNING_ALG = "RS256";
const DAY = 24 * 60 * 60;

type Counts = AuthorizationServer["counts"];
type TokenRequestLog = AuthorizationServer["tokenRequestLog"];

/** What a valid access token says, once its signature and its grant have been checked. */
interface AccessGrant {
  account: string;
  clientId: string;
  scope: string;
  grantId: string;
}

export async function startAuthorizationServer(options: AuthorizationServerOptions): Promise<AuthorizationServer> {
  const server = http.createServer();
  const port = await listen(server, options.port ?? 0);
  const issuer = `http://127.0.0.1:${port}`;
  const apiResource = `${issuer}/api`;
  const keys = await signingKeys();
  const store = new MemoryStore();
  const provider = new Provider(issuer, configuration(options, apiResource, keys.privateJwk, store));

  const counts: Counts = { authorizationCodeGrants: 0, refreshGrants: 0, refreshTokenReuse: 0, revocations: 0, grantsRevoked: 0, tokenRequests: 0 };
  const tokenRequestLog: TokenRequestLog = [];
  const logTokenRequest = (body: Record<string, unknown>, authorization: string | undefined) => {
    counts.tokenRequests += 1;
    tokenRequestLog.push(tokenRequestEntry(body, authorization));
  };
  countEvents(provider, counts);
  provider.use(platformQuirks(options, counts, logTokenRequest));

  async function liveGrant(grantId: string, clientId: string, account: string): Promise<boolean> {
    const grant = await provider.Grant.find(grantId);
    return !!grant && !grant.isExpired && grant.clientId === clientId && grant.accountId === account;
  }

  async function verifyAccessToken(token: string): Promise<AccessGrant | undefined> {
    try {
      const { payload } = await jwtVerify(token, keys.publicKey, { issuer, audience: apiResource, typ: "at+jwt", algorithms: [SIGNING_ALG] });
      const { sub, client_id: clientId, scope = "", [AUTH_EVENT_CLAIM]: grantId } = payload;
      if (typeof sub !== "string" || typeof clientId !== "string" || typeof grantId !== "string" || typeof scope !== "string") return undefined;
      return (await liveGrant(grantId, clientId, sub)) ? { account: sub, clientId, scope, grantId } : undefined;
    } catch {
      return undefined;
    }
  }

  async function isActive(token: string): Promise<boolean> {
    const refreshToken = await provider.RefreshToken.find(token);
    if (refreshToken) {
      const { isValid, grantId, clientId, accountId } = refreshToken;
      return isValid && !!grantId && !!clientId && liveGrant(grantId, clientId, accountId);
    }
    return (await verifyAccessToken(token)) !== undefined;
  }

  async function revokeAccount(account: string): Promise<void> {
    for (const grantId of store.grantIdsOf(account)) {
      await Promise.all([provider.AccessToken, provider.RefreshToken, provider.AuthorizationCode].map((model) => model.revokeByGrantId(grantId)));
      await (await provider.Grant.find(grantId))?.destroy();
      counts.grantsRevoked += 1;
    }
  }

  let failStatus: number | undefined;
  let failRetryAfter: number | undefined;
  const providerCallback = provider.callback();
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    // No keep-alive: after stop() a client finds the port closed (ECONNREFUSED), not a stale socket.
    res.setHeader("connection", "close");
    const path = new URL(req.url ?? "/", issuer).pathname;
    if (path === "/token" && failStatus !== undefined) {
      if (failRetryAfter !== undefined) res.setHeader("retry-after", String(failRetryAfter));
      failTokenRequest(req, res, failStatus, logTokenRequest).catch(() => res.destroy());
    } else if (path === "/connections" && options.tenants && req.method === "GET") {
      const tenants = options.tenants;
      void withBearer(req, res, verifyAccessToken, (grant) => connectionsOf(grant, tenants));
    } else if (path === "/api/whoami" && req.method === "GET") {
      void withBearer(req, res, verifyAccessToken, ({ account, scope, clientId }) => ({ account, scope, clientId }));
    } else {
      void providerCallback(req, res);
    }
  });

  const stop = () => closeServer(server);
  return {
    issuer,
    authorizeUrl: `${issuer}/auth`,
    tokenUrl: `${issuer}/token`,
    revocationUrl: `${issuer}/token/revocation`,
    introspectionUrl: `${issuer}/token/introspection`,
    connectionsUrl: `${issuer}/connections`,
    resourceUrl: `${issuer}/api/whoami`,
    port,
    counts,
    tokenRequestLog,
    isActive,
    revokeAccount,
    failTokenEndpoint(status, retryAfterSeconds) {
      failStatus = status;
      failRetryAfter = retryAfterSeconds;
    },
    stop,
    start: async () => {
      if (!server.listening) await listen(server, port);
    },
    close: stop,
  };
}

/** oidc-provider's configuration: plain OAuth 2.0 clients, JWT access tokens for one API, rotation, revocation. */
function configuration(options: AuthorizationServerOptions, apiResource: string, signingJwk: JWK, store: MemoryStore): Configuration {
  const accessTokenTtl = options.accessTokenTtlSeconds ?? 3600;
  const refreshTokenTtl = options.refreshTokenTtlSeconds ?? 30 * DAY;
  const pkceRequired = options.pkceRequired ?? true;
  const resourceServer: ResourceServer = {
    scope: API_SCOPES.join(" "),
    accessTokenFormat: "jwt",
    accessTokenTTL: accessTokenTtl,
    jwt: { sign: { alg: SIGNING_ALG } },
  };
  return {
    adapter: store.adapterFactory(),
    clients: options.clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: client.redirectUris,
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: client.tokenEndpointAuthMethod ?? "client_secret_basic",
    })),
    jwks: { keys: [signingJwk] },
    cookies: { keys: [randomBytes(32).toString("hex")] },
    findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id }) }),
    features: {
      devInteractions: { enabled: true },
      // Any client of the platform may introspect; a client may only revoke its own tokens.
      introspection: { enabled: true, allowedPolicy: () => true },
      revocation: { enabled: true, allowedPolicy: (_ctx, client, token) => revocationAllowed(client.clientId, token.clientId) },
      resourceIndicators: {
        enabled: true,
        // No `resource` parameter from the client: the platform's API is the audience.
        defaultResource: (_ctx, _client, oneOf) => (oneOf && !oneOf.includes(apiResource) ? oneOf : apiResource),
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== apiResource) throw new errors.InvalidTarget();
          return resourceServer;
        },
      },
    },
    interactions: { policy: everyAuthorizationAsks() },
    // A new grant per consent, never one remembered through the browser's cookies.
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId;
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
    // Platforms hand out refresh tokens without offline_access / prompt=consent.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed("refresh_token"),
    // Tokens outlive the user's sign-in at the platform (the default ties them to it without offline_access).
    expiresWithSession: () => false,
    rotateRefreshToken: options.rotateRefreshTokens ?? true,
    // Revoking a refresh token, or replaying a rotated one, revokes the whole grant.
    revokeGrantPolicy: () => true,
    extraTokenClaims: (_ctx, token) => ("grantId" in token && token.grantId ? { [AUTH_EVENT_CLAIM]: token.grantId } : undefined),
    pkce: { required: () => pkceRequired },
    ttl: {
      AccessToken: accessTokenTtl,
      RefreshToken: refreshTokenTtl,
      Grant: Math.max(refreshTokenTtl, 365 * DAY),
      AuthorizationCode: 60,
      Interaction: 3600,
      Session: DAY,
    },
  };
}

function revocationAllowed(clientId: string, tokenClientId: string | undefined): boolean {
  if (clientId !== tokenClientId) throw new errors.InvalidRequest("client is not authorized to revoke the presented token");
  return true;
}

/**
 * The default interaction policy, plus: always show the login page (the test picks the account,
 * even in a browser already signed in) and always ask for consent (a fresh grant each time).
 */
function everyAuthorizationAsks(): interactionPolicy.Prompt[] {
  const { Check, base } = interactionPolicy;
  const policy = base();
  policy.get("login")?.checks.add(new Check("every_authorization", "the platform asks who signs in", "login_required", (ctx) => !ctx.oidc.result?.login));
  policy.get("consent")?.checks.add(new Check("every_authorization", "the platform asks for consent", "consent_required", (ctx) => !ctx.oidc.result?.consent));
  return policy;
}

function countEvents(provider: Provider, counts: Counts): void {
  provider.on("grant.success", (ctx: KoaContextWithOIDC) => {
    const grantType = ctx.oidc.params?.grant_type;
    if (grantType === "authorization_code") counts.authorizationCodeGrants += 1;
    if (grantType === "refresh_token") counts.refreshGrants += 1;
  });
  // The refresh grant loads the presented token before refusing it: a consumed one is a replay.
  provider.on("grant.error", (ctx: KoaContextWithOIDC) => {
    if (ctx.oidc.params?.grant_type === "refresh_token" && ctx.oidc.entities.RefreshToken?.consumed) counts.refreshTokenReuse += 1;
  });
  provider.on("grant.revoked", () => {
    counts.grantsRevoked += 1;
  });
  provider.on("server_error", (_ctx: KoaContextWithOIDC, error: Error) => console.error("authorization server error:", error));
}

type Next = () => Promise<unknown>;

/** Koa middleware around oidc-provider's routes, acting after them. */
function platformQuirks(
  options: AuthorizationServerOptions,
  counts: Counts,
  logTokenRequest: (body: Record<string, unknown>, authorization: string | undefined) => void,
) {
  return async (ctx: KoaContextWithOIDC, next: Next) => {
    await next();
    const route = ctx.oidc?.route;
    if (route === "token") {
      logTokenRequest(ctx.oidc.body ?? {}, ctx.get("authorization") || undefined);
      addTokenResponseFields(ctx, options.tokenResponseFields);
    } else if (route === "authorization" || route === "resume") {
      addCallbackParameters(ctx, options.callbackParameters);
    } else if (route === "revocation" && ctx.status === 200) {
      counts.revocations += 1;
    } else if (ctx.path.startsWith("/interaction/") && typeof ctx.body === "string") {
      // Keep the pages hermetic: the dev views @import a web font from the internet.
      ctx.body = ctx.body.replace(/@import url\([^)]*\);/g, "");
    }
  };
}

function addTokenResponseFields(ctx: KoaContextWithOIDC, fields: AuthorizationServerOptions["tokenResponseFields"]): void {
  const account = ctx.oidc.entities.Grant?.accountId;
  const grantType = ctx.oidc.params?.grant_type;
  if (!fields || ctx.status !== 200 || !account || !isRecord(ctx.body)) return;
  if (grantType !== "authorization_code" && grantType !== "refresh_token") return;
  for (const [name, value] of Object.entries(fields)) ctx.body[name] = value(account);
}

/** Adds the extra parameters to a successful redirect (one carrying a code) to a registered redirect_uri. */
function addCallbackParameters(ctx: KoaContextWithOIDC, parameters: AuthorizationServerOptions["callbackParameters"]): void {
  const location = ctx.response.get("location");
  const account = ctx.oidc.session?.accountId;
  if (!parameters || !location || !account || ctx.status < 300 || ctx.status >= 400) return;
  const target = new URL(location, ctx.href);
  const registered = ctx.oidc.client?.redirectUris?.includes(`${target.origin}${target.pathname}`);
  if (!registered || !target.searchParams.has("code")) return;
  for (const [name, value] of Object.entries(parameters)) target.searchParams.set(name, value(account));
  ctx.redirect(target.href);
}

function tokenRequestEntry(body: Record<string, unknown>, authorization: string | undefined): TokenRequestLog[number] {
  const clientAuth = authorization?.toLowerCase().startsWith("basic ") ? "basic" : body.client_secret !== undefined ? "post" : "none";
  return { grantType: String(body.grant_type ?? ""), clientAuth, codeVerifier: body.code_verifier !== undefined, at: Date.now() };
}

/** The token endpoint while "down": the request is read and logged, then answered with `status`. */
async function failTokenRequest(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  status: number,
  logTokenRequest: (body: Record<string, unknown>, authorization: string | undefined) => void,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  logTokenRequest(Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8"))), req.headers.authorization);
  sendJson(res, status, { error: "temporarily_unavailable" });
}

/** Answers a protected-resource request: 401 unless the bearer token is valid. */
async function withBearer(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  verify: (token: string) => Promise<AccessGrant | undefined>,
  answer: (grant: AccessGrant) => unknown,
): Promise<void> {
  const match = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? "");
  const grant = match?.[1] ? await verify(match[1]) : undefined;
  if (!grant) {
    res.setHeader("www-authenticate", match ? 'Bearer error="invalid_token"' : "Bearer");
    sendJson(res, 401, { error: "invalid_token" });
    return;
  }
  sendJson(res, 200, answer(grant));
}

/** Xero's GET /connections: one entry per tenant, each with the authorization event that connected it. */
function connectionsOf(grant: AccessGrant, tenants: NonNullable<AuthorizationServerOptions["tenants"]>) {
  return tenants(grant.account).map(({ tenantId, tenantName }) => ({
    id: uuidFrom(`${grant.grantId}:${tenantId}`),
    tenantId,
    tenantName,
    tenantType: "ORGANISATION",
    authEventId: grant.grantId,
  }));
}

function uuidFrom(seed: string): string {
  const hex = createHash("sha256").update(seed).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" }).end(JSON.stringify(body));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

async function signingKeys(): Promise<{ privateJwk: JWK; publicKey: CryptoKey }> {
  const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const privateJwk = { ...(await exportJWK(privateKey)), kid: "platform-signing-key", alg: SIGNING_ALG, use: "sig" };
  return { privateJwk, publicKey };
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: http.Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

/**
 * oidc-provider's storage, in memory, for this server only (the library's own in-memory adapter
 * is one process-wide LRU capped at 1000 entries, shared by every provider in the process).
 * Entries expire after the TTL oidc-provider gives; tokens are indexed by grant for revocation.
 */
class MemoryStore {
  private readonly entries = new Map<string, { payload: AdapterPayload; expiresAt: number }>();
  private readonly byGrant = new Map<string, Set<string>>();
  private readonly byUid = new Map<string, string>();
  private readonly byUserCode = new Map<string, string>();

  adapterFactory(): AdapterFactory {
    return (model) => this.adapter(model);
  }

  /** Ids of the grants an account has given (the Grant model's entries). */
  grantIdsOf(account: string): string[] {
    const ids: string[] = [];
    for (const key of this.entries.keys()) {
      if (key.startsWith("Grant:") && this.get(key)?.accountId === account) ids.push(key.slice("Grant:".length));
    }
    return ids;
  }

  private adapter(model: string): Adapter {
    const key = (id: string) => `${model}:${id}`;
    return {
      upsert: async (id, payload, expiresIn) => this.set(key(id), payload, expiresIn),
      find: async (id) => this.get(key(id)),
      findByUid: async (uid) => this.lookup(this.byUid, uid, key),
      findByUserCode: async (userCode) => this.lookup(this.byUserCode, userCode, key),
      consume: async (id) => {
        const payload = this.get(key(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      destroy: async (id) => {
        this.entries.delete(key(id));
      },
      revokeByGrantId: async (grantId) => {
        for (const member of this.byGrant.get(grantId) ?? []) this.entries.delete(member);
        this.byGrant.delete(grantId);
      },
    };
  }

  private set(key: string, payload: AdapterPayload, expiresIn: number | undefined): void {
    this.entries.set(key, { payload, expiresAt: expiresIn === undefined ? Infinity : Date.now() + expiresIn * 1000 });
    if (payload.grantId) this.byGrant.set(payload.grantId, (this.byGrant.get(payload.grantId) ?? new Set()).add(key));
    const id = key.slice(key.indexOf(":") + 1);
    if (payload.uid) this.byUid.set(payload.uid, id);
    if (payload.userCode) this.byUserCode.set(payload.userCode, id);
  }

  private get(key: string): AdapterPayload | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= Date.now()) this.entries.delete(key);
    return entry && entry.expiresAt > Date.now() ? entry.payload : undefined;
  }

  private lookup(index: Map<string, string>, value: string, key: (id: string) => string): AdapterPayload | undefined {
    const id = index.get(value);
    return id === undefined ? undefined : this.get(key(id));
  }
}

/**
 * Drives the platform's pages like a user, with plain fetch: starting at a full authorize URL
 * (built by the client), follows the redirects, signs in as `account`, then consents (or, with
 * `deny`, follows "[ Cancel ]" so the provider answers error=access_denied), keeping cookies
 * itself. Returns the final redirect to the client's redirect_uri, without fetching it.
 */
export async function authorizeWithFetch(authorizeUrl: string, account: string, opts: { deny?: boolean } = {}): Promise<URL> {
  const platform = new URL(authorizeUrl).origin;
  const cookies = new Map<string, string>();
  let request: { url: URL; form?: URLSearchParams } = { url: new URL(authorizeUrl) };
  for (let step = 0; step < 20; step += 1) {
    const response = await fetch(request.url, {
      method: request.form ? "POST" : "GET",
      body: request.form,
      redirect: "manual",
      headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join("; ") },
    });
    keepCookies(cookies, response.headers.getSetCookie());
    const location = response.headers.get("location");
    if (location) {
      const next = new URL(location, request.url);
      if (next.origin !== platform) return next;
      request = { url: next };
      continue;
    }
    request = nextPageAction(await response.text(), response.status, account, opts.deny ?? false);
  }
  throw new Error(`authorizeWithFetch: no redirect back to the client after 20 steps from ${authorizeUrl}`);
}

/** What a user does on the login or consent page. */
function nextPageAction(html: string, status: number, account: string, deny: boolean): { url: URL; form?: URLSearchParams } {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  const cancel = /<a href="([^"]+)">\[ Cancel \]<\/a>/.exec(html)?.[1];
  const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
  if (!action || !cancel || !prompt) {
    const text = html.replace(/<style[\s\S]*?<\/style>/g, "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    throw new Error(`authorizeWithFetch: unexpected page (HTTP ${status}): ${text.trim().slice(0, 500)}`);
  }
  if (prompt === "login") return { url: new URL(unescapeHtml(action)), form: new URLSearchParams({ prompt, login: account, password: "password" }) };
  if (deny) return { url: new URL(unescapeHtml(cancel)) };
  return { url: new URL(unescapeHtml(action)), form: new URLSearchParams({ prompt }) };
}

function keepCookies(cookies: Map<string, string>, setCookies: string[]): void {
  for (const header of setCookies) {
    const [pair = "", ...attributes] = header.split(";");
    const separator = pair.indexOf("=");
    const name = pair.slice(0, separator).trim();
    const value = pair.slice(separator + 1).trim();
    const expired = attributes.some((attribute) => /^\s*expires=.*1970/i.test(attribute));
    if (!value || expired) cookies.delete(name);
    else cookies.set(name, value);
  }
}

function unescapeHtml(value: string): string {
  return value.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))).replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">");
}
