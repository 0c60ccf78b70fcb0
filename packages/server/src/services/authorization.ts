// Authorizing a connection at its platform: the OAuth 2.0 authorization-code flow.
//
// start:    a connection's `linkUrl` → a flow with a single-use, unguessable `state` (stored by
//           hash, bound to the connection, expiring in minutes), PKCE S256 where the platform
//           supports it, and a nonce in a cookie of the browser that started it → the
//           platform's consent page;
// callback: one URL per deployment (`${PUBLIC_URL}/oauth/callback`, what the operator
//           registers at the platform) → the flow is found by its `state` and consumed in the
//           same statement, the browser's cookie checked, the code exchanged, the values the
//           definition keeps and the post-connect step applied, the account compared with the
//           one the connection had, then the tokens (sealed), the status Linked and its event
//           written in one transaction.
// Every failure leaves the status as it was, records a `dataConnectionErrors` entry and the
// `connection.failed` event (oauth/transitions), and says what happened in words a person can
// act on. A grant obtained but not kept (another account, a connection deleted meanwhile) is
// revoked at once through the revocation queue.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import * as oauth from "oauth4webapi";
import type { CatalogueEntry } from "../catalogue/integrations.js";
import { changeConnectionStatus, recordAuthorizationFailure, type FailureStatus } from "../connections/transitions.js";
import type { ServerContext } from "../context.js";
import { callbackCheckPasses } from "../oauth/callback-checks.js";
import { authorizeUrl, exchangeCode, keepValues, platformErrorOf, validateCallback, type AppCredentials, type TokenSet } from "../oauth/client.js";
import type { OAuthDefinition, StartParameter } from "../oauth/definition.js";
import { PlatformUnreachableError, describeNetworkError, type OutboundPolicy } from "../oauth/outbound.js";
import { runPostConnectStep } from "../oauth/post-connect.js";
import { getCompany, type CompanyRecord } from "../storage/repositories/companies.js";
import { getConnection, lockConnection, type ConnectionInfo, type ConnectionRecord } from "../storage/repositories/connections.js";
import { consumeFlow, insertFlow, pruneFlowsOfConnection, type FlowRecord } from "../storage/repositories/oauth-flows.js";
import { revokeTokens, storeGrant } from "./grants.js";
import { findPlatform, openAppCredentials } from "./platform-apps.js";

export const CALLBACK_PATH = "/oauth/callback";
/** Long enough to sign in at the platform and consent; a stale flow is simply started again. */
export const FLOW_LIFETIME_MS = 10 * 60_000;
/** Flows one connection may have open at once (several tabs); older ones are dropped. */
const FLOWS_PER_CONNECTION = 5;
/** Longest `state` we look up; the ones we issue are 43 characters. */
const MAX_STATE_LENGTH = 256;
/** Deadline of each call to the platform during the callback. */
const PLATFORM_TIMEOUT_MS = 15_000;

/** The deployment's one callback URL, what the operator registers at every platform. */
export const callbackUrl = (publicUrl: string): string => `${publicUrl}${CALLBACK_PATH}`;

const sha256 = (value: string): string => createHash("sha256").update(value).digest("base64url");

/** The cookie binding a flow to the browser that started it; one per flow, so tabs do not collide. */
export interface FlowCookie {
  name: string;
  value: string;
  path: string;
  secure: boolean;
  maxAgeSeconds: number;
}

/** `__Host-` (https only) pins the cookie to this exact origin, path / and Secure. */
export function flowCookieName(publicUrl: string, stateHash: string): string {
  return `${publicUrl.startsWith("https:") ? "__Host-" : ""}oauth_flow_${stateHash.slice(0, 16)}`;
}

function flowCookie(publicUrl: string, stateHash: string, value: string): FlowCookie {
  const secure = publicUrl.startsWith("https:");
  return {
    name: flowCookieName(publicUrl, stateHash),
    value,
    path: secure ? "/" : new URL(callbackUrl(publicUrl)).pathname,
    secure,
    maxAgeSeconds: FLOW_LIFETIME_MS / 1000,
  };
}

const policyOf = (context: ServerContext): OutboundPolicy => ({ allowPrivate: context.config.platformAllowPrivateUrls, timeoutMs: PLATFORM_TIMEOUT_MS });

export type StartOutcome =
  /** Send the browser to the platform with this cookie set. */
  | { kind: "redirect"; location: string; cookie: FlowCookie }
  /** The platform needs values from the person first (a Shopify shop). */
  | { kind: "ask"; parameters: StartParameter[]; values: Record<string, string>; problem?: string }
  | { kind: "linked" }
  /** The client has not set up its app at this platform. */
  | { kind: "not-enabled" }
  /** The sandbox: no platform to send the person to (its own consent page handles it). */
  | { kind: "sandbox" };

/** Turns what a person typed into the parameter's value. */
function normalizeStartValue(parameter: StartParameter, typed: string): string {
  const value = typed.trim();
  if (parameter.normalize !== "shopify-shop") return value;
  const host = value.toLowerCase().replace(/^https?:\/\//, "").replace(/\/.*$/, "");
  return host.endsWith(".myshopify.com") ? host : `${host}.myshopify.com`;
}

/** Where `connection`'s authorization starts; `typed` holds the start parameters already given. */
export async function startAuthorization(
  context: ServerContext,
  connection: ConnectionRecord,
  entry: CatalogueEntry,
  typed: Record<string, unknown>,
): Promise<StartOutcome> {
  if (connection.status === "Linked") return { kind: "linked" };
  const definition = entry.oauth;
  if (!definition) return { kind: "sandbox" };
  const app = await openAppCredentials(context, connection.clientId, entry.key);
  if (!app) return { kind: "not-enabled" };

  const values: Record<string, string> = {};
  for (const parameter of definition.startParameters) {
    const raw = typed[parameter.name];
    if (typeof raw !== "string" || raw.trim() === "") return { kind: "ask", parameters: definition.startParameters, values };
    const value = normalizeStartValue(parameter, raw.slice(0, 256));
    values[parameter.name] = value;
    if (!new RegExp(parameter.pattern).test(value)) {
      return { kind: "ask", parameters: definition.startParameters, values, problem: `${parameter.label}: "${raw.slice(0, 80)}" is not valid.` };
    }
  }

  const state = oauth.generateRandomState();
  const codeVerifier = definition.pkce ? oauth.generateRandomCodeVerifier() : undefined;
  const browserNonce = randomBytes(32).toString("base64url");
  const stateHash = sha256(state);
  const now = context.clock();
  await context.db.transaction().execute(async (trx) => {
    await insertFlow(trx, {
      stateHash,
      clientId: connection.clientId,
      companyId: connection.companyId,
      connectionId: connection.id,
      browserHash: sha256(browserNonce),
      codeVerifierSealed: codeVerifier === undefined ? null : context.secretBox.sealText(codeVerifier, `oauth-flow:${stateHash}`),
      parameters: values,
      created: now.toISOString(),
      expires: new Date(now.getTime() + FLOW_LIFETIME_MS).toISOString(),
    });
    await pruneFlowsOfConnection(trx, connection.id, FLOWS_PER_CONNECTION);
  });
  const location = authorizeLocation(definition, app, values, state, context.config.publicUrl, codeVerifier === undefined ? undefined : await oauth.calculatePKCECodeChallenge(codeVerifier));
  return { kind: "redirect", location, cookie: flowCookie(context.config.publicUrl, stateHash, browserNonce) };
}

function authorizeLocation(definition: OAuthDefinition, app: AppCredentials, values: Record<string, string>, state: string, publicUrl: string, codeChallenge: string | undefined): string {
  return authorizeUrl(definition, app, values, { state, redirectUri: callbackUrl(publicUrl), ...(codeChallenge ? { codeChallenge } : {}) });
}

export type FailureReason =
  | "denied"
  | "refused"
  | "unreachable"
  | "replayed"
  | "other-browser"
  | "expired"
  | "different-account"
  | "not-enabled";

/** Whose connection a flow was for: the outcome page offers the way back to that client's application. */
interface FlowOwner {
  clientId: string;
  companyId: string;
}

export type CallbackOutcome =
  | ({ kind: "linked"; platformName: string; companyName: string; firstTime: boolean } & FlowOwner)
  | ({ kind: "failed"; platformName: string; reason: FailureReason; message: string } & FlowOwner)
  /** Already linked by another flow, or deleted meanwhile: nothing to do, nothing recorded. */
  | ({ kind: "settled"; platformName: string; linked: boolean } & FlowOwner)
  /** No flow has this state (never issued, or long forgotten). */
  | { kind: "unknown" };

class FlowFailure extends Error {
  constructor(
    readonly reason: FailureReason,
    message: string,
    readonly status: FailureStatus,
  ) {
    super(message);
  }
}

/** The callback's verdict; `cookies` are the request's cookies. */
export async function completeAuthorization(context: ServerContext, callback: URL, cookies: Record<string, string>): Promise<CallbackOutcome> {
  const state = callback.searchParams.get("state");
  if (!state || state.length > MAX_STATE_LENGTH) return { kind: "unknown" };
  const stateHash = sha256(state);
  const now = context.clock();
  const consumed = await consumeFlow(context.db, stateHash, now);
  if (!consumed) return { kind: "unknown" };
  const { flow, firstUse } = consumed;

  const company = await getCompany(context.db, flow.clientId, flow.companyId);
  const connection = company && (await getConnection(context.db, flow.clientId, flow.companyId, flow.connectionId));
  const entry = connection && (await findPlatform(context, flow.clientId, connection.integrationKey));
  const owner: FlowOwner = { clientId: flow.clientId, companyId: flow.companyId };
  if (!company || !connection || !entry?.oauth) return { kind: "settled", platformName: entry?.name ?? "The platform", linked: false, ...owner };
  const platformName = entry.name;

  try {
    if (!firstUse) throw new FlowFailure("replayed", "The authorization answer was used twice; the second use was refused.", { statusCode: "400", statusText: "Replayed state" });
    if (!browserMatches(flow, cookies[flowCookieName(context.config.publicUrl, stateHash)])) {
      throw new FlowFailure("other-browser", "The authorization finished in a different browser from the one that started it, so it was refused.", { statusCode: "400", statusText: "Foreign state" });
    }
    if (now.getTime() > Date.parse(flow.expires)) {
      throw new FlowFailure("expired", `The authorization took longer than ${FLOW_LIFETIME_MS / 60_000} minutes and expired.`, { statusCode: "400", statusText: "Expired state" });
    }
    if (connection.status === "Linked") return { kind: "settled", platformName, linked: true, ...owner };
    const app = await openAppCredentials(context, flow.clientId, entry.key);
    if (!app) throw new FlowFailure("not-enabled", `${platformName} is no longer set up for this application.`, { statusCode: "400", statusText: "Not enabled" });
    const grant = await obtainGrant(context, entry.oauth, platformName, app, flow, state, callback);
    return await keepGrant(context, company, connection, { ...entry, oauth: entry.oauth }, grant);
  } catch (error) {
    const failure = asFlowFailure(error, platformName);
    await context.db.transaction().execute(async (trx) => {
      const current = await lockConnection(trx, connection.clientId, connection.id);
      if (!current) return;
      await recordAuthorizationFailure({ db: trx, company, connection: current, publicUrl: context.config.publicUrl, now: context.clock() }, failure.message, failure.status);
    });
    return { kind: "failed", platformName, reason: failure.reason, message: failure.message, ...owner };
  }
}

function browserMatches(flow: FlowRecord, nonce: string | undefined): boolean {
  if (!nonce || nonce.length > 256) return false;
  return timingSafeEqual(Buffer.from(sha256(nonce)), Buffer.from(flow.browserHash));
}

function asFlowFailure(error: unknown, platformName: string): FlowFailure {
  if (error instanceof FlowFailure) return error;
  if (error instanceof PlatformUnreachableError) {
    return new FlowFailure("unreachable", `${platformName} could not be reached (${describeNetworkError(error.cause ?? error)}).`, { statusCode: "503", statusText: "Service Unavailable" });
  }
  const down = serverErrorOf(error);
  if (down) {
    return new FlowFailure("unreachable", `${platformName} could not be reached (it answered HTTP ${down.status}).`, { statusCode: String(down.status), statusText: down.statusText || "Service Unavailable" });
  }
  const platformError = platformErrorOf(error, platformName);
  if (platformError) {
    const reason: FailureReason = platformError.statusText === "access_denied" ? "denied" : "refused";
    const message = reason === "denied" ? `Access to ${platformName} was not allowed.` : platformError.message;
    return new FlowFailure(reason, message, { statusCode: platformError.statusCode, statusText: platformError.statusText });
  }
  throw error;
}

/** The platform's 5xx answer (down, overloaded), which oauth4webapi reports as a non-conform response. */
function serverErrorOf(error: unknown): Response | undefined {
  if (!(error instanceof oauth.OperationProcessingError) || error.code !== oauth.RESPONSE_IS_NOT_CONFORM) return undefined;
  const response: unknown = error.cause;
  return response instanceof Response && response.status >= 500 ? response : undefined;
}

interface ObtainedGrant {
  tokens: TokenSet;
  connectionInfo: ConnectionInfo;
}

/** The callback checked, the code exchanged, the account found: nothing stored yet. */
async function obtainGrant(
  context: ServerContext,
  definition: OAuthDefinition,
  platformName: string,
  app: AppCredentials,
  flow: FlowRecord,
  state: string,
  callback: URL,
): Promise<ObtainedGrant> {
  const policy = policyOf(context);
  const values: Record<string, string> = { ...flow.parameters };
  const parameters = validateCallback(definition, app, values, callback, state);
  if (definition.callbackCheck && !callbackCheckPasses(definition.callbackCheck, callback.searchParams, app.clientSecret)) {
    throw new FlowFailure("refused", `${platformName}'s answer was not signed as expected, so it was refused.`, { statusCode: "400", statusText: "Bad signature" });
  }
  const fromCallback = keepValues(definition.callbackParameters, (name) => callback.searchParams.get(name) ?? undefined, platformName, "answer");
  for (const [name, value] of Object.entries(fromCallback)) {
    if (name in flow.parameters && flow.parameters[name] !== value) {
      throw new FlowFailure("refused", `${platformName} answered for a different ${name} than the one chosen.`, { statusCode: "400", statusText: "Mismatch" });
    }
  }
  Object.assign(values, fromCallback);
  const codeVerifier = flow.codeVerifierSealed === null ? undefined : context.secretBox.openText(flow.codeVerifierSealed, `oauth-flow:${flow.stateHash}`);
  const tokens = await exchangeCode({
    definition,
    app,
    values,
    parameters,
    redirectUri: callbackUrl(context.config.publicUrl),
    codeVerifier,
    policy,
    now: context.clock,
  });
  Object.assign(values, keepValues(definition.tokenResponseFields, (name) => tokens.response[name], platformName, "token response"));
  if (definition.postConnect) {
    Object.assign(values, await runPostConnectStep(definition.postConnect, { accessToken: tokens.accessToken, values, policy, platformName }));
  }
  return { tokens, connectionInfo: values };
}

/**
 * Links the connection with the grant, in one transaction holding the connection; or, for an
 * account other than the connection's, or a connection that changed meanwhile, revokes the
 * grant instead.
 */
async function keepGrant(
  context: ServerContext,
  company: CompanyRecord,
  connection: ConnectionRecord,
  entry: CatalogueEntry & { oauth: OAuthDefinition },
  grant: ObtainedGrant,
): Promise<CallbackOutcome> {
  const identity = entry.oauth.identity;
  const { publicUrl } = context.config;
  const revokeNew = { accessToken: grant.tokens.accessToken, ...(grant.tokens.refreshToken ? { refreshToken: grant.tokens.refreshToken } : {}) };
  const owner: FlowOwner = { clientId: company.clientId, companyId: company.id };
  return context.db.transaction().execute(async (trx): Promise<CallbackOutcome> => {
    const current = await lockConnection(trx, connection.clientId, connection.id);
    if (!current || current.status === "Linked") {
      // Deleted, or linked by another flow, while this one was at the platform: this grant is not needed.
      await revokeTokens(context, trx, { ...connection, connectionInfo: grant.connectionInfo }, revokeNew);
      return { kind: "settled", platformName: entry.name, linked: current?.status === "Linked", ...owner };
    }
    const before = identity ? current.connectionInfo?.[identity] : undefined;
    const after = identity ? grant.connectionInfo[identity] : undefined;
    if (before !== undefined && before !== after) {
      await revokeTokens(context, trx, { ...current, connectionInfo: grant.connectionInfo }, revokeNew);
      const message = `A different ${entry.name} account was authorized than the one this connection had; reconnect with the same account, or create a new connection for the other one.`;
      await recordAuthorizationFailure({ db: trx, company, connection: current, publicUrl, now: context.clock() }, message, { statusCode: "409", statusText: "Different account" });
      return { kind: "failed", platformName: entry.name, reason: "different-account", message, ...owner };
    }
    await storeGrant(context, trx, current, entry.oauth, grant.tokens);
    await changeConnectionStatus({ db: trx, company, connection: current, publicUrl, now: context.clock() }, "Linked", grant.connectionInfo);
    return { kind: "linked", platformName: entry.name, companyName: company.name, firstTime: current.status === "PendingAuth", ...owner };
  });
}
