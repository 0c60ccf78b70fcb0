// The company link page's actions over real HTTP on both databases: a platform the company
// already has a connection to is not connected twice unless the owner asks for another account;
// Reconnect (and Continue) on the rows; the notice after linking; each state's next step; the
// way back to the client's application (its redirect URL), there and on the authorization pages.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { SANDBOX_KEY } from "../../src/catalogue/integrations.js";
import { setRedirectUrl } from "../../src/services/clients.js";
import { apiClient, type Api } from "@codat/test-kit/api";
import { forEachDialect } from "@codat/test-kit/dialects";
import { startTestServer, type TestServer } from "@codat/test-kit/server";

const FORM = { "content-type": "application/x-www-form-urlencoded", origin: "null", "sec-fetch-site": "same-origin" };
const OTHER_COMPANY = "2e9d2c44-f675-40ba-8049-353bfcb5e171";

interface WireConnection {
  id: string;
  integrationKey: string;
  status: string;
  linkUrl: string;
}

forEachDialect("company link page actions", (dialect) => {
  let server: TestServer;
  let api: Api;

  before(async () => {
    server = await startTestServer({ dialect });
    api = apiClient(server);
  });
  after(() => server.close());

  const createCompany = async (name: string) => {
    const res = await api("POST", "/companies", { body: { name } });
    assert.equal(res.status, 200, res.text);
    return res.body as { id: string; redirect: string };
  };
  const connectionsOf = async (companyId: string): Promise<WireConnection[]> =>
    (await api("GET", "/companies/{companyId}/connections", { params: { companyId }, query: { pageSize: 100, orderBy: "created" } })).body.results;
  const eventTypes = async (companyId: string) =>
    (await server.db.selectFrom("webhook_events").select("event_type").where("company_id", "=", companyId).orderBy("sequence").execute()).map((row) => row.event_type);

  /** The page as a browser gets it, and its form. */
  const open = async (url: string) => {
    const res = await fetch(url);
    const html = await res.text();
    return { res, html, formToken: /name="formToken" value="([^"]+)"/.exec(html)?.[1] ?? "", action: /<form method="post" action="([^"]+)"/.exec(html)?.[1] ?? "" };
  };
  const post = (action: string, fields: Record<string, string>) =>
    fetch(new URL(action, server.url), { method: "POST", redirect: "manual", headers: FORM, body: new URLSearchParams(fields).toString() });
  const location = (res: Response) => res.headers.get("location") ?? "";

  it("asks before a second connection to a platform the company has; only 'Connect another account' opens one", async () => {
    const company = await createCompany("Twice Co");
    const page = await open(company.redirect);
    const linked = await post(page.action, { formToken: page.formToken, platformKey: SANDBOX_KEY });
    const [sandbox] = await connectionsOf(company.id);
    assert.equal(location(linked), `/companies/${company.id}/link?connected=${sandbox!.id}`);

    // Chosen again: a page that offers the existing one, and nothing is created.
    const again = await post(page.action, { formToken: page.formToken, platformKey: SANDBOX_KEY });
    assert.equal(again.status, 200);
    const html = await again.text();
    assert.match(html, /<h1>Twice Co already has a Sandbox connection<\/h1>/);
    assert.match(html, /data-kind="info"[^>]*>.*It is already connected/s);
    assert.match(html, new RegExp(`data-connection-id="${sandbox!.id}" data-status="Linked"`));
    assert.match(html, /<button type="submit" name="another" value="mqjo" class="primary">Connect another Sandbox account<\/button>/);
    assert.match(html, new RegExp(`<a class="button" href="/companies/${company.id}/link">Back</a>`));
    assert.equal((await connectionsOf(company.id)).length, 1, "no second connection");

    // The explicit choice, with the page's own (fresh) form token.
    const confirmToken = /name="formToken" value="([^"]+)"/.exec(html)?.[1] ?? "";
    const second = await post(page.action, { formToken: confirmToken, another: SANDBOX_KEY });
    assert.equal(second.status, 303);
    const both = await connectionsOf(company.id);
    assert.equal(both.length, 2);
    assert.equal(location(second), `/companies/${company.id}/link?connected=${both[1]!.id}`);
    assert.deepEqual(await eventTypes(company.id), ["company.created", "connection.created", "connection.connected", "connection.created", "connection.connected"]);

    // An OAuth platform: a second choice while the first waits for approval resumes it (no question);
    // once it is no longer waiting, the question comes.
    const xero = await post(page.action, { formToken: page.formToken, platformKey: "gbol" });
    const xeroConnection = (await connectionsOf(company.id)).find((c) => c.integrationKey === "gbol")!;
    assert.equal(location(xero), new URL(xeroConnection.linkUrl).pathname);
    assert.equal(location(await post(page.action, { formToken: page.formToken, platformKey: "gbol" })), location(xero));
    await server.db.updateTable("connections").set({ status: "Deauthorized" }).where("id", "=", xeroConnection.id).execute();
    const asked = await post(page.action, { formToken: page.formToken, platformKey: "gbol" });
    assert.equal(asked.status, 200);
    const askedHtml = await asked.text();
    assert.match(askedHtml, /Reconnect it to restore access/);
    assert.match(askedHtml, new RegExp(`<button type="submit" class="primary" name="reconnect" value="${xeroConnection.id}"[^>]*>Reconnect</button>`));
    assert.match(askedHtml, /<button type="submit" name="another" value="gbol">Connect another Xero account<\/button>/, "not the primary choice");
    assert.equal((await connectionsOf(company.id)).length, 3);
  });

  it("reconnects a row where access was lost, continues one waiting, and refuses a row of another company", async () => {
    const company = await createCompany("Rows Co");
    const created = await api("POST", "/companies/{companyId}/connections", { params: { companyId: company.id }, body: { platformKey: SANDBOX_KEY } });
    const sandboxId = created.body.id as string;
    await server.db.updateTable("connections").set({ status: "Unlinked" }).where("id", "=", sandboxId).execute();
    const xero = (await api("POST", "/companies/{companyId}/connections", { params: { companyId: company.id }, body: { platformKey: "gbol" } })).body as WireConnection;
    const shopify = (await api("POST", "/companies/{companyId}/connections", { params: { companyId: company.id }, body: { platformKey: "akxx" } })).body as WireConnection;
    await server.db.updateTable("connections").set({ status: "Deauthorized" }).where("id", "=", shopify.id).execute();

    const page = await open(company.redirect);
    const button = (id: string) => new RegExp(`<button type="submit" class="primary" name="reconnect" value="${id}" aria-describedby="name-${id}">(\\w+)</button>`).exec(page.html)?.[1];
    assert.equal(button(sandboxId), "Reconnect", "Disconnected");
    assert.equal(button(shopify.id), "Reconnect", "Access expired");
    assert.equal(button(xero.id), "Continue", "Waiting for approval");
    assert.match(page.html, /<span class="status Deauthorized">Access expired<\/span>/);
    assert.match(page.html, /<p class="meta next">Reconnect to restore access\.<\/p>/);
    assert.match(page.html, /<span class="status Unlinked">Disconnected<\/span><\/div>\n<p class="meta">Disconnected <time datetime="[^"]+" title="[^"]+ (UTC|GMT[^"]*|[A-Z]{2,5})" data-when>just now<\/time><\/p>/);
    assert.doesNotMatch(page.html, /Connected since/);

    // The sandbox links at once and the page says so; the others go to their linkUrl.
    const sandbox = await post(page.action, { formToken: page.formToken, reconnect: sandboxId });
    assert.equal(location(sandbox), `/companies/${company.id}/link?connected=${sandboxId}`);
    assert.equal((await connectionsOf(company.id)).find((c) => c.id === sandboxId)?.status, "Linked");
    assert.deepEqual((await eventTypes(company.id)).slice(-1), ["connection.reconnected"]);
    const noticed = await open(`${server.url}${location(sandbox)}`);
    assert.match(noticed.html, /<div class="notice" data-kind="success" role="status"><span class="notice-icon" aria-hidden="true">✓<\/span><div><span class="visually-hidden">Done: <\/span><strong>Sandbox is connected<\/strong>/);
    assert.equal(location(await post(page.action, { formToken: page.formToken, reconnect: shopify.id })), new URL(shopify.linkUrl).pathname);
    assert.equal(location(await post(page.action, { formToken: page.formToken, reconnect: xero.id })), new URL(xero.linkUrl).pathname);

    // A connection that is not this company's, or no id at all: nothing happens, and the page says what to do.
    const other = await createCompany("Other Rows Co");
    const theirs = (await api("POST", "/companies/{companyId}/connections", { params: { companyId: other.id }, body: { platformKey: SANDBOX_KEY } })).body as WireConnection;
    for (const id of [theirs.id, OTHER_COMPANY, "not-an-id", ""]) {
      const refused = await post(page.action, { formToken: page.formToken, reconnect: id });
      assert.equal(refused.status, 404, id);
      const html = await refused.text();
      assert.match(html, /data-kind="error" role="alert"/);
      assert.match(html, /This connection no longer exists/);
      assert.match(html, /Back to the platforms/);
    }
    assert.equal((await api("GET", "/companies/{companyId}/connections/{connectionId}", { params: { companyId: other.id, connectionId: theirs.id } })).body.status, "PendingAuth");
    // A forged notice names nothing that is not so.
    assert.doesNotMatch((await open(`${company.redirect}?connected=${theirs.id}`)).html, /is connected/);
    assert.doesNotMatch((await open(`${company.redirect}?connected=${xero.id}`)).html, /is connected/, "not linked");
  });

  it("tells each state what to do next", async () => {
    const empty = await open((await createCompany("Empty Co")).redirect);
    assert.match(empty.html, /data-kind="info" role="status">.*<strong>No connections yet<\/strong><p>Choose a platform below to connect it\./s);
    assert.match(empty.html, /Done connecting\? Close this page and return to the application\./, "no redirect URL: close the page");
    // A stale form: an error notice, and the way back to a fresh page.
    const stale = await post(empty.action, { formToken: "x.y.z", platformKey: SANDBOX_KEY });
    assert.equal(stale.status, 403);
    const staleHtml = await stale.text();
    assert.match(staleHtml, /<div class="notice" data-kind="error" role="alert"><span class="notice-icon" aria-hidden="true">!<\/span><div><span class="visually-hidden">Problem: <\/span><h1>This page has expired<\/h1><p>Nothing was connected\. Open the page again and choose the platform there\.<\/p>/);
    assert.match(staleHtml, new RegExp(`<a class="button primary" href="${empty.action}">Back to the platforms</a>`));
  });

  it("offers the way back to the client's application: its redirect URL, with the company filled in and escaped", async () => {
    const client = await server.createClient(`Acme <Lending> & "Co"`);
    const clientApi = apiClient({ url: server.url, authHeader: client.authHeader });
    const company = (await clientApi("POST", "/companies", { body: { name: "Return Co" } })).body as { id: string; redirect: string };
    await setRedirectUrl(server.app.context, client.clientId, `https://app.example.com/companies/{companyId}?tab=connections&from="link"`);
    const back = `https://app.example.com/companies/${company.id}?tab=connections&amp;from=&quot;link&quot;`;
    const page = await open(company.redirect);
    assert.match(page.html, new RegExp(`<footer><p class="muted">Done connecting\\?</p><a class="button" href="${back.replace(/[?.]/g, "\\$&")}">Return to Acme &lt;Lending&gt; &amp; &quot;Co&quot;</a></footer>`));
    assert.match(page.html, /share its data with <strong>Acme &lt;Lending&gt; &amp; &quot;Co&quot;<\/strong>/);

    // The sandbox's consent page names the application and the company; its outcome offers the way back.
    const connection = (await clientApi("POST", "/companies/{companyId}/connections", { params: { companyId: company.id }, body: { platformKey: SANDBOX_KEY } })).body as WireConnection;
    const consent = await (await fetch(connection.linkUrl)).text();
    assert.match(consent, /<p><strong>Acme &lt;Lending&gt; &amp; &quot;Co&quot;<\/strong> will be able to read the accounting data of <strong>Return Co<\/strong> in Sandbox\.<\/p>/);
    const action = new URL((/<form method="post" action="([^"]+)"/.exec(consent)?.[1] ?? "").replace(/&amp;/g, "&"), server.url);
    const outcome = await fetch(action, { method: "POST", headers: FORM, body: "decision=approve" });
    const outcomeHtml = await outcome.text();
    assert.equal(outcome.status, 200);
    assert.match(outcomeHtml, /<h1>Sandbox is connected<\/h1>/);
    assert.match(outcomeHtml, new RegExp(`<div class="buttons" data-return><a class="button primary" href="${back.replace(/[?.]/g, "\\$&")}">Return to Acme &lt;Lending&gt;`));
    assert.match(outcomeHtml, /<p data-popup hidden>You can close this window and return to the application\.<\/p>/);

    // A redirect URL must be one a browser may be sent to.
    for (const bad of ["javascript:alert(1)", "https://user:pass@app.example.com/", "/relative", "https://app.example.com/{company}", ""]) {
      await assert.rejects(setRedirectUrl(server.app.context, client.clientId, bad), /The redirect URL/, bad);
    }
    await setRedirectUrl(server.app.context, client.clientId, null);
    assert.doesNotMatch((await open(company.redirect)).html, /Return to/);
  });
});
