// The demo platform (DEMO_PAGE=true, as `npm start` runs): a real OAuth 2.0 authorization server,
// oidc-provider, that this server runs itself at `${PUBLIC_URL}/demo-platform`, so that the quick
// start walks the whole flow a real platform takes (authorize → sign-in → consent → callback →
// code exchange, refresh, revocation) on a fresh machine without internet. main.ts has the seed
// make it the default client's own platform `demo` (the generic OAuth 2.0 platform, see
// `demoPlatformInput`), with a connection to it in the demo company whose authorization has
// expired: the demo page's Reconnect and the company link page start there.
//
// It behaves as the built-in platforms do:
//   - one client, `demo-app`, redirecting to `${PUBLIC_URL}/oauth/callback`, authenticating with
//     client_secret_basic, PKCE S256 required. Its secret is derived from the server's master
//     secret (`SecretBox.derive`): the same in every process and after a restart, never in code;
//   - its own sign-in (any name, any password) and consent pages (demo-platform-interactions.ts:
//     the consent names the application that will read the books and whose they are), and
//     every authorization asks both, so each reconnect chooses the account;
//   - opaque access tokens (30 minutes) for its API at `/demo-platform/api`, rotating refresh
//     tokens, RFC 7009 revocation (revoking a token revokes its grant), RFC 7662 introspection;
//   - the token response names the account (`demo_account`): the connection keeps it as its
//     identity, so a reconnect must bring the same account;
//   - GET /demo-platform/api/company answers `{ companyName: "<account>'s demo books", ... }`
//     for a valid bearer token.
//
// It keeps everything (sign-ins, grants, tokens) in this process's memory. A restart forgets the
// grants (the connection's next call is refused: reconnect). With WORKERS > 1, a sign-in started
// in one worker would be unknown to the worker that gets the next request, so the demo platform
// runs only in a single process (`demoPlatformEnabled`); the banner says so. Sharing it through
// the database would take an oidc-provider adapter over it: more than a demo is worth.
//
// Domain code: it knows nothing of Fastify. The app's catch-all route (http/routes/browser/
// demo.ts) hands it the raw request and response once it has hijacked the reply.
import { generateKeyPair } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { promisify } from "node:util";
import type { Adapter, AdapterPayload, Configuration, interactionPolicy, KoaContextWithOIDC, default as ProviderType } from "oidc-provider";
import type { Kysely } from "kysely";
import type { Config } from "../config.js";
import type { ContextLogger } from "../context.js";
import type { Database } from "../storage/schema.js";
import type { SecretBox } from "../tokens/secret-box.js";
import { demoCompanyName, handleInteraction, isInteractionPath } from "./demo-platform-interactions.js";
import { escapeHtml } from "./demo-platform-pages.js";

/** Its key among the default client's own platforms. */
export const DEMO_PLATFORM_KEY = "demo";
/** Where the app mounts it, below PUBLIC_URL. */
export const DEMO_PLATFORM_PATH = "/demo-platform";
export const DEMO_PLATFORM_CLIENT_ID = "demo-app";
/** The one scope its API knows. */
const API_SCOPE = "books.read";
/** The protected resource's path, below the mount. */
const COMPANY_PATH = "/api/company";
/** Names people type at the sign-in page, kept as the connection's identity: no control characters. */
const ACCOUNT_PATTERN = "^[^\\x00-\\x1f\\x7f]{1,128}$";

const MINUTE = 60;
const DAY = 24 * 60 * MINUTE;
const ACCESS_TOKEN_TTL = 30 * MINUTE;
const REFRESH_TOKEN_TTL = 30 * DAY;

/** The demo platform runs with the demo page, in a single process (see above). */
export function demoPlatformEnabled(config: Pick<Config, "demoPage" | "workers">): boolean {
  return config.demoPage && config.workers === 1;
}

export const demoPlatformIssuer = (publicUrl: string): string => `${publicUrl}${DEMO_PLATFORM_PATH}`;

/** The app's credentials at the demo platform, as the client sets them (PUT /integrations/demo/credentials). */
export function demoPlatformCredentials(secretBox: SecretBox): { clientId: string; clientSecret: string } {
  return { clientId: DEMO_PLATFORM_CLIENT_ID, clientSecret: secretBox.derive("demo-platform:client-secret") };
}

/** The demo platform as a client adds its own platform (POST /integrations): the seed saves it at every start. */
export function demoPlatformInput(publicUrl: string) {
  const issuer = demoPlatformIssuer(publicUrl);
  return {
    name: "Demo Platform (OAuth)",
    sourceType: "Accounting" as const,
    oauth: {
      issuer,
      authorizeUrl: `${issuer}/auth`,
      tokenUrl: `${issuer}/token`,
      revocationUrl: `${issuer}/token/revocation`,
      apiBaseUrl: `${issuer}/api`,
      scopes: [API_SCOPE],
      clientAuthentication: "client_secret_basic" as const,
      pkce: true,
      tokenResponseFields: [{ name: "demo_account", pattern: ACCOUNT_PATTERN }],
      identity: "demo_account",
    },
  };
}

export interface DemoPlatform {
  /**
   * Answers one request whose path starts with DEMO_PLATFORM_PATH, on the raw Node request and
   * response (the app's route has hijacked the reply; nothing of the app answers it any more).
   */
  handle(req: IncomingMessage, res: ServerResponse): void;
}

/** oidc-provider's start-up warning that the demo expects (see `withoutExpectedWarnings`). */
const EXPECTED_WARNINGS = ["oidc-provider WARNING: Unsupported runtime."];
let quieting = 0;
let originalWarn: typeof console.warn | undefined;

/**
 * Runs `start` without the warning oidc-provider prints on console.warn on import under Node 20,
 * "Unsupported runtime" (the demo runs on the Node this server supports, and oidc-provider works
 * on it). Anything else printed meanwhile, by oidc-provider or not, still goes through. Nested or
 * concurrent calls share one filter.
 */
async function withoutExpectedWarnings<T>(start: () => Promise<T>): Promise<T> {
  if (quieting++ === 0) {
    const warn = console.warn;
    originalWarn = warn;
    console.warn = (...args: unknown[]) => {
      const text = args.map(String).join(" ");
      if (!EXPECTED_WARNINGS.some((expected) => text.includes(expected))) warn.apply(console, args);
    };
  }
  try {
    return await start();
  } finally {
    if (--quieting === 0 && originalWarn) console.warn = originalWarn;
  }
}

/** Creates the demo platform; oidc-provider is loaded here, only in demo mode. */
export async function startDemoPlatform(input: { config: Config; secretBox: SecretBox; log: ContextLogger; db: Kysely<Database> }): Promise<DemoPlatform> {
  const { config, secretBox, log, db } = input;
  const issuer = demoPlatformIssuer(config.publicUrl);
  const apiResource = `${issuer}/api`;
  const signingKey = await rsaSigningKey();
  // The path the browser sees the provider at: PUBLIC_URL's own path (a proxy may strip it) and the mount.
  const mountPath = `${new URL(config.publicUrl).pathname.replace(/\/$/, "")}${DEMO_PLATFORM_PATH}`;
  const provider = await withoutExpectedWarnings(async () => {
    const { default: Provider, interactionPolicy: policies } = await import("oidc-provider");
    return new Provider(issuer, configuration({ config, secretBox, apiResource, signingKey, mountPath, policy: everyAuthorizationAsks(policies) }));
  });
  // Behind a TLS-offloading proxy (TRUST_PROXY), its URLs and cookies follow X-Forwarded-Proto.
  provider.proxy = config.trustProxy !== false;
  provider.on("server_error", (_ctx: KoaContextWithOIDC, error: Error) => log.error({ err: error }, "demo platform error"));
  // Koa's own event for an error nothing answered: to the log, rather than Koa's console.error.
  (provider as unknown as NodeJS.EventEmitter).on("error", (error: Error) => log.error({ err: error }, "demo platform error"));
  provider.use(async (ctx: KoaContextWithOIDC, next: () => Promise<unknown>) => {
    if (ctx.path === COMPANY_PATH) return answerCompany(provider, ctx, apiResource);
    await next();
    if (ctx.oidc?.route === "token") addAccount(ctx);
  });

  const callback = provider.callback();
  const interactions = { provider, db, mountPath };
  return {
    handle(req, res) {
      const url = req.url ?? "";
      if (!url.startsWith(`${DEMO_PLATFORM_PATH}/`)) {
        res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not Found");
        return;
      }
      // Mounted as oidc-provider's documentation mounts it in hapi and Nest: the provider routes
      // on its own paths (/auth, /token, /interaction/…), so the prefix leaves `req.url`, and
      // it builds its URLs (the sign-in page, the resume after it, discovery) from the mount
      // path it reads as `req.originalUrl` less `req.url`, else from `req.baseUrl`.
      const mounted = req as IncomingMessage & { originalUrl?: string; baseUrl?: string };
      mounted.url = url.slice(DEMO_PLATFORM_PATH.length);
      mounted.originalUrl = `${mountPath}${mounted.url}`;
      mounted.baseUrl = mountPath;
      const answered = isInteractionPath(mounted.url) ? handleInteraction(interactions, mounted.url, req, res) : callback(req, res);
      answered.catch((error: unknown) => {
        log.error({ err: error }, "demo platform error");
        res.destroy();
      });
    },
  };
}

interface ConfigurationInput {
  config: Config;
  secretBox: SecretBox;
  apiResource: string;
  signingKey: Record<string, unknown>;
  /** Where the browser sees the provider: its pages' URLs start there. */
  mountPath: string;
  policy: interactionPolicy.Prompt[];
}

/** Configured as the platforms behave (like the test kit's authorization server), with every default that would warn set. */
function configuration({ config, secretBox, apiResource, signingKey, mountPath, policy }: ConfigurationInput): Configuration {
  const store = new MemoryStore();
  const app = demoPlatformCredentials(secretBox);
  const sameClient = (clientId: string, token: { clientId?: string | undefined }) => token.clientId === clientId;
  return {
    adapter: (model: string) => store.adapter(model),
    clients: [
      {
        client_id: app.clientId,
        client_secret: app.clientSecret,
        redirect_uris: [`${config.publicUrl}/oauth/callback`],
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: { keys: [signingKey] },
    // Its sign-in cookies are signed with a key of the deployment's own, stable across restarts.
    cookies: { keys: [secretBox.derive("demo-platform:cookies")] },
    // Whoever signs in is an account of that name.
    findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id }) }),
    features: {
      devInteractions: { enabled: false },
      introspection: { enabled: true, allowedPolicy: (_ctx, client, token) => sameClient(client.clientId, token) },
      revocation: { enabled: true, allowedPolicy: (_ctx, client, token) => sameClient(client.clientId, token) },
      resourceIndicators: {
        enabled: true,
        // The client sends no `resource`: its API is the audience.
        defaultResource: () => apiResource,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({ scope: API_SCOPE, accessTokenFormat: "opaque", accessTokenTTL: ACCESS_TOKEN_TTL }),
      },
    },
    // Its own sign-in and consent pages (demo-platform-interactions.ts), under the mount.
    interactions: { policy, url: (_ctx, interaction) => `${mountPath}/interaction/${interaction.uid}` },
    // A new grant per consent, never one remembered through the browser's cookies.
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId;
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
    // Refresh tokens without offline_access, outliving the sign-in, as platforms issue them.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed("refresh_token"),
    expiresWithSession: () => false,
    rotateRefreshToken: true,
    revokeGrantPolicy: () => true,
    pkce: { required: () => true },
    clientBasedCORS: () => false,
    ttl: {
      AccessToken: ACCESS_TOKEN_TTL,
      AuthorizationCode: MINUTE,
      RefreshToken: REFRESH_TOKEN_TTL,
      Grant: REFRESH_TOKEN_TTL,
      IdToken: 60 * MINUTE,
      Interaction: 60 * MINUTE,
      Session: DAY,
    },
    renderError: (ctx, out) => {
      ctx.type = "html";
      const rows = Object.entries(out).map(([name, value]) => `<p><strong>${escapeHtml(name)}</strong>: ${escapeHtml(String(value))}</p>`);
      ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Demo Platform: error</title></head><body><h1>Demo Platform</h1>${rows.join("")}</body></html>`;
    },
  };
}

/**
 * The default interaction policy, plus: always show the sign-in page (each authorization chooses
 * the account, even in a browser already signed in) and always ask for consent (a fresh grant).
 */
function everyAuthorizationAsks(policies: typeof interactionPolicy): interactionPolicy.Prompt[] {
  const { Check, base } = policies;
  const policy = base();
  policy.get("login")?.checks.add(new Check("every_authorization", "the platform asks who signs in", "login_required", (ctx) => !ctx.oidc.result?.login));
  policy.get("consent")?.checks.add(new Check("every_authorization", "the platform asks for consent", "consent_required", (ctx) => !ctx.oidc.result?.consent));
  return policy;
}

/** The token response names the account the grant is for (code and refresh grants). */
function addAccount(ctx: KoaContextWithOIDC): void {
  const account = ctx.oidc.entities.Grant?.accountId;
  const grantType = ctx.oidc.params?.grant_type;
  const body = ctx.body as unknown;
  if (ctx.status !== 200 || !account || typeof body !== "object" || body === null) return;
  if (grantType === "authorization_code" || grantType === "refresh_token") (body as Record<string, unknown>).demo_account = account;
}

/** GET /demo-platform/api/company: the account's books, for a valid access token to the API. */
async function answerCompany(provider: ProviderType, ctx: KoaContextWithOIDC, apiResource: string): Promise<void> {
  ctx.set("cache-control", "no-store");
  if (ctx.method !== "GET" && ctx.method !== "HEAD") {
    ctx.status = 405;
    ctx.set("allow", "GET, HEAD");
    ctx.body = { error: "method_not_allowed" };
    return;
  }
  const presented = /^Bearer (\S+)$/i.exec(ctx.get("authorization"))?.[1];
  const token = presented ? await provider.AccessToken.find(presented) : undefined;
  const grant = token?.isValid && token.grantId ? await provider.Grant.find(token.grantId) : undefined;
  const forApi = token !== undefined && [token.aud].flat().includes(apiResource);
  if (!token || !grant || grant.isExpired || !forApi || grant.accountId !== token.accountId) {
    ctx.status = 401;
    ctx.set("www-authenticate", presented ? 'Bearer error="invalid_token"' : "Bearer");
    ctx.body = { error: "invalid_token" };
    return;
  }
  const account = token.accountId;
  ctx.body = { companyName: demoCompanyName(account), account, baseCurrency: "GBP", scope: token.scope ?? "" };
}

/** A signing key for this process's life: the platform signs nothing that outlives it (its tokens are opaque). */
async function rsaSigningKey(): Promise<Record<string, unknown>> {
  const { privateKey } = await promisify(generateKeyPair)("rsa", { modulusLength: 2048 });
  return { ...privateKey.export({ format: "jwk" }), use: "sig", alg: "RS256", kid: "demo-platform" };
}

/**
 * oidc-provider's storage, in memory and for this provider only (the library's own in-memory
 * adapter warns at start, and is one process-wide store capped at 1000 entries). Entries expire
 * after the TTL oidc-provider gives; tokens are indexed by grant, for revocation.
 */
class MemoryStore {
  private readonly entries = new Map<string, { payload: AdapterPayload; expiresAt: number }>();
  private readonly byGrant = new Map<string, Set<string>>();
  /** Session uid → its entry's key. */
  private readonly byUid = new Map<string, string>();
  private writes = 0;

  adapter(model: string): Adapter {
    const key = (id: string) => `${model}:${id}`;
    return {
      upsert: async (id, payload, expiresIn) => this.set(key(id), payload, expiresIn),
      find: async (id) => this.get(key(id)),
      findByUid: async (uid) => {
        const found = this.byUid.get(uid);
        return found?.startsWith(`${model}:`) ? this.get(found) : undefined;
      },
      // Device flow only, which is off.
      findByUserCode: async () => undefined,
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
    if (++this.writes % 100 === 0) this.prune();
    this.entries.set(key, { payload, expiresAt: expiresIn === undefined ? Infinity : Date.now() + expiresIn * 1000 });
    if (payload.grantId) this.byGrant.set(payload.grantId, (this.byGrant.get(payload.grantId) ?? new Set()).add(key));
    if (payload.uid) this.byUid.set(payload.uid, key);
  }

  private get(key: string): AdapterPayload | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > Date.now()) return entry.payload;
    this.entries.delete(key);
    return undefined;
  }

  /** Forgets what expired, so a long-running demo does not grow without bound. */
  private prune(): void {
    const now = Date.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
    for (const [uid, key] of this.byUid) if (!this.entries.has(key)) this.byUid.delete(uid);
    for (const [grantId, members] of this.byGrant) {
      for (const member of members) if (!this.entries.has(member)) members.delete(member);
      if (members.size === 0) this.byGrant.delete(grantId);
    }
  }
}
