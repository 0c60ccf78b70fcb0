// Company tokens: claims, lifetimes, expiry under a moved clock, where a bearer token is and is
// not accepted, deleted companies, forged / foreign / unsigned tokens, JWKS and key rotation.
import assert from "node:assert/strict";
import { generateKeyPairSync, randomUUID, sign } from "node:crypto";
import { after, before, it } from "node:test";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { apiClient, type Api } from "@codat/test-kit/api";
import { forEachDialect } from "@codat/test-kit/dialects";
import { mutableClock, startTestServer, type TestServer } from "@codat/test-kit/server";
import { SignedGrants } from "../../src/tokens/grants.js";
import { MAX_CLOCK_SKEW_SECONDS, signJws, type Audience } from "../../src/tokens/tokens.js";

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

forEachDialect("company access tokens", (dialect) => {
  const clock = mutableClock(new Date("2026-03-01T10:00:00.000Z"));
  let server: TestServer;
  let api: Api;
  let companyId: string;
  let connectionId: string;

  before(async () => {
    server = await startTestServer({ dialect, clock });
    api = apiClient(server);
    companyId = (await api("POST", "/companies", { body: { name: "Token Co" } })).body.id;
    connectionId = (await api("POST", "/companies/{companyId}/connections", { params: { companyId }, body: { platformKey: "mqjo" } })).body.id;
  });
  after(() => server.close());

  const connectionToken = async (id = companyId) =>
    (await api("GET", "/companies/{companyId}/connectionManagement/accessToken", { params: { companyId: id } })).body.accessToken as string;
  const bearer = (token: string) => `Bearer ${token}`;
  const jwks = async () => (await api("GET", "/.well-known/jwks.json", { contract: false })).body as { keys: Array<{ kid: string }> };

  it("issues a one-hour EdDSA connection-management token with the documented claims", async () => {
    const token = await connectionToken();
    const header = decodeProtectedHeader(token);
    assert.equal(header.alg, "EdDSA");
    assert.equal(header.typ, "JWT");
    assert.ok((await jwks()).keys.some((k) => k.kid === header.kid));
    const { payload } = await jwtVerify(token, createLocalJWKSet(await jwks()), { currentDate: clock() });
    assert.equal(payload.iss, server.url);
    assert.equal(payload.sub, companyId);
    assert.equal(payload.aud, "connection-management");
    assert.equal(payload.client_id, server.clientId);
    assert.equal(payload.iat, clock().getTime() / 1000);
    assert.equal((payload.exp ?? 0) - (payload.iat ?? 0), 3600);
    assert.match(String(payload.jti), /^[0-9a-f-]{36}$/);
    assert.notEqual(await connectionToken(), token, "every token has its own jti");
  });

  it("issues a one-day company token", async () => {
    const res = await api("GET", "/companies/{companyId}/accessToken", { params: { companyId } });
    assert.equal(res.status, 200);
    assert.equal(res.body.expiresIn, 86400);
    assert.equal(res.body.tokenType, "Bearer");
    const { payload } = await jwtVerify(res.body.accessToken, createLocalJWKSet(await jwks()), { currentDate: clock() });
    assert.equal(payload.aud, "company");
    assert.equal((payload.exp ?? 0) - (payload.iat ?? 0), 86400);
  });

  it("accepts a bearer token only on the company's connection and integration reads and unlink", async () => {
    const auth = bearer(await connectionToken());
    const params = { companyId, connectionId };
    assert.equal((await api("GET", "/companies/{companyId}/connections", { params, auth })).status, 200);
    assert.equal((await api("GET", "/companies/{companyId}/connections/{connectionId}", { params, auth })).status, 200);
    assert.equal((await api("GET", "/integrations", { auth })).status, 200);
    assert.equal((await api("GET", "/integrations/{platformKey}", { params: { platformKey: "mqjo" }, auth })).status, 200);
    assert.equal((await api("GET", "/integrations/{platformKey}/branding", { params: { platformKey: "mqjo" }, auth })).status, 200);
    // Everything else refuses it.
    const refused: Array<[string, string, object?]> = [
      ["GET", "/companies"],
      ["GET", "/companies/{companyId}"],
      ["DELETE", "/companies/{companyId}"],
      ["GET", "/companies/{companyId}/accessToken"],
      ["GET", "/companies/{companyId}/connectionManagement/accessToken"],
      ["POST", "/companies/{companyId}/connections", { platformKey: "mqjo" }],
      ["DELETE", "/companies/{companyId}/connections/{connectionId}"],
      ["PUT", "/companies/{companyId}/connections/{connectionId}/authorization", { username: "u", password: "p" }],
      ["GET", "/corsSettings"],
      ["GET", "/connectionManagement/corsSettings"],
      ["GET", "/apiKeys"],
    ];
    for (const [method, path, body] of refused) {
      const res = await api(method, path, { params, auth, ...(body ? { body } : {}) });
      assert.equal(res.status, 401, `${method} ${path}`);
    }
    const unlinked = await api("PATCH", "/companies/{companyId}/connections/{connectionId}", { params, auth, body: { status: "Unlinked" } });
    assert.equal(unlinked.status, 200);
    assert.equal(unlinked.body.status, "Unlinked");
  });

  it("answers 403 when the token is for another company", async () => {
    const otherId = (await api("POST", "/companies", { body: { name: "Other Co" } })).body.id as string;
    const auth = bearer(await connectionToken(otherId));
    const res = await api("GET", "/companies/{companyId}/connections", { params: { companyId }, auth });
    assert.equal(res.status, 403);
    assert.equal(res.body.statusCode, 403);
  });

  it("refuses expired, tampered, unsigned, foreign and wrongly-issued tokens", async () => {
    const token = await connectionToken();
    const params = { companyId };
    const call = (value: string) => api("GET", "/companies/{companyId}/connections", { params, auth: bearer(value) });
    assert.equal((await call(token)).status, 200);

    const [header, payload, signature] = token.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
    const tampered = `${header}.${b64({ ...claims, sub: "8a210b68-6988-41ed-a1eb-0242ac120002" })}.${signature}`;
    assert.equal((await call(tampered)).status, 401);
    assert.equal((await call(`${b64({ alg: "none", typ: "JWT" })}.${payload}.`)).status, 401, "alg none");
    const kid = (decodeProtectedHeader(token).kid ?? "") as string;
    const hs = `${b64({ alg: "HS256", typ: "JWT", kid })}.${payload}`;
    assert.equal((await call(`${hs}.${Buffer.from("x").toString("base64url")}`)).status, 401, "alg HS256");
    // Signed by a key this server does not know, even with a known kid.
    const { privateKey } = generateKeyPairSync("ed25519");
    const foreign = `${header}.${payload}`;
    assert.equal((await call(`${foreign}.${sign(null, Buffer.from(foreign), privateKey).toString("base64url")}`)).status, 401);
    const unknownKid = `${b64({ alg: "EdDSA", typ: "JWT", kid: "nope" })}.${payload}`;
    assert.equal((await call(`${unknownKid}.${sign(null, Buffer.from(unknownKid), privateKey).toString("base64url")}`)).status, 401);
    assert.equal((await call("not.a.jwt")).status, 401);

    clock.advance(3600 * 1000 + 1000);
    try {
      assert.equal((await call(token)).status, 401, "expired after one hour");
      const companyToken = (await api("GET", "/companies/{companyId}/accessToken", { params })).body.accessToken as string;
      clock.advance(23 * 3600 * 1000);
      assert.equal((await call(companyToken)).status, 200, "the company token lives a day");
      clock.advance(3600 * 1000);
      assert.equal((await call(companyToken)).status, 401);
    } finally {
      clock.set(new Date("2026-03-01T10:00:00.000Z"));
    }
  });

  it("refuses validly signed tokens issued in the future or living longer than their audience allows", async () => {
    const params = { companyId };
    const call = (value: string) => api("GET", "/companies/{companyId}/connections", { params, auth: bearer(value) });
    const key = await server.app.context.keyRing.active();
    const now = Math.floor(clock().getTime() / 1000);
    const mint = (aud: Audience, iat: number, exp: number) =>
      signJws(key, JSON.stringify({ iss: server.url, sub: companyId, aud, client_id: server.clientId, iat, exp, jti: randomUUID() }));
    // The real shapes pass (so the refusals below are about the bounds alone).
    assert.equal((await call(mint("connection-management", now, now + 3600))).status, 200);
    assert.equal((await call(mint("company", now - 10, now + 86_390))).status, 200);
    assert.equal((await call(mint("connection-management", now + MAX_CLOCK_SKEW_SECONDS, now + 3600))).status, 200, "within the clock skew");
    // Issued in the future, beyond the skew: refused even though it has not expired.
    assert.equal((await call(mint("connection-management", now + 3600, now + 5400))).status, 401, "iat an hour ahead");
    assert.equal((await call(mint("connection-management", now + MAX_CLOCK_SKEW_SECONDS + 5, now + 3600))).status, 401, "iat past the skew");
    // Longer than the audience's lifetime.
    assert.equal((await call(mint("connection-management", now, now + 3601))).status, 401, "a connection-management token of more than an hour");
    assert.equal((await call(mint("company", now, now + 10 * 86_400))).status, 401, "a ten-day company token");
    assert.equal((await call(mint("company", now, 2 ** 40))).status, 401, "a token that never expires");
  });

  it("holds the browser pages' signed grants to the same bounds", async () => {
    const grants = new SignedGrants(server.app.context.keyRing, server.url, clock, "test-grant", 600);
    const key = await server.app.context.keyRing.active();
    const now = Math.floor(clock().getTime() / 1000);
    const mint = (iat: number, exp: number) =>
      signJws(key, JSON.stringify({ iss: server.url, aud: "test-grant", sub: "s", kind: "k", iat, exp, jti: randomUUID() }));
    assert.equal((await grants.verify(await grants.sign("s", { kind: "k" }), ["kind"]))?.subject, "s");
    assert.equal((await grants.verify(mint(now, now + 600), ["kind"]))?.subject, "s");
    assert.equal(await grants.verify(mint(now + 3600, now + 4000), ["kind"]), undefined, "issued in the future");
    assert.equal(await grants.verify(mint(now, now + 601), ["kind"]), undefined, "longer than its kind's lifetime");
  });

  it("stops honouring a deleted company's tokens", async () => {
    const id = (await api("POST", "/companies", { body: { name: "Doomed" } })).body.id as string;
    const auth = bearer(await connectionToken(id));
    assert.equal((await api("GET", "/companies/{companyId}/connections", { params: { companyId: id }, auth })).status, 200);
    assert.equal((await api("DELETE", "/companies/{companyId}", { params: { companyId: id } })).status, 204);
    const res = await api("GET", "/companies/{companyId}/connections", { params: { companyId: id }, auth });
    assert.equal(res.status, 401);
    assert.equal((await api("GET", "/integrations", { auth })).status, 401);
  });

  it("rotates signing keys and keeps the old public key until its tokens expired", async () => {
    const before = await connectionToken();
    const oldKid = decodeProtectedHeader(before).kid as string;
    const { kid: newKid } = await server.app.context.keyRing.rotate();
    const after = await connectionToken();
    assert.equal(decodeProtectedHeader(after).kid, newKid);
    const kids = (await jwks()).keys.map((k) => k.kid);
    assert.ok(kids.includes(oldKid) && kids.includes(newKid));
    const params = { companyId };
    assert.equal((await api("GET", "/companies/{companyId}/connections", { params, auth: bearer(before) })).status, 200);
    assert.equal((await api("GET", "/companies/{companyId}/connections", { params, auth: bearer(after) })).status, 200);
    // A day and a bit later the old key is no longer published.
    clock.advance(24 * 3600 * 1000 + 11 * 60 * 1000);
    try {
      server.app.context.keyRing.refresh();
      const later = (await jwks()).keys.map((k) => k.kid);
      assert.ok(!later.includes(oldKid));
      assert.ok(later.includes(newKid));
    } finally {
      clock.set(new Date("2026-03-01T10:00:00.000Z"));
      server.app.context.keyRing.refresh();
    }
  });
});
