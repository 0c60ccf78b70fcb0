// Revoking a connection's grant at its platform, the `Revocation` step of a definition
// (oauth/definition.ts). When a connection is unlinked or deleted, its tokens are deleted and a
// revocation is queued in the same transaction (`scheduleRevocation`): what the call needs,
// secrets included, sealed to its row. After the commit, oauth/revoker.ts makes the call
// (`revokeAtPlatform`) with retries, so a platform that is down never holds up a disconnect.
//
// Each strategy ends in one of three ways: the grant is gone (resolves, also when the platform
// says the token was already revoked or unknown: the goal is reached), worth another try later
// (network errors, timeouts, 408, 429, 5xx), or refused for good (other 4xx: wrong credentials,
// a malformed request). No message here ever holds a token or a secret: a platform's answer is
// reduced to its status and its error code.
import type { Kysely } from "kysely";
import * as oauth from "oauth4webapi";
import { newId } from "../storage/ids.js";
import { enqueueRevocation } from "../storage/repositories/revocations.js";
import type { Database } from "../storage/schema.js";
import type { SecretBox } from "../tokens/secret-box.js";
import { ForbiddenUrlError } from "../webhooks/url-guard.js";
import { authorizationServerOf, clientAuthOf, refreshTokens, type AppCredentials } from "./client.js";
import { fillTemplate, type OAuthDefinition } from "./definition.js";
import { PlatformUnreachableError, describeNetworkError, platformFetch, type OutboundPolicy } from "./outbound.js";

export interface RevocationRequest {
  platformName: string;
  /** A snapshot: a client's own platform may be gone by the time the revocation runs. */
  definition: OAuthDefinition;
  /** The connection's kept values (tenantId, shop, stripe_user_id, ...) and start parameters, for URL templates. */
  values: Record<string, string>;
  /** The app's client id and secret (the request is sealed). */
  app: AppCredentials;
  accessToken: string;
  refreshToken?: string;
}

/** A revocation did not reach its goal; `retryable` when another attempt later may. */
export class RevocationFailure extends Error {
  override readonly name = "RevocationFailure";
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** The associated data a queued revocation's request is sealed with. */
export const revocationAssociatedData = (revocationId: string): string => `revocation:${revocationId}`;

/**
 * Seals and queues the revocation in the caller's transaction `trx`, due at once (nothing is
 * queued for a platform whose revocation kind is "none"). Wake the revoker after the commit.
 */
export async function scheduleRevocation(
  trx: Kysely<Database>,
  box: SecretBox,
  input: { clientId: string; connectionId: string; platformKey: string; request: RevocationRequest; now: Date },
): Promise<void> {
  if (input.request.definition.revocation.kind === "none") return;
  const id = newId();
  await enqueueRevocation(trx, {
    id,
    clientId: input.clientId,
    connectionId: input.connectionId,
    platformKey: input.platformKey,
    requestSealed: box.sealText(JSON.stringify(input.request), revocationAssociatedData(id)),
    now: input.now,
  });
}

/** Opens a queued revocation's request; throws when it does not open (another secret, another row). */
export function openRevocationRequest(box: SecretBox, revocationId: string, sealed: string): RevocationRequest {
  return JSON.parse(box.openText(sealed, revocationAssociatedData(revocationId))) as RevocationRequest;
}

/**
 * Revokes the grant at the platform. Resolves on success, including "already revoked" or
 * "unknown token" answers; throws `RevocationFailure` otherwise.
 */
export async function revokeAtPlatform(request: RevocationRequest, policy: OutboundPolicy): Promise<void> {
  const secrets = [request.accessToken, request.refreshToken, request.app.clientSecret].filter((s): s is string => typeof s === "string" && s.length > 0);
  try {
    await revoke(request, policy);
  } catch (error) {
    const failure = error instanceof RevocationFailure ? error : failureOf(error, request.platformName);
    throw new RevocationFailure(redact(failure.message, secrets), failure.retryable);
  }
}

async function revoke(request: RevocationRequest, policy: OutboundPolicy): Promise<void> {
  const { definition } = request;
  const revocation = definition.revocation;
  switch (revocation.kind) {
    case "none":
      return;
    case "rfc7009":
      return revokeRfc7009(request, policy);
    case "stripe-deauthorize": {
      const stripeUserId = request.values.stripe_user_id;
      if (!stripeUserId) throw new RevocationFailure(`${request.platformName}: the connection holds no stripe_user_id to deauthorize.`, false);
      const body = new URLSearchParams({ client_id: request.app.clientId, stripe_user_id: stripeUserId });
      const response = await platformFetch(policy)(urlOf(revocation.url, request), {
        method: "POST",
        headers: { authorization: `Bearer ${request.app.clientSecret}`, "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body,
      });
      return checkAnswer(response, request.platformName, isGoneAnswer);
    }
    case "square-revoke": {
      const response = await platformFetch(policy)(urlOf(revocation.url, request), {
        method: "POST",
        headers: { authorization: `Client ${request.app.clientSecret}`, "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ client_id: request.app.clientId, access_token: request.accessToken }),
      });
      return checkAnswer(response, request.platformName, isGoneAnswer);
    }
    case "shopify-uninstall":
      return uninstallShopify(request, policy, urlOf(revocation.url, request));
    case "bearer-delete": {
      const response = await platformFetch(policy)(urlOf(revocation.url, request), {
        method: "DELETE",
        headers: { authorization: `Bearer ${request.accessToken}`, accept: "application/json" },
      });
      return checkAnswer(response, request.platformName, (status, code) => status === 401 || status === 404 || isGoneAnswer(status, code));
    }
    default:
      // A request queued by a newer version that knows a strategy this one does not.
      throw new RevocationFailure(`${request.platformName}: unknown revocation kind.`, false);
  }
}

/**
 * RFC 7009: the refresh token when there is one (revoking it ends the grant), else the access
 * token. A server that does not revoke refresh tokens (`unsupported_token_type`) gets the access
 * token instead.
 */
async function revokeRfc7009(request: RevocationRequest, policy: OutboundPolicy): Promise<void> {
  const { definition, app } = request;
  const as = authorizationServerOf(definition, request.values);
  if (!as.revocation_endpoint) throw new RevocationFailure(`${request.platformName}: the revocation URL needs values the connection does not hold.`, false);
  const client: oauth.Client = { client_id: app.clientId };
  const clientAuth = clientAuthOf(definition, app);
  const revokeOne = async (token: string, hint: "refresh_token" | "access_token"): Promise<"revoked" | "unsupported"> => {
    const response = await oauth.revocationRequest(as, client, clientAuth, token, {
      additionalParameters: { token_type_hint: hint },
      [oauth.customFetch]: platformFetch(policy),
      [oauth.allowInsecureRequests]: policy.allowPrivate,
    });
    // RFC 7009 answers 200; any 2xx means the same.
    if (response.ok) return "revoked";
    try {
      await oauth.processRevocationResponse(response);
      return "revoked";
    } catch (error) {
      if (error instanceof oauth.ResponseBodyError && error.error === "unsupported_token_type") return "unsupported";
      if (error instanceof oauth.ResponseBodyError && isGoneAnswer(error.status, error.error)) return "revoked";
      throw error;
    }
  };
  if (request.refreshToken && (await revokeOne(request.refreshToken, "refresh_token")) === "revoked") return;
  // Unsupported here too: the server keeps no revocable state for it, nothing more to do.
  await revokeOne(request.accessToken, "access_token");
}

/**
 * Shopify: the app uninstalls itself with the shop's access token. An expiring access token
 * (Shopify's `expiring=1`) has usually expired by the time the connection is unlinked: on a 401
 * it is refreshed once with the refresh token, and the uninstall is made with the new one.
 * A 404 means the app is not installed any more.
 */
async function uninstallShopify(request: RevocationRequest, policy: OutboundPolicy, url: string): Promise<void> {
  const uninstall = (accessToken: string) =>
    platformFetch(policy)(url, { method: "DELETE", headers: { "x-shopify-access-token": accessToken, accept: "application/json" } });
  const gone = (status: number, code: string | undefined) => status === 404 || isGoneAnswer(status, code);
  let response = await uninstall(request.accessToken);
  if (response.status === 401 && request.refreshToken) {
    await response.body?.cancel();
    let fresh: string;
    try {
      const tokens = await refreshTokens({
        definition: request.definition,
        app: request.app,
        values: request.values,
        refreshToken: request.refreshToken,
        policy,
        now: () => new Date(),
      });
      fresh = tokens.accessToken;
    } catch (error) {
      const failure = failureOf(error, request.platformName);
      throw new RevocationFailure(`${failure.message} (refreshing the expired access token)`, failure.retryable);
    }
    response = await uninstall(fresh);
  }
  return checkAnswer(response, request.platformName, gone);
}

function urlOf(template: string, request: RevocationRequest): string {
  const url = fillTemplate(template, request.values);
  if (url === undefined) throw new RevocationFailure(`${request.platformName}: the revocation URL needs values the connection does not hold.`, false);
  return url;
}

/** OAuth error codes of a 400 that say the token is already revoked, expired or unknown: the goal is reached. */
const GONE_CODES = new Set(["invalid_token", "unsupported_token_type", "invalid_grant"]);
/** Square's code for a token already revoked, with a 400 or 401. */
const SQUARE_REVOKED = "ACCESS_TOKEN_REVOKED";

/** An answer whose error code says the token is gone. */
function isGoneAnswer(status: number, code: string | undefined): boolean {
  if (code === undefined) return false;
  return (status === 400 && GONE_CODES.has(code)) || ((status === 400 || status === 401) && code === SQUARE_REVOKED);
}

/** Resolves for a 2xx or a "gone" answer; throws `RevocationFailure` for anything else. */
async function checkAnswer(response: Response, platformName: string, gone: (status: number, code: string | undefined) => boolean): Promise<void> {
  if (response.ok) {
    await response.body?.cancel();
    return;
  }
  const code = await errorCodeOf(response);
  if (gone(response.status, code)) return;
  throw statusFailure(platformName, response.status, code);
}

/** The error code of an answer: OAuth's `error`, or Square's `errors[0].code`. Never the description. */
async function errorCodeOf(response: Response): Promise<string | undefined> {
  let body: unknown;
  try {
    body = JSON.parse(await response.text());
  } catch {
    return undefined;
  }
  if (body === null || typeof body !== "object") return undefined;
  const { error, errors } = body as { error?: unknown; errors?: unknown };
  const code = typeof error === "string" ? error : Array.isArray(errors) ? (errors[0] as { code?: unknown } | undefined)?.code : undefined;
  return typeof code === "string" ? code : undefined;
}

/** Only codes made of code characters are repeated: they say what went wrong without echoing anything. */
const safeCode = (code: string | undefined): string | undefined => (code !== undefined && /^[A-Za-z0-9_.-]{1,64}$/.test(code) ? code : undefined);

const isRetryableStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500;

function statusFailure(platformName: string, status: number, code: string | undefined): RevocationFailure {
  const shown = safeCode(code);
  return new RevocationFailure(`${platformName} answered HTTP ${status}${shown ? ` (${shown})` : ""}.`, isRetryableStatus(status));
}

/** What any other error of an attempt means: retryable unless it is a refusal or a mistake that another try cannot mend. */
function failureOf(error: unknown, platformName: string): RevocationFailure {
  if (error instanceof RevocationFailure) return error;
  if (error instanceof ForbiddenUrlError) return new RevocationFailure(`${platformName}: ${error.message}.`, false);
  if (error instanceof PlatformUnreachableError) {
    const forbidden = causes(error).some((cause) => cause instanceof ForbiddenUrlError);
    return new RevocationFailure(`${platformName}: ${error.message}.`, !forbidden);
  }
  if (error instanceof oauth.ResponseBodyError) return statusFailure(platformName, error.status, error.error);
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    const code = error.cause[0]?.parameters.error;
    return statusFailure(platformName, error.status, code);
  }
  if (error instanceof oauth.OperationProcessingError) {
    if (error.cause instanceof Response) return statusFailure(platformName, error.cause.status, undefined);
    return new RevocationFailure(`${platformName}: ${error.message}.`, false);
  }
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return new RevocationFailure(`${platformName} could not be reached: timed out.`, true);
  }
  // oauth4webapi refuses a request it cannot make (an http: endpoint, a bad argument) with a coded TypeError.
  const code = (error as { code?: unknown } | null)?.code;
  if (error instanceof TypeError && typeof code === "string" && code.startsWith("ERR_")) return new RevocationFailure(`${platformName}: ${error.message}.`, false);
  return new RevocationFailure(`${platformName} could not be reached: ${describeNetworkError(error)}.`, true);
}

function causes(error: Error): unknown[] {
  const found: unknown[] = [];
  let current: unknown = error.cause;
  for (let depth = 0; depth < 5 && current !== undefined; depth++) {
    found.push(current);
    current = current instanceof Error ? current.cause : undefined;
  }
  return found;
}

/** Belt and braces: no secret of the request leaves in a message, whatever produced it. */
function redact(message: string, secrets: readonly string[]): string {
  let text = message;
  for (const secret of secrets) text = text.split(secret).join("[redacted]");
  return text;
}
