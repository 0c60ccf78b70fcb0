// Two nodes on one fresh PostgreSQL database, driven through the SDK round-robin as a load
// balancer would: they act as one service. A token from one node works on the other; a CORS
// change, an API-key revocation, a company deletion and a signing-key rotation made through
// one node show on the other within the documented bound (the cache TTL, 1 s); with Redis the
// rate limit is one budget for both; and a draining node finishes what it runs while answering
// new requests 503 ErrorMessage with canBeRetried.
import assert from "node:assert/strict";
import http from "node:http";
import { after, before, describe, it } from "node:test";
import { decodeProtectedHeader } from "jose";
import { ErrorMessage, type CodatPlatform } from "@codat/platform";
import { basicAuth } from "@codat/test-kit/auth";
import { describeOnPostgres } from "@codat/test-kit/dialects";
import { postgresOrSkip } from "@codat/test-kit/postgres";
import { redisOrSkip, TEST_REDIS_URL, uniqueRedisPrefix } from "@codat/test-kit/redis";
import { startTestServer, type TestServer } from "@codat/test-kit/server";
import { convergence, sdkAcross, statusOf } from "./helpers/nodes.js";

/** The documented bound: CACHE_TTL_MS, at most 1000 ms. */
const BOUND_MS = 1000;

interface TwoNodes {
  server: TestServer;
  a: string;
  b: string;
}

async function twoNodes(env: Record<string, string> = {}): Promise<TwoNodes> {
  const server = await startTestServer({ dialect: "postgres", env });
  const peer = await server.startPeer();
  return { server, a: server.url, b: peer.url };
}

describeOnPostgres("two nodes on one PostgreSQL database", () => {
  let nodes: TwoNodes;
  /** Round-robin over A and B. */
  let sdk: CodatPlatform & { served: string[] };
  /** Pinned to one node each. */
  let onA: CodatPlatform;
  let onB: CodatPlatform;
  const bearerOn = (url: string, token: string) => sdkAcross([url], `Bearer ${token}`);

  before(async () => {
    nodes = await twoNodes();
    sdk = sdkAcross([nodes.a, nodes.b], nodes.server.authHeader);
    onA = sdkAcross([nodes.a], nodes.server.authHeader);
    onB = sdkAcross([nodes.b], nodes.server.authHeader);
  });
  after(() => nodes?.server.close());

  it("serves a round-robin of SDK calls as one service; tokens from either node work on the other", async () => {
    const company = await sdk.companies.create({ name: "Round Robin Ltd" });
    assert.equal((await sdk.companies.get({ companyId: company.id })).name, "Round Robin Ltd");
    const connection = await sdk.connections.create({ companyId: company.id, requestBody: { platformKey: "gbol" } });
    const listed = await sdk.connections.list({ companyId: company.id });
    assert.deepEqual(listed.results?.map((c) => c.id), [connection.id]);
    for (let i = 0; i < 4; i++) {
      const issuedBy = i % 2 === 0 ? onA : onB;
      const usedOn = i % 2 === 0 ? nodes.b : nodes.a;
      const { accessToken } = await issuedBy.connectionManagement.getAccessToken({ companyId: company.id });
      assert.ok(accessToken);
      const page = await bearerOn(usedOn, accessToken).connections.list({ companyId: company.id });
      assert.equal(page.results?.[0]?.id, connection.id, `a token issued by one node works on ${usedOn}`);
    }
    assert.deepEqual(new Set(sdk.served), new Set([nodes.a, nodes.b]), "the calls were spread over both nodes");
  });

  it(`applies a CORS change made through A on B within ${BOUND_MS} ms`, async (t) => {
    const origin = "https://app.example.com";
    const company = await sdk.companies.create({ name: "Cors Ltd" });
    const { accessToken } = await onA.connectionManagement.getAccessToken({ companyId: company.id });
    // Preflights answer every origin alike; the actual answer is where the list applies.
    const allowedOnB = async () => {
      const res = await fetch(`${nodes!.b}/companies/${company.id}/connections`, {
        headers: { origin, authorization: `Bearer ${accessToken}` },
      });
      assert.equal(res.status, 200);
      return res.headers.get("access-control-allow-origin") === origin;
    };
    assert.equal(await allowedOnB(), false, "B refuses the origin (and has cached that)");
    await onA.connectionManagement.corsSettings.set({ allowedOrigins: [origin] });
    const allowedAfter = await convergence(BOUND_MS, allowedOnB);
    await onA.connectionManagement.corsSettings.set({ allowedOrigins: [] });
    const refusedAfter = await convergence(BOUND_MS, async () => !(await allowedOnB()));
    t.diagnostic(`B allowed the origin after ${Math.round(allowedAfter)} ms, refused it again after ${Math.round(refusedAfter)} ms`);
  });

  it(`refuses an API key revoked through A on B within ${BOUND_MS} ms`, async (t) => {
    const created = await onA.settings.createApiKey({ name: "short-lived" });
    assert.ok(created.apiKey && created.id);
    const withKeyOnB = sdkAcross([nodes.b], basicAuth(created.apiKey));
    assert.equal(await statusOf(withKeyOnB.companies.list()), 200, "B has cached the key as valid");
    await onA.settings.deleteApiKey({ apiKeyId: created.id });
    const took = await convergence(BOUND_MS, async () => (await statusOf(withKeyOnB.companies.list())) === 401);
    t.diagnostic(`B refused the revoked key after ${Math.round(took)} ms`);
  });

  it(`refuses a deleted company's token on B within ${BOUND_MS} ms`, async (t) => {
    const company = await sdk.companies.create({ name: "Short-lived Ltd" });
    const { accessToken } = await onA.connectionManagement.getAccessToken({ companyId: company.id });
    const onBWithToken = bearerOn(nodes.b, accessToken!);
    assert.equal(await statusOf(onBWithToken.connections.list({ companyId: company.id })), 200);
    await onA.companies.delete({ companyId: company.id });
    const took = await convergence(BOUND_MS, async () => (await statusOf(onBWithToken.connections.list({ companyId: company.id }))) === 401);
    t.diagnostic(`B refused the deleted company's token after ${Math.round(took)} ms`);
  });

  it(`signs with a key rotated through A on B within ${BOUND_MS} ms, and still accepts older tokens`, async (t) => {
    const company = await sdk.companies.create({ name: "Rotation Ltd" });
    const tokenFrom = async (node: CodatPlatform) =>
      (await node.connectionManagement.getAccessToken({ companyId: company.id })).accessToken!;
    const older = await tokenFrom(onB);
    const { kid } = await nodes.server.app.context.keyRing.rotate();
    const fresh = await tokenFrom(onA);
    assert.equal(decodeProtectedHeader(fresh).kid, kid, "A signs with the new key at once");
    assert.equal(await statusOf(bearerOn(nodes.b, fresh).connections.list({ companyId: company.id })), 200, "B verifies the new key at once");
    const took = await convergence(BOUND_MS, async () => decodeProtectedHeader(await tokenFrom(onB)).kid === kid);
    const jwks = (await (await fetch(`${nodes.b}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string }> };
    assert.ok(jwks.keys.some((k) => k.kid === kid), "B publishes the new key");
    assert.equal(await statusOf(bearerOn(nodes.a, older).connections.list({ companyId: company.id })), 200, "tokens signed before the rotation still verify");
    t.diagnostic(`B signed with the rotated key after ${Math.round(took)} ms`);
  });
});

describe("two nodes sharing rate limits through Redis", () => {
  it("counts every node's requests against one budget, and the 429 carries Retry-After", async (t) => {
    if (!(await postgresOrSkip(t)) || !(await redisOrSkip(t))) return;
    // Keep the ten calls inside one clock minute (the limiter's window).
    const msToMinute = 60_000 - (Date.now() % 60_000);
    if (msToMinute < 3000) await new Promise((resolve) => setTimeout(resolve, msToMinute + 50));
    const limit = 10;
    const nodes = await twoNodes({ REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: uniqueRedisPrefix(), RATE_LIMIT_PER_MINUTE: String(limit) });
    t.after(() => nodes.server.close());
    const sdk = sdkAcross([nodes.a, nodes.b], nodes.server.authHeader);
    for (let i = 0; i < limit; i++) await sdk.companies.list();
    const refused = await sdk.companies.list().then(
      () => assert.fail("the request over the shared limit was admitted"),
      (error: unknown) => error,
    );
    assert.ok(refused instanceof ErrorMessage, String(refused));
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.canBeRetried, "True");
    const retryAfter = Number(refused.rawResponse.headers.get("retry-after"));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    assert.equal(new Set(sdk.served.slice(0, limit)).size, 2, "both nodes served the admitted calls");
  });
});

describe("graceful shutdown of one node", () => {
  it("finishes running requests while new ones get 503 ErrorMessage with canBeRetried, and B carries on", async (t) => {
    if (!(await postgresOrSkip(t))) return;
    const server = await startTestServer({ dialect: "postgres" });
    t.after(() => server.close());
    const draining = await server.startPeer();
    // An in-flight request: its headers are in (the node counts it as running), its body is not.
    const body = JSON.stringify({ name: "In Flight Ltd" });
    const inFlight = http.request(`${draining.url}/companies`, {
      method: "POST",
      headers: { authorization: server.authHeader, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
    });
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      inFlight.on("response", (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => (text += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      });
      inFlight.on("error", reject);
    });
    inFlight.write(body.slice(0, 5));
    await new Promise((resolve) => setTimeout(resolve, 100));

    const drained = draining.app.drain();
    const refused = await sdkAcross([draining.url], server.authHeader).companies.list().then(
      () => assert.fail("a new request on a draining node was served"),
      (error: unknown) => error,
    );
    assert.ok(refused instanceof ErrorMessage, String(refused));
    assert.equal(refused.statusCode, 503);
    assert.equal(refused.canBeRetried, "True");
    assert.equal((await sdkAcross([server.url], server.authHeader).companies.list()).results?.length, 0, "the other node still serves");

    inFlight.end(body.slice(5));
    const finished = await response;
    assert.equal(finished.status, 200, finished.text);
    assert.equal((JSON.parse(finished.text) as { name: string }).name, "In Flight Ltd");
    await drained;
    const companies = await sdkAcross([server.url], server.authHeader).companies.list();
    assert.deepEqual(companies.results?.map((c) => c.name), ["In Flight Ltd"], "the in-flight write landed");
  });
});
