// Authentication, per the route's `config.auth` (see http/types.ts), followed by the rate
// limit. Register before any route: each route is equipped as it is registered. Hot path: no
// database round trip for a known key (TTL cache), one SHA-256 and a constant-time comparison.
import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from "fastify";
import { settle, then, type MaybePromise } from "../../lib/maybe-promise.js";
import { hashApiKey } from "../../storage/repositories/api-keys.js";
import { InvalidTokenError } from "../../tokens/tokens.js";
import { AuthFailureThrottle } from "../auth-failures.js";
import { decodeApiKey, unauthorizedText, type AuthProblem } from "../auth-hints.js";
import { ApiError, MESSAGES } from "../../errors.js";
import type { RateLimitResult } from "../../rate-limits/rate-limiter.js";
import type { AuthContext, AuthMode } from "../types.js";

/** A 401 whose text says what was wrong with the header's form (auth-hints.ts); `mode` says which forms the route takes. */
const unauthorized = (problem: AuthProblem, mode: AuthMode) => new ApiError(401, unauthorizedText(problem, mode !== "apiKey"));

async function fromApiKey(app: FastifyInstance, header: string, credentials: string, mode: AuthMode): Promise<AuthContext> {
  const decoded = decodeApiKey(credentials, 16, 512);
  if ("problem" in decoded) throw unauthorized(decoded.problem, mode);
  const hash = hashApiKey(decoded.key);
  const record = await app.context.caches.apiKeyByHash(hash);
  if (!record || !timingSafeEqual(hash, record.keyHash)) throw unauthorized("unknown-key", mode);
  app.context.caches.rememberApiKeyHeader(header, record);
  return { kind: "apiKey", clientId: record.clientId, apiKeyId: record.id };
}

async function fromBearer(app: FastifyInstance, request: FastifyRequest, token: string, mode: AuthMode): Promise<AuthContext> {
  let verified;
  try {
    verified = await app.context.tokens.verify(token);
  } catch (error) {
    if (error instanceof InvalidTokenError) {
      request.log.info({ reason: error.message }, "bearer token refused");
      throw unauthorized("bad-token", mode);
    }
    throw error;
  }
  // A token is for one company: any other company in the path is forbidden.
  const pathCompanyId = (request.params as { companyId?: string } | undefined)?.companyId;
  if (pathCompanyId !== undefined && pathCompanyId !== verified.companyId) throw new ApiError(403, MESSAGES[403]);
  // A deleted company's tokens stop working (within the cache TTL on other nodes).
  if (!(await app.context.caches.companyExists(verified.clientId, verified.companyId))) throw unauthorized("bad-token", mode);
  return { kind: "bearer", clientId: verified.clientId, companyId: verified.companyId, audience: verified.audience };
}

/** Sync when the exact header was verified within the cache TTL (the usual case), else a promise. */
function authenticate(app: FastifyInstance, request: FastifyRequest, mode: AuthMode): AuthContext | Promise<AuthContext> {
  const header = request.headers.authorization;
  if (!header) throw unauthorized("missing", mode);
  if (mode !== "bearer") {
    const known = app.context.caches.apiKeyByHeader(header);
    if (known) return { kind: "apiKey", clientId: known.clientId, apiKeyId: known.id };
  }
  const space = header.indexOf(" ");
  const scheme = (space > 0 ? header.slice(0, space) : header).toLowerCase();
  const credentials = space > 0 ? header.slice(space + 1).trim() : "";
  const takesBearer = mode === "apiKeyOrBearer" || mode === "bearer";
  if (scheme === "basic" && mode !== "bearer") return fromApiKey(app, header, credentials, mode);
  if (scheme === "bearer" && takesBearer) return fromBearer(app, request, credentials, mode);
  if (scheme === "bearer") throw unauthorized("bearer-not-accepted", mode);
  // One word that is no scheme: most often the API key itself, or its base64, sent bare.
  throw unauthorized(space > 0 || scheme === "basic" ? "other-scheme" : "no-scheme", mode);
}

export function registerAuth(app: FastifyInstance): void {
  app.decorateRequest("auth", null);
  // Unknown keys cost a database look-up each: an IP that keeps failing is refused unread.
  const failures = new AuthFailureThrottle(app.context.config.authFailuresPerMinute);
  const countFailure = (request: FastifyRequest, error: unknown): never => {
    if (error instanceof ApiError && error.statusCode === 401) failures.failed(request.ip);
    throw error;
  };
  const rateLimited = (limit: RateLimitResult): void => {
    if (!limit.allowed) {
      throw new ApiError(429, MESSAGES[429], {
        canBeRetried: "True",
        headers: { "retry-after": String(limit.retryAfterSeconds) },
      });
    }
  };

  /** Authenticates, then counts the request against the caller's rate limit. */
  const admit = (request: FastifyRequest, mode: AuthMode): MaybePromise<void> => {
    const blockedFor = failures.blockedFor(request);
    if (blockedFor !== undefined) {
      throw new ApiError(429, "Too many failed authentications; please retry later.", {
        canBeRetried: "True",
        headers: { "retry-after": String(blockedFor) },
      });
    }
    let auth: MaybePromise<AuthContext>;
    try {
      auth = authenticate(app, request, mode);
    } catch (error) {
      return countFailure(request, error);
    }
    if (auth instanceof Promise) auth = auth.catch((error: unknown) => countFailure(request, error));
    return then(auth, (context) => {
      request.auth = context;
      const key = context.kind === "apiKey" ? `key:${context.apiKeyId}` : `company:${context.companyId}`;
      return then(app.context.rateLimiter.hit(key), rateLimited);
    });
  };

  // Each authenticated route gets its own onRequest hook, bound to its mode when the route is
  // registered: public routes and unknown paths run no auth hook at all. A callback hook rather
  // than an async one: with warm caches a request is admitted without a promise.
  const hooks = new Map<AuthMode, onRequestHookHandler>();
  const hookFor = (mode: AuthMode): onRequestHookHandler => {
    let hook = hooks.get(mode);
    if (!hook) {
      hook = (request, _reply, done) => settle(() => admit(request, mode), done);
      hooks.set(mode, hook);
    }
    return hook;
  };
  app.addHook("onRoute", (route) => {
    const mode = route.config?.auth ?? "apiKey";
    if (mode === "none") return;
    const hook = hookFor(mode);
    const onRequest = [route.onRequest ?? []].flat();
    // A GET's automatic HEAD route arrives with the GET's hooks already in place.
    if (!onRequest.includes(hook)) route.onRequest = [...onRequest, hook];
  });
}

/** The authenticated client of a request on an authenticated route. */
export function clientIdOf(request: FastifyRequest): string {
  if (!request.auth) throw new Error("route is not authenticated");
  return request.auth.clientId;
}
