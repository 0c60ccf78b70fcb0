// Isolation matrix: every authenticated route of the server (read from its own /openapi.json)
// × every kind of credential an attacker could present, aimed at client A's resources. Each
// cell must give exactly the expected status, every error must be an ErrorMessage, and no
// answer may carry data of a client other than the caller's. Bad tokens are forged here:
// unsigned, algorithm confusion with the public key, tampered, expired (moved clock).
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { apiClient } from "@codat/test-kit/api";
import { basicAuth } from "@codat/test-kit/auth";
import { forEachDialect } from "@codat/test-kit/dialects";
import { mutableClock, startTestServer, type TestServer } from "@codat/test-kit/server";
import { assertErrorMessage } from "./helpers/errors.js";
import { exampleBody } from "./helpers/example-bodies.js";
import { forgedTokens } from "./helpers/forged-tokens.js";
import { httpClient, type HttpClient } from "./helpers/http.js";
import { fillPath, listRoutes, routeName, type RouteInfo } from "./helpers/routes.js";
import { leakedMarkers, seedTenant, type Tenant } from "./helpers/tenants.js";

/** What a cell must answer: an exact error status, or any 2xx (a legitimate caller). */
type Expected = number | "2xx";

interface Credential {
  name: string;
  header: string | undefined;
  /** The tenant whose data the caller may legitimately see (none for a refused caller). */
  owner: "A" | "B" | undefined;
  expect(route: RouteInfo): Expected;
}

/** Routes anyone may call. A new public route must be added here on purpose. */
const PUBLIC_ROUTES = new Set(["GET /healthz", "GET /readyz", "GET /.well-known/jwks.json"]);

/** Path parameters that name something a client owns (a stranger gets 404 for them). */
const OWNED_PARAMS = new Set(["companyId", "connectionId", "apiKeyId", "webhookId"]);

const refused = (route: RouteInfo): Expected => (route.auth === "none" ? "2xx" : 401);
/** A valid API key of client B on A's resources: B's own view, or 404 for A's ids. */
const otherClientKey = (route: RouteInfo): Expected => {
  if (route.auth === "bearer") return 401;
  return route.pathParams.some((p) => OWNED_PARAMS.has(p)) ? 404 : "2xx";
};
/** A valid token for A's company X: honoured on browser routes for X only. */
const tokenOf = (sameCompany: boolean) => (route: RouteInfo): Expected => {
  if (route.auth === "apiKey") return 401;
  if (route.auth === "none") return "2xx";
  return route.pathParams.includes("companyId") && !sameCompany ? 403 : "2xx";
};

forEachDialect("isolation matrix: every route × every credential", (dialect) => {
  const clock = mutableClock();
  let server: TestServer;
  let http: HttpClient;
  let routes: RouteInfo[];
  let a: Tenant;
  let b: Tenant;
  const credentials: Credential[] = [];
  const cells: string[] = [];

  before(async () => {
    server = await startTestServer({ dialect, clock, env: { WEBHOOK_ALLOW_PRIVATE_URLS: "true" } });
    http = httpClient(server.url);
    routes = await listRoutes(server.url);
    a = await seedTenant(server, server, "TenantA");
    b = await seedTenant(server, await server.createClient("Client B"), "TenantB");

    const apiA = apiClient(server);
    // A platform of their own for each client, which the matrix deletes.
    const ownPlatform = {
      name: "Deletable",
      oauth: { authorizeUrl: "https://dele.example.com/authorize", tokenUrl: "https://dele.example.com/token", apiBaseUrl: "https://dele.example.com/api" },
    };
    for (const authHeader of [a.authHeader, b.authHeader]) {
      const put = await apiClient({ url: server.url, authHeader })("PUT", "/integrations/{platformKey}", { params: { platformKey: "dele" }, body: ownPlatform, contract: false });
      assert.equal(put.status, 200);
    }
    const revoked = (await apiA("POST", "/apiKeys", { body: { name: "to revoke" } })).body as { id: string; apiKey: string };
    assert.equal((await apiA("DELETE", "/apiKeys/{apiKeyId}", { params: { apiKeyId: revoked.id } })).status, 204);

    const token = async (api: typeof apiA, companyId: string) =>
      (await api("GET", "/companies/{companyId}/connectionManagement/accessToken", { params: { companyId } })).body.accessToken as string;
    const apiB = apiClient({ url: server.url, authHeader: b.authHeader });
    const tokenA = await token(apiA, a.companyId);
    const tokenAOther = await token(apiA, a.otherCompanyId);
    const tokenB = await token(apiB, b.companyId);
    const now = clock();
    clock.set(new Date(now.getTime() - 2 * 3600_000));
    const expired = await token(apiA, a.companyId);
    clock.set(now);
    const jwks = (await (await fetch(`${server.url}/.well-known/jwks.json`)).json()) as { keys: Array<{ x: string }> };

    const bearer = (value: string) => `Bearer ${value}`;
    const add = (name: string, header: string | undefined, expect: Credential["expect"], owner?: "A" | "B") =>
      credentials.push({ name, header, expect, owner });
    add("no credentials", undefined, refused);
    for (const [name, header] of [
      ["empty header", ""],
      ["scheme only", "Basic"],
      ["not base64", "Basic !!!%%%"],
      ["unknown scheme", `Token ${Buffer.from(a.apiKey).toString("base64")}`],
      ["key not base64-encoded", `Basic ${a.apiKey}`],
      ["short key", basicAuth("short")],
      ["oversized key", basicAuth("k".repeat(8192))],
      ["bearer without token", "Bearer"],
      ["bearer garbage", "Bearer not.a.jwt"],
    ] as const) {
      add(`malformed header: ${name}`, header, refused);
    }
    add("unknown API key", basicAuth(`unknown-${a.apiKey}`), refused);
    add("revoked API key", basicAuth(revoked.apiKey), refused);
    add("another client's API key", b.authHeader, otherClientKey, "B");
    add("another client's API key as bearer", bearer(b.apiKey), refused);
    add("a valid bearer token (API-key routes refuse it)", bearer(tokenA), tokenOf(true), "A");
    add("token for another company of the same client", bearer(tokenAOther), tokenOf(false), "A");
    add("token for another client's company", bearer(tokenB), tokenOf(false), "B");
    add("expired token", bearer(expired), refused);
    for (const [name, forged] of Object.entries(forgedTokens(tokenA, jwks.keys[0] as { x: string }))) add(name, bearer(forged), refused);
  });
  after(async () => {
    http?.close();
    await server?.close();
  });

  /** Platform keys are not owned (each client configures its own): one per route, so every
   * legitimate cell succeeds whatever the order (a deletion never meets a key it deleted). */
  const platformKeyFor = (route: RouteInfo): string => {
    const name = routeName(route);
    if (name === "PUT /integrations/{platformKey}") return "mtrx";
    if (name === "DELETE /integrations/{platformKey}") return "dele";
    if (name === "DELETE /integrations/{platformKey}/credentials") return "qhyg";
    if (name.endsWith("/credentials") || name.endsWith("/definition")) return "gbol";
    return "mqjo";
  };
  const paramsOf = (tenant: Tenant, route: RouteInfo): Record<string, string> => ({
    companyId: tenant.companyId,
    connectionId: tenant.connectionId,
    apiKeyId: tenant.apiKeyId,
    webhookId: tenant.webhookId,
    platformKey: platformKeyFor(route),
  });

  async function check(route: RouteInfo, credential: Credential): Promise<void> {
    const path = fillPath(route.template, paramsOf(a, route));
    const body = exampleBody(route);
    const headers: Record<string, string> = {};
    if (credential.header !== undefined) headers.authorization = credential.header;
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await http.send({ method: route.method, path, headers, ...(body !== undefined ? { body } : {}) });
    const cell = `${routeName(route)} with ${credential.name}`;
    const expected = credential.expect(route);
    if (expected === "2xx") assert.ok(res.status >= 200 && res.status < 300, `${cell}: expected 2xx, got ${res.status} ${res.text.slice(0, 200)}`);
    else {
      assert.equal(res.status, expected, `${cell}: ${res.text.slice(0, 200)}`);
      assertErrorMessage(res.status, res.text, res.headers["x-correlation-id"], cell);
    }
    const sent = `${path} ${credential.header ?? ""} ${body ?? ""}`;
    for (const tenant of [a, b]) {
      if (credential.owner === (tenant === a ? "A" : "B")) continue;
      assert.deepEqual(leakedMarkers(res.text, tenant, sent), [], `${cell}: the answer carries another client's data`);
    }
    cells.push(cell);
  }

  it("reads the route table and knows every public route", () => {
    const publicRoutes = routes.filter((r) => r.auth === "none").map(routeName);
    assert.deepEqual(publicRoutes.sort(), [...PUBLIC_ROUTES].sort(), "a new unauthenticated route must be reviewed and listed here");
  });

  it("answers every cell with the exact status, an ErrorMessage, and nothing of another client", async () => {
    const authenticated = routes.filter((r) => r.auth !== "none");
    // Reads and refused writes first; cells a legitimate caller may act in (unlink, reconnect,
    // B's own creates) last, so they cannot change what an earlier cell sees.
    const order = (c: Credential) => (c.owner === undefined ? 0 : 1);
    for (const credential of [...credentials].sort((x, y) => order(x) - order(y))) {
      for (const route of authenticated) await check(route, credential);
    }
    // HEAD exists for every GET route: refused the same way, without a body to check.
    for (const route of authenticated.filter((r) => r.method === "GET")) {
      const res = await http.send({ method: "HEAD", path: fillPath(route.template, paramsOf(a, route)) });
      assert.equal(res.status, 401, `HEAD ${route.template} without credentials`);
    }
    console.log(`isolation matrix: ${authenticated.length} routes × ${credentials.length} credentials = ${cells.length} cells`);
    assert.equal(cells.length, authenticated.length * credentials.length);
  });

  it("left client A's data intact after the whole matrix", async () => {
    const apiA = apiClient(server);
    const company = await apiA("GET", "/companies/{companyId}", { params: { companyId: a.companyId } });
    assert.equal(company.status, 200);
    assert.ok(company.body.name.includes("Zebra"), "A's company was not renamed");
    assert.equal((await apiA("GET", "/companies/{companyId}/connections/{connectionId}", { params: { companyId: a.companyId, connectionId: a.connectionId } })).status, 200);
    assert.ok((await apiA("GET", "/apiKeys")).body.results.some((k: { id: string }) => k.id === a.apiKeyId));
    assert.ok((await apiA("GET", "/webhooks")).body.results.some((w: { id: string }) => w.id === a.webhookId));
    assert.deepEqual((await apiA("GET", "/corsSettings")).body.allowedOrigins, [a.origin]);
  });
});
