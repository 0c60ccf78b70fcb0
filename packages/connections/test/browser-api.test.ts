// The API the component calls, over plain HTTP: which routes take a company token, CORS,
// the served module, the reconnect endpoint and the signed authorisation page.
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

    it("answers other platforms with a signed authorisation link that approves once", async () => {
      const response = await reconnect("akxx");
      const body = (await response.json()) as { status: string; linkUrl: string };
      assert.equal(body.status, "Deauthorized");
      const link = new URL(body.linkUrl);
      assert.equal(link.origin, server.url);
      assert.equal(link.pathname, `${connectionPath("akxx")}/start`);
      const grant = link.searchParams.get("grant") ?? "";

      // The grant is not an access token, nor an access token a grant.
      assert.equal((await bearer(`/companies/${company.companyId}/connections`, {}, grant)).status, 401);
      const withToken = await fetch(`${server.url}${link.pathname}?grant=${token}`);
      assert.equal(withToken.status, 400);
      assert.match(await withToken.text(), /expired/);
      // Nor can it be moved to another connection, or altered.
      const moved = await fetch(`${server.url}${connectionPath("ugxp")}/start?grant=${grant}`);
      assert.equal(moved.status, 400);
      const [h, p, sig = ""] = grant.split(".");
      const altered = `${h}.${p}.${sig[0] === "A" ? "B" : "A"}${sig.slice(1)}`;
      assert.equal((await fetch(`${server.url}${link.pathname}?grant=${altered}`)).status, 400);
      // The plain linkUrl of a list answer is no authorisation.
      assert.equal((await fetch(`${server.url}${link.pathname}`)).status, 400);

      const page = await fetch(body.linkUrl);
      assert.equal(page.status, 200);
      assert.match(page.headers.get("content-security-policy") ?? "", /frame-ancestors 'none'/);
      const html = await page.text();
      assert.match(html, /Reconnect Shopify/);
      assert.match(html, /Bearer Ltd/);

      const approve = (decision: string) =>
        fetch(body.linkUrl, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `decision=${decision}` });
      assert.equal((await approve("deny")).status, 200);
      assert.equal(await connectionStatus(server, company.connections.akxx!.id), "Deauthorized");
      const approved = await approve("approve");
      assert.equal(approved.status, 200);
      assert.match(await approved.text(), /connected again/);
      assert.equal(await connectionStatus(server, company.connections.akxx!.id), "Linked");
      const events = await eventTypes(server, company.companyId);
      assert.equal(events.filter((e) => e === "connection.reconnected").length, 2);
      // Single use: the connection changed, so the same link no longer works.
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
