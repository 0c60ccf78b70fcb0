// The OAuth 2.0 client side of a connection, on oauth4webapi (a certified, dependency-free
// client): the authorize URL, the code exchange with PKCE and the RFC 9207 issuer check, the
// refresh. Everything platform-specific comes from the definition (oauth/definition.ts); the
// two response quirks some platforms have are absorbed here, where they are named.
import * as oauth from "oauth4webapi";
import { fillTemplate, type KeptValue, type OAuthDefinition } from "./definition.js";
import { platformRequest, responseOf, type OutboundPolicy } from "./outbound.js";

/** A client's app at the platform, secret opened. */
export interface AppCredentials {
  clientId: string;
  clientSecret: string;
  /** Replaces the definition's default scopes when set. */
  scopes: string[] | null;
}

export interface TokenSet {
  accessToken: string;
  /** Absent when the platform issued none (a refresh without one keeps the old one). */
  refreshToken?: string;
  tokenType: string;
  scopes?: string;
  expiresAt?: Date;
  /** The raw response's members, for the values the definition keeps. */
  response: Record<string, unknown>;
}

/**
 * The platform refused or answered something unusable. `statusCode` and `statusText` are the
 * platform's (for the connection's error entry); the message never holds a token or a code.
 */
export class PlatformError extends Error {
  override readonly name = "PlatformError";
  constructor(
    message: string,
    readonly statusCode: string,
    readonly statusText: string,
  ) {
    super(message);
  }
}

/** A definition's values that can fill templates: start parameters and values kept so far. */
export type FlowValues = Record<string, string>;

function requireUrl(template: string, values: FlowValues, what: string): string {
  const filled = fillTemplate(template, values);
  if (filled === undefined) throw new PlatformError(`The ${what} needs values the platform did not provide.`, "400", "Bad Request");
  return filled;
}

export function authorizationServerOf(definition: OAuthDefinition, values: FlowValues): oauth.AuthorizationServer {
  const authorizationEndpoint = fillTemplate(definition.authorizeUrl, values);
  const tokenEndpoint = fillTemplate(definition.tokenUrl, values);
  const revocation = definition.revocation.kind === "rfc7009" ? fillTemplate(definition.revocation.url, values) : undefined;
  return {
    issuer: definition.issuer ?? new URL(authorizationEndpoint ?? definition.authorizeUrl.replace(/\{[^}]*\}/g, "x")).origin,
    ...(authorizationEndpoint ? { authorization_endpoint: authorizationEndpoint } : {}),
    ...(tokenEndpoint ? { token_endpoint: tokenEndpoint } : {}),
    ...(revocation ? { revocation_endpoint: revocation } : {}),
    code_challenge_methods_supported: definition.pkce ? ["S256"] : [],
  };
}

export function clientAuthOf(definition: OAuthDefinition, app: AppCredentials): oauth.ClientAuth {
  return definition.clientAuthentication === "client_secret_basic" ? oauth.ClientSecretBasic(app.clientSecret) : oauth.ClientSecretPost(app.clientSecret);
}

/** The platform's consent page for this flow. */
export function authorizeUrl(
  definition: OAuthDefinition,
  app: AppCredentials,
  values: FlowValues,
  request: { state: string; redirectUri: string; codeChallenge?: string },
): string {
  const url = new URL(requireUrl(definition.authorizeUrl, values, "authorize URL"));
  const scopes = app.scopes ?? definition.scopes;
  const parameters: Record<string, string> = {
    ...definition.authorizeParameters,
    client_id: app.clientId,
    response_type: "code",
    redirect_uri: request.redirectUri,
    state: request.state,
    ...(scopes.length > 0 ? { scope: scopes.join(definition.scopeSeparator) } : {}),
    ...(request.codeChallenge ? { code_challenge: request.codeChallenge, code_challenge_method: "S256" } : {}),
  };
  for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
  return url.href;
}

/**
 * Platform fetch for the token endpoint, with the two known deviations from RFC 6749 evened
 * out: Square takes the token request as JSON, and Shopify answers without `token_type`
 * (its tokens are bearer tokens, sent in a header of its own).
 */
function tokenEndpointFetch(definition: OAuthDefinition, policy: OutboundPolicy) {
  return async (input: string | URL, init: RequestInit = {}): Promise<Response> => {
    let request = init;
    if (definition.tokenRequestFormat === "json" && init.body instanceof URLSearchParams) {
      const headers = new Headers(init.headers);
      headers.set("content-type", "application/json");
      request = { ...init, headers, body: JSON.stringify(Object.fromEntries(init.body)) };
    }
    const answer = await platformRequest(policy, input, request);
    // Only an answer without the member at all is parsed and mended (most never need it).
    if (answer.status !== 200 || answer.body.includes("token_type")) return responseOf(answer);
    const contentType = answer.headers.find(([name]) => name === "content-type")?.[1] ?? "";
    if (!contentType.includes("json")) return responseOf(answer);
    let body: unknown;
    try {
      body = JSON.parse(answer.body.toString("utf8"));
    } catch {
      return responseOf(answer); // oauth4webapi reports the malformed body
    }
    if (body === null || typeof body !== "object" || typeof (body as Record<string, unknown>).access_token !== "string") return responseOf(answer);
    return responseOf(answer, Buffer.from(JSON.stringify({ ...body, token_type: "bearer" })));
  };
}

function requestOptions(definition: OAuthDefinition, policy: OutboundPolicy): oauth.TokenEndpointRequestOptions {
  return {
    additionalParameters: definition.tokenParameters,
    [oauth.customFetch]: tokenEndpointFetch(definition, policy),
    [oauth.allowInsecureRequests]: policy.allowPrivate,
  };
}

function toTokenSet(result: oauth.TokenEndpointResponse, now: Date): TokenSet {
  const response = result as unknown as Record<string, unknown>;
  let expiresAt: Date | undefined;
  if (typeof result.expires_in === "number") expiresAt = new Date(now.getTime() + result.expires_in * 1000);
  else if (typeof response.expires_at === "string" && !Number.isNaN(Date.parse(response.expires_at))) expiresAt = new Date(response.expires_at); // Square
  return {
    accessToken: result.access_token,
    ...(typeof result.refresh_token === "string" ? { refreshToken: result.refresh_token } : {}),
    tokenType: result.token_type,
    ...(typeof result.scope === "string" ? { scopes: result.scope } : {}),
    ...(expiresAt ? { expiresAt } : {}),
    response,
  };
}

/** The platform's error, as the connection's error entry and the person's page can say it. */
export function platformErrorOf(error: unknown, platformName: string): PlatformError | undefined {
  if (error instanceof PlatformError) return error;
  if (error instanceof oauth.ResponseBodyError) {
    const text = error.error_description ? `${error.error}: ${error.error_description}` : error.error;
    return new PlatformError(`${platformName} refused the request (${truncate(text)}).`, String(error.status), error.error);
  }
  if (error instanceof oauth.AuthorizationResponseError) {
    const text = error.error_description ? `${error.error}: ${error.error_description}` : error.error;
    return new PlatformError(`${platformName} did not authorize the connection (${truncate(text)}).`, error.error === "access_denied" ? "403" : "400", error.error);
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    return new PlatformError(`${platformName} refused the app's credentials.`, String(error.status), "invalid_client");
  }
  if (error instanceof oauth.OperationProcessingError || error instanceof TypeError) {
    return new PlatformError(`${platformName} answered in a way that does not follow OAuth 2.0 (${truncate(error.message)}).`, "502", "Bad Gateway");
  }
  return undefined;
}

const truncate = (text: string): string => (text.length > 200 ? `${text.slice(0, 200)}…` : text);

/**
 * Checks the callback's `state`, its RFC 9207 `iss` where the platform sends one, and whether it
 * carries an error (consent denied): throws `AuthorizationResponseError` for an error callback.
 * Returns the parameters the exchange takes.
 */
export function validateCallback(definition: OAuthDefinition, app: AppCredentials, values: FlowValues, callback: URL, expectedState: string): URLSearchParams {
  return oauth.validateAuthResponse(authorizationServerOf(definition, values), { client_id: app.clientId }, callback, expectedState);
}

/**
 * Exchanges the callback's code for tokens. Throws `ResponseBodyError` for a refused exchange,
 * `PlatformUnreachableError` when the platform could not be reached.
 */
export async function exchangeCode(input: {
  definition: OAuthDefinition;
  app: AppCredentials;
  values: FlowValues;
  parameters: URLSearchParams;
  redirectUri: string;
  codeVerifier: string | undefined;
  policy: OutboundPolicy;
  now: () => Date;
}): Promise<TokenSet> {
  const { definition, app, values, policy } = input;
  const as = authorizationServerOf(definition, values);
  const client: oauth.Client = { client_id: app.clientId };
  requireUrl(definition.tokenUrl, values, "token URL");
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    clientAuthOf(definition, app),
    input.parameters,
    input.redirectUri,
    input.codeVerifier ?? oauth.nopkce,
    requestOptions(definition, policy),
  );
  return toTokenSet(await oauth.processAuthorizationCodeResponse(as, client, response), input.now());
}

/** New tokens for a refresh token (the platform may or may not rotate it). */
export async function refreshTokens(input: {
  definition: OAuthDefinition;
  app: AppCredentials;
  values: FlowValues;
  refreshToken: string;
  policy: OutboundPolicy;
  now: () => Date;
}): Promise<TokenSet> {
  const { definition, app, values, policy } = input;
  const as = authorizationServerOf(definition, values);
  requireUrl(definition.tokenUrl, values, "token URL");
  const client: oauth.Client = { client_id: app.clientId };
  const response = await oauth.refreshTokenGrantRequest(as, client, clientAuthOf(definition, app), input.refreshToken, requestOptions(definition, policy));
  return toTokenSet(await oauth.processRefreshTokenResponse(as, client, response), input.now());
}

/** The values `kept` lists, from `source`; a missing or malformed one is a PlatformError. */
export function keepValues(kept: readonly KeptValue[], source: (name: string) => unknown, platformName: string, where: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const { name, pattern } of kept) {
    const value = source(name);
    if (typeof value !== "string" || !new RegExp(pattern).test(value)) {
      throw new PlatformError(`${platformName}'s ${where} lacks a valid ${name}.`, "502", "Bad Gateway");
    }
    values[name] = value;
  }
  return values;
}
