// The API the component calls, over plain HTTP: which routes take a company token, CORS,
// the served module, the reconnect endpoint and the signed authorization page.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { accessToken, api, connectionStatus, eventTypes, seedCompany, setAllowedOrigins, type SeededCompany } from "@codat/test-kit/connections";
import { forEachDialect } from "@codat/test-kit/dialects";
import { startTestServer, type TestServer } from "@codat/test-kit/server";

const ALLOWED = "https://app.acme.test";
const OTHER = "https://evil.test";

forEachDialect("browser API", (dialect) => {
  let server: TestServer;
  let company: SeededCompany;
  let token: string;
  let clockOffsetMs = 0;

  before(async () => {
    server = await startTestServer({ dialect, clock: () => new Date(Date.now() + clockOffsetMs) });
    company = await seedCompany(server, "Bearer Ltd");
    await setAllowedOrigins(server, [ALLOWED]);
    token = await accessToken(server, company.companyId);
  });
  after(async () => server?.close());

  const bearer = (path: string, init: RequestInit = {}, withToken = token) =>
    fetch(server.url + path, { ...init, headers: { authorization: `Bearer ${withToken}`, ...init.headers } });
  const connectionPath = (key: string) => `/companies/${company.companyId}/connections/${company.connections[key]?.id}`;

  it("accepts the token on exactly the component's routes", async () => {
    const ok = [
      `/companies/${company.companyId}/connections?pageSize=10`,
      connectionPath("gbol"),
      "/integrations",
      "/integrations/gbol",
      "/integrations/gbol/branding",
    ];
    for (const path of ok) assert.equal((await bearer(path)).status, 200, path);
    const refused = [
      `/companies/${company.companyId}`,
      "/companies",
      `/companies/${company.companyId}/connectionManagement/accessToken`,
      `/companies/${company.companyId}/accessToken`,
      "/corsSettings",
      "/apiKeys",
    ];
    for (const path of refused) {
      const response = await bearer(path);
      assert.equal(response.status, 401, path);
      const body = (await response.json()) as { statusCode: number; correlationId: string };
      assert.equal(body.statusCode, 401);
      assert.match(body.correlationId, /^[0-9a-f]{32}$/);
    }
  });

  it("works with both token kinds, only for their own company", async () => {
    const other = await seedCompany(server, "Other Ltd", [["gbol", "Linked"]]);
    const companyToken = await accessToken(server, company.companyId, "company");
    assert.equal((await bearer(`/companies/${company.companyId}/connections`, {}, companyToken)).status, 200);
    for (const t of [token, companyToken]) {
      const response = await bearer(`/companies/${other.companyId}/connections`, {}, t);
      assert.equal(response.status, 403);
      assert.equal(((await response.json()) as { statusCode: number }).statusCode, 403);
    }
  });

  it("keeps accepting a token signed by a key that was just rotated out", async () => {
    const before = await accessToken(server, company.companyId);
    await server.app.context.keyRing.rotate();
    const path = `/companies/${company.companyId}/connections`;
    assert.equal((await bearer(path, {}, before)).status, 200);
    assert.equal((await bearer(path, {}, await accessToken(server, company.companyId))).status, 200);
  });

  it("refuses a token after its expiry, and a tampered one", async () => {
    const path = `/companies/${company.companyId}/connections`;
    clockOffsetMs = 61 * 60_000;
    try {
      assert.equal((await bearer(path)).status, 401);
    } finally {
      clockOffsetMs = 0;
    }
    const [header, payload, signature] = token.split(".");
    const forged = JSON.parse(Buffer.from(payload ?? "", "base64url").toString()) as Record<string, unknown>;
    forged.exp = Number(forged.exp) + 86_400;
    const tampered = `${header}.${Buffer.from(JSON.stringify(forged)).toString("base64url")}.${signature}`;
    assert.equal((await bearer(path, {}, tampered)).status, 401);
  });

  describe("CORS", () => {
    const preflight = (path: string, origin: string, method = "GET") =>
      fetch(server.url + path, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": method, "access-control-request-headers": "authorization" },
      });

    it("answers a preflight from an allowed origin without credentials", async () => {
      const response = await preflight(connectionPath("gbol"), ALLOWED, "PATCH");
      assert.equal(response.status, 204);
      assert.equal(response.headers.get("access-control-allow-origin"), ALLOWED);
      assert.match(response.headers.get("access-control-allow-methods") ?? "", /PATCH/);
      assert.match(response.headers.get("access-control-allow-headers") ?? "", /authorization/);
      assert.equal(response.headers.get("access-control-allow-credentials"), null);
      assert.match(response.headers.get("vary") ?? "", /Origin/);
      const reconnect = await preflight(`${connectionPath("mqjo")}/reconnect`, ALLOWED, "POST");
      assert.equal(reconnect.headers.get("access-control-allow-origin"), ALLOWED);
      const integrations = await preflight("/integrations/gbol/branding", ALLOWED);
      assert.equal(integrations.headers.get("access-control-allow-origin"), ALLOWED);
    });

    it("answers preflights alike for every well-formed origin and company: they reveal no tenant's list", async () => {
      const allowance = (response: Response) =>
        ["access-control-allow-origin", "access-control-allow-methods", "access-control-allow-headers", "access-control-max-age"]
          .map((name) => `${name}: ${response.headers.get(name)}`)
          .join("; ")
          .replace(ALLOWED, "<origin>")
          .replace(OTHER, "<origin>")
          .replace("https://never-registered.example:8443", "<origin>");
      const unknownCompany = "/companies/00000000-0000-4000-8000-000000000000/connections/00000000-0000-4000-8000-000000000001";
      const answers = await Promise.all([
        preflight(connectionPath("gbol"), ALLOWED, "PATCH"),
        preflight(connectionPath("gbol"), OTHER, "PATCH"),
        preflight(connectionPath("gbol"), "https://never-registered.example:8443", "PATCH"),
        preflight(unknownCompany, ALLOWED, "PATCH"),
        preflight(unknownCompany, OTHER, "PATCH"),
      ]);
      const first = allowance(answers[0] as Response);
      assert.match(first, /access-control-allow-origin: <origin>/);
      for (const response of answers) assert.equal(allowance(response), first, response.url);
      assert.equal((await preflight("/integrations", OTHER)).headers.get("access-control-allow-origin"), OTHER);
    });

    it("gives no allowance to API-key routes, other methods or malformed origins", async () => {
      const cases = [
        preflight(`/companies/${company.companyId}`, ALLOWED),
        preflight(`/companies/${company.companyId}/connectionManagement/accessToken`, ALLOWED),
        preflight("/corsSettings", ALLOWED, "POST"),
        preflight(`/companies/${company.companyId}/connections`, ALLOWED, "DELETE"),
        preflight(connectionPath("gbol"), "null", "PATCH"),
        preflight(connectionPath("gbol"), "file://", "PATCH"),
        preflight(connectionPath("gbol"), `${ALLOWED}/path`, "PATCH"),
        preflight(connectionPath("gbol"), "https://user@app.example", "PATCH"),
      ];
      for (const response of await Promise.all(cases)) {
        assert.ok(response.status === 204 || response.status === 404, String(response.status));
        assert.equal(response.headers.get("access-control-allow-origin"), null, response.url);
      }
    });

    it("marks actual answers, errors included, only for an allowed origin", async () => {
      const list = `/companies/${company.companyId}/connections`;
      const allowed = await bearer(list, { headers: { origin: ALLOWED } });
      assert.equal(allowed.headers.get("access-control-allow-origin"), ALLOWED);
      assert.match(allowed.headers.get("vary") ?? "", /Origin/);
      const refused = await bearer(list, { headers: { origin: OTHER } });
      assert.equal(refused.headers.get("access-control-allow-origin"), null);
      // A 401 is readable by the allowed page, so the component can tell "expired" from "offline".
      const expired = await bearer(list, { headers: { origin: ALLOWED } }, "not.a.token");
      assert.equal(expired.status, 401);
      assert.equal(expired.headers.get("access-control-allow-origin"), ALLOWED);
      const branding = await bearer("/integrations/gbol/branding", { headers: { origin: ALLOWED } });
      assert.equal(branding.headers.get("access-control-allow-origin"), ALLOWED);
      const apiKeyRoute = await api(server, `/companies/${company.companyId}`, { headers: { origin: ALLOWED } });
      assert.equal(apiKeyRoute.status, 200);
      assert.equal(apiKeyRoute.headers.get("access-control-allow-origin"), null);
    });
  });

  it("serves the module to any origin, cacheable and compressed", async () => {
    const response = await fetch(`${server.url}/connections-sdk.js`, { headers: { origin: OTHER, "accept-encoding": "gzip" } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("access-control-allow-origin"), "*");
    assert.match(response.headers.get("content-type") ?? "", /^text\/javascript/);
    assert.match(response.headers.get("cache-control") ?? "", /max-age=\d+/);
    assert.equal(response.headers.get("content-encoding"), "gzip");
    assert.match(await response.text(), /CodatConnections/);
    const etag = response.headers.get("etag");
    assert.ok(etag);
    const again = await fetch(`${server.url}/connections-sdk.js`, { headers: { "if-none-match": etag } });
    assert.equal(again.status, 304);
  });

  describe("reconnect", () => {
    const reconnect = (key: string) => bearer(`${connectionPath(key)}/reconnect`, { method: "POST" });

    it("links the sandbox platform at once and records the event", async () => {
      const response = await reconnect("mqjo");
      assert.equal(response.status, 200);
      assert.equal(((await response.json()) as { status: string }).status, "Linked");
      assert.equal(await connectionStatus(server, company.connections.mqjo!.id), "Linked");
      assert.ok((await eventTypes(server, company.companyId)).includes("connection.reconnected"));
      // Already linked: unchanged, still 200.
      assert.equal(((await (await reconnect("mqjo")).json()) as { status: string }).status, "Linked");
    });

    it("answers other platforms with their linkUrl, which starts the authorization at the platform", async () => {
      const response = await reconnect("akxx");
      const body = (await response.json()) as { status: string; linkUrl: string };
      assert.equal(body.status, "Deauthorized");
      // The linkUrl as every answer has it: no signed parameter, the same in lists and gets.
      assert.equal(body.linkUrl, `${server.url}${connectionPath("akxx")}/start`);

      // Shopify needs the shop first: the page asks for it.
      const ask = await fetch(body.linkUrl);
      assert.equal(ask.status, 200);
      assert.match(ask.headers.get("content-security-policy") ?? "", /frame-ancestors 'none'/);
      const html = await ask.text();
      assert.match(html, /Connect Shopify/);
      assert.match(html, /Bearer Ltd/);
      assert.match(html, /name="shop"/);
      const wrong = await fetch(`${body.linkUrl}?shop=${encodeURIComponent("evil.example/x")}`, { redirect: "manual" });
      assert.equal(wrong.status, 400);
      assert.match(await wrong.text(), /is not valid/);

      // With the shop: off to the shop's consent page, with a single-use state, PKCE off (Shopify has none), the deployment's callback.
      const started = await fetch(`${body.linkUrl}?shop=bearer-ltd`, { redirect: "manual" });
      assert.equal(started.status, 303);
      const location = new URL(started.headers.get("location") ?? "");
      assert.equal(location.origin, "https://bearer-ltd.myshopify.com");
      assert.equal(location.pathname, "/admin/oauth/authorize");
      assert.equal(location.searchParams.get("client_id"), "test-akxx");
      assert.equal(location.searchParams.get("redirect_uri"), `${server.url}/oauth/callback`);
      assert.equal(location.searchParams.get("scope"), "read_orders,read_products,read_customers");
      assert.match(location.searchParams.get("state") ?? "", /^[A-Za-z0-9_-]{43}$/);
      assert.match(started.headers.get("set-cookie") ?? "", /^oauth_flow_[A-Za-z0-9_-]{16}=[A-Za-z0-9_-]{43}; Path=\/oauth\/callback; Max-Age=600; HttpOnly; SameSite=Lax$/);
      // Nothing changed yet.
      assert.equal(await connectionStatus(server, company.connections.akxx!.id), "Deauthorized");

      // The access token opens nothing there, and a Linked connection's link only says so.
      assert.equal((await fetch(`${server.url}${connectionPath("akxx")}/start?grant=${token}`)).status, 200);
      const linked = await fetch(`${server.url}${connectionPath("gbol")}/start`, { redirect: "manual" });
      assert.equal(linked.status, 200);
      assert.match(await linked.text(), /already connected/);
    });

    it("takes the sandbox's consent through a signed grant that approves once", async () => {
      const sandbox = await seedCompany(server, "Consent Ltd", [["mqjo", "Unlinked"]]);
      const id = sandbox.connections.mqjo!.id;
      const start = `${server.url}/companies/${sandbox.companyId}/connections/${id}/start`;
      const page = await fetch(start);
      assert.equal(page.status, 200);
      const html = await page.text();
      assert.match(html, /Reconnect Sandbox/);
      const action = /action="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, "&") ?? "";
      const grant = new URL(action, server.url).searchParams.get("grant") ?? "";
      assert.ok(grant.length > 0);

      // The grant is not an access token, nor an access token a grant.
      assert.equal((await bearer(`/companies/${sandbox.companyId}/connections`, {}, grant)).status, 401);
      const post = (url: string, decision: string) =>
        fetch(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `decision=${decision}` });
      assert.equal((await post(`${start}?grant=${token}`, "approve")).status, 400);
      // Nor can it be moved to another connection, or altered.
      assert.equal((await post(`${server.url}${connectionPath("mqjo")}/start?grant=${grant}`, "approve")).status, 400);
      const [h, p, sig = ""] = grant.split(".");
      assert.equal((await post(`${start}?grant=${h}.${p}.${sig[0] === "A" ? "B" : "A"}${sig.slice(1)}`, "approve")).status, 400);
      assert.equal((await post(start, "approve")).status, 400);

      const approve = (decision: string) => post(new URL(action, server.url).href, decision);
      assert.equal((await approve("deny")).status, 200);
      assert.equal(await connectionStatus(server, id), "Unlinked");
      const approved = await approve("approve");
      assert.equal(approved.status, 200);
      assert.match(await approved.text(), /connected again/);
      assert.equal(await connectionStatus(server, id), "Linked");
      assert.ok((await eventTypes(server, sandbox.companyId)).includes("connection.reconnected"));
      // Single use: the connection changed, so the same grant no longer works.
      assert.equal((await approve("approve")).status, 400);
    });

    it("answers 404 for a connection of another company and 403 for another company's path", async () => {
      const other = await seedCompany(server, "Elsewhere Ltd", [["akxx", "Unlinked"]]);
      const foreign = await bearer(`/companies/${company.companyId}/connections/${other.connections.akxx!.id}/reconnect`, { method: "POST" });
      assert.equal(foreign.status, 404);
      const otherPath = await bearer(`/companies/${other.companyId}/connections/${other.connections.akxx!.id}/reconnect`, { method: "POST" });
      assert.equal(otherPath.status, 403);
      assert.equal(await connectionStatus(server, other.connections.akxx!.id), "Unlinked");
    });
  });
});
