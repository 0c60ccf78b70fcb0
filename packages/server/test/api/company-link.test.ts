// The company link page behind every company's `redirect`, over real HTTP on both databases:
// what it shows, the not-valid page, the whole flow from the page through the authorization
// page to a Linked connection with its events, the form token and origin checks, the bound on
// what the public page may open, HTML escaping and tenant isolation.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { CATALOGUE, logoPath } from "../../src/catalogue/integrations.js";
import { createCompany as createCompanyRow } from "../../src/storage/repositories/companies.js";
import { MAX_COMPANY_CONNECTIONS } from "../../src/services/connections.js";
import { FORM_LIFETIME_SECONDS } from "../../src/tokens/company-link-form-tokens.js";
import { apiClient, type Api } from "@codat/test-kit/api";
import { forEachDialect } from "@codat/test-kit/dialects";
import { mutableClock, startTestServer, type TestServer } from "@codat/test-kit/server";

const MISSING = "2e9d2c44-f675-40ba-8049-353bfcb5e171";
const FORM = { "content-type": "application/x-www-form-urlencoded" };

forEachDialect("company link page", (dialect) => {
  let server: TestServer;
  let api: Api;
  const clock = mutableClock();

  before(async () => {
    server = await startTestServer({ dialect, clock });
    api = apiClient(server);
  });
  after(() => server.close());

  const createCompany = async (name: string, client: Api = api) => {
    const res = await client("POST", "/companies", { body: { name } });
    assert.equal(res.status, 200, res.text);
    return res.body as { id: string; redirect: string };
  };
  const connectionsOf = async (companyId: string, client: Api = api) => {
    const res = await client("GET", "/companies/{companyId}/connections", { params: { companyId }, query: { pageSize: 100 } });
    assert.equal(res.status, 200, res.text);
    return res.body.results as Array<{ id: string; integrationKey: string; status: string; linkUrl: string }>;
  };
  const eventsOf = async (companyId: string) => {
    const rows = await server.db
      .selectFrom("webhook_events")
      .select(["event_type", "client_id", "payload"])
      .where("company_id", "=", companyId)
      .orderBy("sequence")
      .execute();
    return rows.map((r) => ({ type: r.event_type, clientId: r.client_id, payload: JSON.parse(r.payload).payload }));
  };

  /** Opens the page as a browser would and reads its form. */
  const openPage = async (redirect: string) => {
    const res = await fetch(redirect);
    const html = await res.text();
    const formToken = /name="formToken" value="([^"]+)"/.exec(html)?.[1];
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    return { res, html, formToken: formToken ?? "", action: action ?? "" };
  };
  /** Posts the page's form as our own page does (Origin null under no-referrer, same-origin). */
  const choose = (action: string, fields: Record<string, string>, headers: Record<string, string> = { origin: "null", "sec-fetch-site": "same-origin" }) =>
    fetch(new URL(action, server.url), { method: "POST", redirect: "manual", headers: { ...FORM, ...headers }, body: new URLSearchParams(fields).toString() });

  it("gives every company a redirect to a page naming it, its connections and the catalogue by source type", async () => {
    const company = await createCompany("Page Co");
    assert.equal(company.redirect, `${server.url}/companies/${company.id}/link`);
    await api("POST", "/companies/{companyId}/connections", { params: { companyId: company.id }, body: { platformKey: "gbol" } });
    const { res, html, formToken, action } = await openPage(company.redirect);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
    assert.match(res.headers.get("content-security-policy") ?? "", /default-src 'none'.*form-action 'self'.*frame-ancestors 'none'/);
    assert.equal(res.headers.get("cache-control"), "no-store");
    assert.equal(res.headers.get("referrer-policy"), "no-referrer");
    assert.match(html, /Connect Page Co's data/);
    assert.match(html, /Xero<\/span>\s*<span class="status PendingAuth">Waiting for approval/);
    const headings = [...html.matchAll(/<h2>([^<]+)<\/h2>/g)].map((m) => m[1]);
    assert.deepEqual(headings, ["Connections", "Accounting", "Banking", "Commerce"]);
    for (const entry of CATALOGUE) {
      assert.ok(html.includes(`name="platformKey" value="${entry.key}"`), entry.key);
      assert.ok(html.includes(`<img src="${logoPath(entry.key)}"`), entry.key);
      assert.ok(html.includes(`<span>${entry.name}</span>`), entry.name);
    }
    // The logos the page shows are served (img-src 'self').
    const logo = await fetch(`${server.url}${logoPath("gbol")}`);
    assert.equal(logo.status, 200);
    assert.match(logo.headers.get("content-type") ?? "", /svg/);
    assert.equal(action, `/companies/${company.id}/link`);
    assert.ok(formToken.split(".").length === 3, "a signed form token");
    // A page, not an API operation.
    const openapi = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    assert.equal(openapi.paths["/companies/{companyId}/link"], undefined);
  });

  it("answers one and the same not-valid page, 404, for an unknown, malformed or deleted company", async () => {
    const deleted = await createCompany("Soon Gone");
    const { formToken } = await openPage(deleted.redirect);
    assert.equal((await api("DELETE", "/companies/{companyId}", { params: { companyId: deleted.id } })).status, 204);
    const withoutNonce = (html: string) => html.replace(/nonce="[^"]+"/g, "");
    const bodies = new Set<string>();
    for (const id of [MISSING, "not-a-uuid", MISSING.toUpperCase(), deleted.id, "%3Cscript%3E"]) {
      const res = await fetch(`${server.url}/companies/${id}/link`);
      assert.equal(res.status, 404, id);
      assert.equal(res.headers.get("cache-control"), "no-store");
      bodies.add(withoutNonce(await res.text()));
      const posted = await choose(`/companies/${id}/link`, { formToken, platformKey: "gbol" });
      assert.equal(posted.status, 404, id);
      bodies.add(withoutNonce(await posted.text()));
    }
    assert.equal(bodies.size, 1);
    assert.match([...bodies][0] ?? "", /This link is not valid/);
  });

  it("takes a choice to the connection's linkUrl, which sends the owner to the platform, with the API path's events", async () => {
    const company = await createCompany("Flow Co");
    const { formToken, action } = await openPage(company.redirect);
    const chosen = await choose(action, { formToken, platformKey: "gbol" });
    assert.equal(chosen.status, 303);
    const location = new URL(chosen.headers.get("location") ?? "", server.url);
    const [created] = await connectionsOf(company.id);
    assert.ok(created, "a connection was opened");
    assert.equal(created.status, "PendingAuth");
    assert.equal(created.integrationKey, "gbol");
    assert.equal(location.href, created.linkUrl, "the choice leads to the connection's own linkUrl");

    // The linkUrl starts the authorization at Xero: its consent page, with PKCE and a single-use state.
    const start = await fetch(location, { redirect: "manual" });
    assert.equal(start.status, 303);
    const platform = new URL(start.headers.get("location") ?? "");
    assert.equal(`${platform.origin}${platform.pathname}`, "https://login.xero.com/identity/connect/authorize");
    assert.equal(platform.searchParams.get("client_id"), "test-gbol");
    assert.equal(platform.searchParams.get("response_type"), "code");
    assert.equal(platform.searchParams.get("code_challenge_method"), "S256");
    assert.match(platform.searchParams.get("scope") ?? "", /^offline_access /);
    assert.equal(platform.searchParams.get("redirect_uri"), `${server.url}/oauth/callback`);

    const events = (await eventsOf(company.id)).filter((e) => e.type.startsWith("connection."));
    assert.deepEqual(events.map((e) => e.type), ["connection.created"]);
    for (const event of events) {
      assert.equal(event.clientId, server.clientId);
      assert.equal(event.payload.referenceCompany.id, company.id);
      assert.equal(event.payload.connection.id, created.id);
    }
    // The same event body as a connection opened through the API.
    const viaApi = await api("POST", "/companies/{companyId}/connections", { params: { companyId: company.id }, body: { platformKey: "akxx" } });
    const apiEvent = (await eventsOf(company.id)).find((e) => e.payload.connection?.id === viaApi.body.id);
    assert.deepEqual(Object.keys(apiEvent?.payload ?? {}), Object.keys(events[0]?.payload ?? {}));
    assert.deepEqual(Object.keys(apiEvent?.payload.connection ?? {}).sort(), Object.keys(events[0]?.payload.connection ?? {}).sort());
    // The page shows it waiting.
    assert.match((await openPage(company.redirect)).html, /Xero<\/span>\s*<span class="status PendingAuth">/);
  });

  it("resumes a connection still waiting for approval, and links the sandbox at once", async () => {
    const company = await createCompany("Resume Co");
    const { formToken, action } = await openPage(company.redirect);
    const first = await choose(action, { formToken, platformKey: "gbol" });
    const again = await choose(action, { formToken, platformKey: "gbol" });
    assert.equal(first.status, 303);
    assert.equal(again.status, 303);
    const path = (res: Response) => new URL(res.headers.get("location") ?? "", server.url).pathname;
    assert.equal(path(again), path(first));
    assert.equal((await connectionsOf(company.id)).length, 1);

    const sandbox = await choose(action, { formToken, platformKey: "mqjo" });
    assert.equal(sandbox.status, 303);
    const linked = (await connectionsOf(company.id)).find((c) => c.integrationKey === "mqjo");
    assert.equal(sandbox.headers.get("location"), `/companies/${company.id}/link?connected=${linked?.id}`, "back to the page, which says so");
    assert.equal(linked?.status, "Linked");
    const types = (await eventsOf(company.id)).filter((e) => e.payload.connection?.id === linked?.id).map((e) => e.type);
    assert.deepEqual(types, ["connection.created", "connection.connected"]);
  });

  it("refuses forged, altered, expired, foreign and cross-site posts, and unknown platforms, creating nothing", async () => {
    const company = await createCompany("Guarded Co");
    const other = await createCompany("Other Co");
    const { formToken, action } = await openPage(company.redirect);
    const { formToken: otherToken } = await openPage(other.redirect);
    const [h, p, sig = ""] = formToken.split(".");
    const token = (await api("GET", "/companies/{companyId}/connectionManagement/accessToken", { params: { companyId: company.id } })).body
      .accessToken as string;
    // A connection-link grant (the sandbox's consent form carries one) is no form token either.
    const viaApi = await api("POST", "/companies/{companyId}/connections", { params: { companyId: other.id }, body: { platformKey: "mqjo" } });
    const consent = await (await fetch(viaApi.body.linkUrl)).text();
    const grant = new URL(/action="([^"]+)"/.exec(consent)?.[1]?.replace(/&amp;/g, "&") ?? "/", server.url).searchParams.get("grant") ?? "";
    assert.ok(grant, "the sandbox's consent form carries a grant");
    const eventsBefore = (await eventsOf(company.id)).length;

    const refusals: Array<[string, Record<string, string>, Record<string, string>?]> = [
      ["no token", { platformKey: "gbol" }],
      ["garbage", { formToken: "x.y.z", platformKey: "gbol" }],
      ["altered", { formToken: `${h}.${p}.${sig[0] === "A" ? "B" : "A"}${sig.slice(1)}`, platformKey: "gbol" }],
      ["other company's", { formToken: otherToken, platformKey: "gbol" }],
      ["access token", { formToken: token, platformKey: "gbol" }],
      ["link grant", { formToken: grant, platformKey: "gbol" }],
      ["another origin", { formToken, platformKey: "gbol" }, { origin: "https://evil.example" }],
      ["cross-site", { formToken, platformKey: "gbol" }, { "sec-fetch-site": "cross-site" }],
      ["same-site", { formToken, platformKey: "gbol" }, { "sec-fetch-site": "same-site" }],
    ];
    for (const [what, fields, headers] of refusals) {
      const res = await choose(action, fields, headers);
      assert.equal(res.status, 403, what);
      assert.match(await res.text(), /This page has expired/, what);
    }
    for (const platformKey of ["zzzz", "", "gbol ".repeat(3)]) {
      const res = await choose(action, { formToken, platformKey });
      assert.equal(res.status, 400, platformKey);
      assert.match(await res.text(), /Choose one of the listed platforms/);
    }
    clock.advance((FORM_LIFETIME_SECONDS + 1) * 1000);
    try {
      assert.equal((await choose(action, { formToken, platformKey: "gbol" })).status, 403, "expired");
    } finally {
      clock.advance(-(FORM_LIFETIME_SECONDS + 1) * 1000);
    }
    assert.deepEqual(await connectionsOf(company.id), []);
    assert.equal((await eventsOf(company.id)).length, eventsBefore);
    // The same token, in time, from our own page (or with no browser headers at all) works.
    assert.equal((await choose(action, { formToken, platformKey: "gbol" }, {})).status, 303);
  });

  it("opens one connection of a platform however many choices of it arrive at once", async () => {
    const company = await createCompany("Racing Co");
    const { formToken, action } = await openPage(company.redirect);
    // PostgreSQL runs these on several pooled connections at once.
    const answers = await Promise.all(Array.from({ length: 10 }, () => choose(action, { formToken, platformKey: "wkdy" })));
    assert.deepEqual(answers.map((res) => res.status), Array(10).fill(303));
    assert.equal((await connectionsOf(company.id)).length, 1);
    assert.equal((await eventsOf(company.id)).filter((e) => e.type === "connection.created").length, 1);
  });

  it(`opens no more than ${MAX_COMPANY_CONNECTIONS} connections of a company, with a page saying so`, async () => {
    const company = await createCompany("Full Co");
    for (let i = 0; i < MAX_COMPANY_CONNECTIONS; i++) {
      const res = await api("POST", "/companies/{companyId}/connections", { params: { companyId: company.id }, body: { platformKey: "gbol" } });
      assert.equal(res.status, 200);
    }
    const { formToken, action } = await openPage(company.redirect);
    const refused = await choose(action, { formToken, platformKey: "hrxh" });
    assert.equal(refused.status, 409);
    assert.match(await refused.text(), new RegExp(`already has ${MAX_COMPANY_CONNECTIONS} connections`));
    assert.equal((await connectionsOf(company.id)).length, MAX_COMPANY_CONNECTIONS);
    // A platform with a connection waiting for approval still resumes it.
    assert.equal((await choose(action, { formToken, platformKey: "gbol" })).status, 303);
    assert.equal((await connectionsOf(company.id)).length, MAX_COMPANY_CONNECTIONS);
  });

  it("escapes the company's name", async () => {
    // The API refuses markup in names; a row written some other way (an older version, an
    // operator) must still render inert.
    const row = await createCompanyRow(server.db, server.clientId, { name: `<script>alert("x")</script> & 'Co'`, now: clock() });
    const { res, html } = await openPage(`${server.url}/companies/${row.id}/link`);
    assert.equal(res.status, 200);
    assert.ok(!html.includes("<script>alert"), "no injected script");
    assert.ok(html.includes("Connect &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Co&#39;'s data"), "the name, escaped");
    assert.ok(html.includes("<title>Connect &lt;script&gt;"), "the title, escaped");
    const viaApi = await createCompany("O'Brien & Sons");
    assert.match((await openPage(viaApi.redirect)).html, /Connect O&#39;Brien &amp; Sons's data/);
  });

  it("keeps tenants apart: another client's company page shows and opens only that client's", async () => {
    const mine = await createCompany("Mine Ltd");
    await api("POST", "/companies/{companyId}/connections", { params: { companyId: mine.id }, body: { platformKey: "qhyg" } });
    const otherClient = await server.createClient("Other client");
    const otherApi = apiClient({ url: server.url, authHeader: otherClient.authHeader });
    const theirs = await createCompany("Theirs Ltd", otherApi);

    const { html, formToken, action } = await openPage(theirs.redirect);
    assert.match(html, /Theirs Ltd/);
    assert.ok(!html.includes("Mine Ltd"), "not the first client's company");
    assert.ok(!html.includes("<h2>Connections</h2>"), "none of the first client's connections");
    // My page's form token does not work on theirs, nor theirs on mine.
    const { formToken: myToken, action: myAction } = await openPage(mine.redirect);
    assert.equal((await choose(action, { formToken: myToken, platformKey: "qudb" })).status, 403);
    assert.equal((await choose(myAction, { formToken, platformKey: "qudb" })).status, 403);

    assert.equal((await choose(action, { formToken, platformKey: "qudb" })).status, 303);
    const [opened] = await connectionsOf(theirs.id, otherApi);
    assert.equal(opened?.integrationKey, "qudb");
    assert.equal((await api("GET", "/companies/{companyId}/connections", { params: { companyId: theirs.id } })).status, 404);
    assert.ok(!(await connectionsOf(mine.id)).some((c) => c.integrationKey === "qudb"), "nothing opened for the first client");
    const [event] = (await eventsOf(theirs.id)).filter((e) => e.type === "connection.created");
    assert.equal(event?.clientId, otherClient.clientId);
  });
});
