// The test kit's OAuth 2.0 authorization server (oidc-provider on loopback, playing Xero,
// QuickBooks, Stripe...), exercised the way the connection manager will use it: oauth4webapi as
// the client, the authorization-code flow with PKCE, refresh-token rotation and replay detection,
// revocation, the platform quirks, and the levers tests pull (503s, restarts, short TTLs).
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import * as oauth from "oauth4webapi";
import {
  authorizeWithFetch,
  startAuthorizationServer,
  type AuthorizationServer,
  type AuthorizationServerOptions,
} from "@codat/test-kit/authorization-server";

const redirectUri = "http://127.0.0.1:9/oauth/callback";
const insecure = { [oauth.allowInsecureRequests]: true } as const;
const basicClient = { clientId: "basic-app", clientSecret: "basic-secret", redirectUris: [redirectUri] };
const postClient = { ...basicClient, clientId: "post-app", clientSecret: "post-secret", tokenEndpointAuthMethod: "client_secret_post" as const };

interface Platform {
  server: AuthorizationServer;
  as: oauth.AuthorizationServer;
}

let platform: Platform;

async function startPlatform(extra: Partial<AuthorizationServerOptions> = {}): Promise<Platform> {
  const server = await startAuthorizationServer({
    clients: [basicClient, postClient],
    callbackParameters: { realmId: (account) => `realm-${account}` },
    tokenResponseFields: { stripe_user_id: (account) => `acct_${account}` },
    tenants: (account) => [
      { tenantId: `${account}-uk`, tenantName: `${account} Ltd` },
      { tenantId: `${account}-us`, tenantName: `${account} Inc` },
    ],
    ...extra,
  });
  const issuer = new URL(server.issuer);
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: "oidc", ...insecure }));
  return { server, as };
}

function clientOf(app: typeof basicClient): { client: oauth.Client; auth: oauth.ClientAuth } {
  const auth = app === postClient ? oauth.ClientSecretPost(app.clientSecret) : oauth.ClientSecretBasic(app.clientSecret);
  return { client: { client_id: app.clientId }, auth };
}

/** Builds the authorize URL as the connection manager would, with PKCE and state. */
async function authorizeUrl(p: Platform, app: typeof basicClient, scope = "accounting.read offline_access", pkce = true) {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const url = new URL(p.as.authorization_endpoint!);
  url.search = new URLSearchParams({ client_id: app.clientId, redirect_uri: redirectUri, response_type: "code", scope, state }).toString();
  if (pkce) {
    url.searchParams.set("code_challenge", await oauth.calculatePKCECodeChallenge(verifier));
    url.searchParams.set("code_challenge_method", "S256");
  }
  return { url, verifier, state };
}

/** Authorize as `account` and exchange the code: the connection manager's whole connect flow. */
async function connect(p: Platform, account: string, app = basicClient, scope?: string) {
  const { url, verifier, state } = await authorizeUrl(p, app, scope);
  const callback = await authorizeWithFetch(url.href, account);
  const { client, auth } = clientOf(app);
  const params = oauth.validateAuthResponse(p.as, client, callback, state);
  const response = await oauth.authorizationCodeGrantRequest(p.as, client, auth, params, redirectUri, verifier, insecure);
  const tokens = await oauth.processAuthorizationCodeResponse(p.as, client, response);
  return { callback, tokens };
}

async function refresh(p: Platform, refreshToken: string, app = basicClient) {
  const { client, auth } = clientOf(app);
  return oauth.processRefreshTokenResponse(p.as, client, await oauth.refreshTokenGrantRequest(p.as, client, auth, refreshToken, insecure));
}

async function rejection(promise: Promise<unknown>): Promise<oauth.ResponseBodyError> {
  const error = await promise.then(
    () => assert.fail("expected the token endpoint to refuse"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof oauth.ResponseBodyError, String(error));
  return error;
}

function bearer(url: string, accessToken: string): Promise<Response> {
  return fetch(url, { headers: { authorization: `Bearer ${accessToken}` } });
}

async function introspect(p: Platform, token: string): Promise<oauth.IntrospectionResponse> {
  const { client, auth } = clientOf(basicClient);
  return oauth.processIntrospectionResponse(p.as, client, await oauth.introspectionRequest(p.as, client, auth, token, insecure));
}

before(async () => {
  platform = await startPlatform();
});
after(async () => {
  await platform?.server.close();
});

it("runs the authorization-code flow with PKCE and client_secret_basic, with the platform's quirks", async () => {
  const { server } = platform;
  const { callback, tokens } = await connect(platform, "alice", basicClient, "accounting.read offline_access made.up.scope");

  assert.equal(callback.origin + callback.pathname, redirectUri);
  assert.ok(callback.searchParams.get("code"));
  assert.equal(callback.searchParams.get("iss"), server.issuer);
  assert.equal(callback.searchParams.get("realmId"), "realm-alice");

  assert.equal(tokens.token_type.toLowerCase(), "bearer");
  assert.equal(tokens.stripe_user_id, "acct_alice");
  assert.equal(tokens.scope, "accounting.read", "unknown scopes are left out, offline_access is not an API scope");
  assert.equal(tokens.expires_in, 3600);
  assert.ok(tokens.refresh_token, "a refresh token without prompt=consent");

  // An RFC 9068 JWT signed by the platform, carrying the authorization event.
  const claims = await oauth.validateJwtAccessToken(
    platform.as,
    new Request(server.resourceUrl, { headers: { authorization: `Bearer ${tokens.access_token}` } }),
    `${server.issuer}/api`,
    insecure,
  );
  assert.equal(claims.sub, "alice");
  assert.equal(claims.client_id, basicClient.clientId);
  const authEventId = claims.authentication_event_id;
  assert.equal(typeof authEventId, "string");

  const connections = await bearer(server.connectionsUrl, tokens.access_token);
  assert.equal(connections.status, 200);
  const tenants = (await connections.json()) as Array<Record<string, string>>;
  assert.deepEqual(
    tenants.map(({ tenantId, tenantName, tenantType, authEventId }) => ({ tenantId, tenantName, tenantType, authEventId })),
    [
      { tenantId: "alice-uk", tenantName: "alice Ltd", tenantType: "ORGANISATION", authEventId },
      { tenantId: "alice-us", tenantName: "alice Inc", tenantType: "ORGANISATION", authEventId },
    ],
  );
  assert.match(tenants[0]!.id!, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.equal((await fetch(server.connectionsUrl)).status, 401);
  assert.equal((await bearer(server.connectionsUrl, `${tokens.access_token}x`)).status, 401);

  const whoami = await bearer(server.resourceUrl, tokens.access_token);
  assert.equal(whoami.status, 200);
  assert.deepEqual(await whoami.json(), { account: "alice", scope: "accounting.read", clientId: basicClient.clientId });
  assert.equal((await fetch(server.resourceUrl)).status, 401);

  assert.equal(await server.isActive(tokens.access_token), true);
  assert.equal(await server.isActive(tokens.refresh_token!), true);
  assert.equal(server.counts.authorizationCodeGrants, 1);
  assert.deepEqual({ ...server.tokenRequestLog.at(-1), at: 0 }, { grantType: "authorization_code", clientAuth: "basic", codeVerifier: true, at: 0 });
});

it("accepts client_secret_post, and a second authorization gives a new grant (a new authEventId)", async () => {
  const first = await connect(platform, "bob", postClient, "read_write");
  const second = await connect(platform, "bob", postClient, "read_write");
  assert.equal(first.tokens.scope, "read_write");
  assert.equal(first.tokens.stripe_user_id, "acct_bob");
  assert.deepEqual({ ...platform.server.tokenRequestLog.at(-1), at: 0 }, { grantType: "authorization_code", clientAuth: "post", codeVerifier: true, at: 0 });

  const authEvent = async (accessToken: string) => ((await (await bearer(platform.server.connectionsUrl, accessToken)).json()) as Array<{ authEventId: string }>)[0]!.authEventId;
  assert.notEqual(await authEvent(first.tokens.access_token), await authEvent(second.tokens.access_token));
});

it("rotates refresh tokens, and a replayed one revokes the whole grant", async () => {
  const { server } = platform;
  const { tokens } = await connect(platform, "carol");
  const before = { ...server.counts };

  const rotated = await refresh(platform, tokens.refresh_token!);
  assert.ok(rotated.refresh_token);
  assert.notEqual(rotated.refresh_token, tokens.refresh_token);
  assert.equal(rotated.stripe_user_id, "acct_carol", "extra fields on refresh too");
  assert.equal(await server.isActive(tokens.refresh_token!), false, "the old one is consumed");
  assert.equal(await server.isActive(rotated.refresh_token!), true);
  assert.equal((await bearer(server.resourceUrl, rotated.access_token)).status, 200);
  assert.equal(server.counts.refreshGrants, before.refreshGrants + 1);

  const replay = await rejection(refresh(platform, tokens.refresh_token!));
  assert.equal(replay.error, "invalid_grant");
  assert.equal(server.counts.refreshTokenReuse, before.refreshTokenReuse + 1);
  assert.equal(server.counts.grantsRevoked, before.grantsRevoked + 1);
  assert.equal(await server.isActive(rotated.refresh_token!), false, "the newest refresh token went with the grant");
  assert.equal((await rejection(refresh(platform, rotated.refresh_token!))).error, "invalid_grant");
  assert.equal((await bearer(server.resourceUrl, rotated.access_token)).status, 401, "and the grant's access tokens");
  assert.deepEqual({ ...server.tokenRequestLog.at(-1), at: 0 }, { grantType: "refresh_token", clientAuth: "basic", codeVerifier: false, at: 0 });
});

it("revokes a refresh token (RFC 7009) with its grant; introspection (RFC 7662) then says inactive", async () => {
  const { server, as } = platform;
  const { tokens } = await connect(platform, "dave");
  const { client, auth } = clientOf(basicClient);
  const before = { ...server.counts };

  const active = await introspect(platform, tokens.refresh_token!);
  assert.equal(active.active, true);
  assert.equal(active.sub, "dave");
  assert.equal(active.client_id, basicClient.clientId);

  // JWT access tokens are neither revocable nor introspectable at oidc-provider.
  const revokeJwt = await oauth.revocationRequest(as, client, auth, tokens.access_token, insecure);
  assert.equal(revokeJwt.status, 400);
  assert.equal(((await revokeJwt.json()) as { error: string }).error, "unsupported_token_type");

  await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, auth, tokens.refresh_token!, insecure));
  assert.equal(server.counts.revocations, before.revocations + 1);
  assert.equal(server.counts.grantsRevoked, before.grantsRevoked + 1);
  assert.equal(await server.isActive(tokens.refresh_token!), false);
  assert.equal(await server.isActive(tokens.access_token), false);
  assert.equal((await introspect(platform, tokens.refresh_token!)).active, false);
  assert.equal((await rejection(refresh(platform, tokens.refresh_token!))).error, "invalid_grant");
});

it("revokeAccount revokes every grant of that account only", async () => {
  const { server } = platform;
  const one = await connect(platform, "erin");
  const two = await connect(platform, "erin", postClient);
  const other = await connect(platform, "frank");
  const before = server.counts.grantsRevoked;

  await server.revokeAccount("erin");
  assert.equal(server.counts.grantsRevoked, before + 2);
  assert.equal((await rejection(refresh(platform, one.tokens.refresh_token!))).error, "invalid_grant");
  assert.equal((await rejection(refresh(platform, two.tokens.refresh_token!, postClient))).error, "invalid_grant");
  assert.equal(await server.isActive(one.tokens.access_token), false);
  assert.equal(await server.isActive(other.tokens.refresh_token!), true);
});

it("denying consent sends the user back with error=access_denied", async () => {
  const { url, state } = await authorizeUrl(platform, basicClient);
  const callback = await authorizeWithFetch(url.href, "alice", { deny: true });
  assert.equal(callback.origin + callback.pathname, redirectUri);
  assert.equal(callback.searchParams.get("error"), "access_denied");
  assert.equal(callback.searchParams.get("state"), state);
  assert.equal(callback.searchParams.get("realmId"), null);
  assert.throws(() => oauth.validateAuthResponse(platform.as, clientOf(basicClient).client, callback, state), oauth.AuthorizationResponseError);
});

it("requires PKCE by default", async () => {
  const { url } = await authorizeUrl(platform, basicClient, "accounting.read", false);
  const callback = await authorizeWithFetch(url.href, "alice");
  assert.equal(callback.searchParams.get("error"), "invalid_request");
  assert.match(callback.searchParams.get("error_description") ?? "", /PKCE/i);
});

it("failTokenEndpoint(503) answers temporarily_unavailable without touching the grant", async () => {
  const { server } = platform;
  const { tokens } = await connect(platform, "gina");
  const requests = server.counts.tokenRequests;
  server.failTokenEndpoint(503);
  try {
    const { client, auth } = clientOf(basicClient);
    const response = await oauth.refreshTokenGrantRequest(platform.as, client, auth, tokens.refresh_token!, insecure);
    assert.equal(response.status, 503);
    assert.deepEqual(await response.json(), { error: "temporarily_unavailable" });
  } finally {
    server.failTokenEndpoint(undefined);
  }
  assert.equal(server.counts.tokenRequests, requests + 1);
  assert.deepEqual({ ...server.tokenRequestLog.at(-1), at: 0 }, { grantType: "refresh_token", clientAuth: "basic", codeVerifier: false, at: 0 });
  assert.ok((await refresh(platform, tokens.refresh_token!)).access_token);
});

it("stop() refuses connections; start() comes back on the same port with the grants intact", async () => {
  const { server } = platform;
  const { tokens } = await connect(platform, "hank");
  await server.stop();
  const refused = await fetch(server.tokenUrl, { method: "POST" }).then(
    () => assert.fail("the server should be down"),
    (e: unknown) => e as Error & { cause?: { code?: string } },
  );
  assert.equal(refused.cause?.code, "ECONNREFUSED");
  await server.start();
  assert.ok((await refresh(platform, tokens.refresh_token!)).refresh_token);
});

it("short access-token TTLs really expire", async () => {
  const shortLived = await startPlatform({ accessTokenTtlSeconds: 2 });
  try {
    const { tokens } = await connect(shortLived, "ivy");
    assert.equal(tokens.expires_in, 2);
    assert.equal((await bearer(shortLived.server.resourceUrl, tokens.access_token)).status, 200);
    await sleep(2_100);
    assert.equal((await bearer(shortLived.server.resourceUrl, tokens.access_token)).status, 401);
    assert.equal(await shortLived.server.isActive(tokens.access_token), false);
    assert.ok((await refresh(shortLived, tokens.refresh_token!)).access_token, "the refresh token still works");
  } finally {
    await shortLived.server.close();
  }
});
