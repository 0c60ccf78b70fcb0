// The quick start's demo platform: `npm start` (DEMO_PAGE=true, PLATFORM_ALLOW_PRIVATE_URLS=true)
// runs a real OAuth 2.0 authorization server under /demo-platform, and the demo company has a
// connection to it whose authorization expired. Opening that connection's linkUrl walks the real
// flow with plain fetch: the platform's sign-in (any name, any password) and consent, the
// callback, the code exchange. The connection ends Linked with the account as its identity, and
// the platform's API answers for the token the server keeps. A restart on another PUBLIC_URL
// moves the platform's endpoints and keeps its client secret.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { openDatabase } from "../../src/storage/dialect.js";
import { SecretBox } from "../../src/tokens/secret-box.js";
import { basicAuth } from "@codat/test-kit/auth";
import { startServerProcess, TEST_SERVER_ENV, type ServerProcess } from "@codat/test-kit/server-process";

interface WireConnection {
  id: string;
  integrationKey: string;
  status: string;
  linkUrl: string;
  connectionInfo?: Record<string, string> | null;
}

const ACCOUNT = "Ada Lovelace";

/** Text of a page, without markup. */
const textOf = (html: string) => html.replace(/<style[\s\S]*?<\/style>|<script[\s\S]*?<\/script>/g, "").replace(/<[^>]+>/g, " ").replace(/&#39;/g, "'").replace(/\s+/g, " ").trim();
const unescapeHtml = (value: string) => value.replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#39;/g, "'");

/** A browser's cookies, by name (every cookie goes to every path: enough for one origin and one flow). */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
  keep(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = header.split(";");
      const separator = pair.indexOf("=");
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      if (!value || attributes.some((attribute) => /^\s*(expires=.*1970|max-age=0)/i.test(attribute))) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/**
 * Follows `linkUrl` as a person would: redirects, the platform's sign-in page (as `account`,
 * any password), its consent page, back to the server's callback. Returns the pages seen and
 * the final page's text.
 */
async function authorizeAs(linkUrl: string, account: string): Promise<{ pages: string[]; finalText: string; finalStatus: number }> {
  const jar = new CookieJar();
  const pages: string[] = [];
  let request: { url: URL; form?: URLSearchParams } = { url: new URL(linkUrl) };
  for (let step = 0; step < 20; step += 1) {
    const response = await fetch(request.url, {
      method: request.form ? "POST" : "GET",
      body: request.form,
      redirect: "manual",
      headers: { cookie: jar.header() },
    });
    jar.keep(response);
    const location = response.headers.get("location");
    if (location) {
      request = { url: new URL(location, request.url) };
      continue;
    }
    const html = await response.text();
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!prompt || !action) return { pages, finalText: textOf(html), finalStatus: response.status };
    pages.push(`${prompt} ${new URL(unescapeHtml(action), request.url).pathname}`);
    const form = prompt === "login" ? new URLSearchParams({ prompt, login: account, password: "any password" }) : new URLSearchParams({ prompt });
    request = { url: new URL(unescapeHtml(action), request.url), form };
  }
  throw new Error(`no final page after 20 steps from ${linkUrl}`);
}

describe("the demo platform (npm start)", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "platform-demo-"));
  const databaseUrl = `sqlite:${path.join(dir, "platform.sqlite")}`;
  const apiKey = randomBytes(32).toString("base64url");
  const headers = { authorization: basicAuth(apiKey) };
  const box = SecretBox.fromSecret(TEST_SERVER_ENV.SIGNING_KEY_SECRET!);
  const { db } = openDatabase(databaseUrl);
  let server: ServerProcess | undefined;
  after(async () => {
    await server?.stop();
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = () =>
    startServerProcess({
      dataDir: dir,
      databaseUrl,
      apiKey,
      // As `npm start` sets them.
      env: { DEMO_PAGE: "true", WEBHOOK_ALLOW_PRIVATE_URLS: "true", PLATFORM_ALLOW_PRIVATE_URLS: "true" },
      waitFor: "banner",
      timeoutMs: 90_000,
    });
  const get = async <T>(url: string): Promise<T> => {
    const response = await fetch(url, { headers });
    assert.equal(response.status, 200, url);
    return (await response.json()) as T;
  };
  const demoConnections = async (url: string, companyId: string) => {
    const page = await get<{ results: WireConnection[] }>(`${url}/companies/${companyId}/connections?pageSize=100`);
    return { all: page.results, demo: page.results.filter((connection) => connection.integrationKey === "demo") };
  };
  const appSecret = async () => {
    const app = await db.selectFrom("platform_apps").selectAll().where("platform_key", "=", "demo").executeTakeFirstOrThrow();
    return { clientId: app.oauth_client_id, secret: box.openText(app.client_secret_sealed, `platform-app:${app.client_id}:demo`) };
  };

  it("links the demo company's connection through the real flow, offline", async () => {
    server = await start();
    const banner = server.stdout();
    assert.match(banner, new RegExp(`demo platform\\s+${server.url.replaceAll(".", "\\.")}/demo-platform \\(its sign-in takes any name and password\\)`));
    // oidc-provider's expected start-up warnings (Node 20, development pages) are not printed; nothing else is either.
    assert.equal(server.stderr(), "");
    assert.doesNotMatch(server.output(), /oidc-provider WARNING/);
    const companyId = /demo company\s+(\S+)/.exec(banner)?.[1];
    assert.ok(companyId, "the banner names the demo company");

    const { all, demo } = await demoConnections(server.url, companyId);
    assert.equal(all.length, 5, "four built-in demo connections and the demo platform's");
    assert.ok(all.some((connection) => connection.integrationKey === "tgff" && connection.status === "Unlinked"));
    assert.equal(demo.length, 1);
    const connection = demo[0]!;
    assert.equal(connection.status, "Deauthorized", "its authorization expired: Reconnect walks the flow");

    const walked = await authorizeAs(connection.linkUrl, ACCOUNT);
    assert.deepEqual(
      walked.pages.map((page) => page.replace(/\/interaction\/[^/]+$/, "/interaction/:uid")),
      ["login /demo-platform/interaction/:uid", "consent /demo-platform/interaction/:uid"],
      "the platform's own sign-in, then its consent, under the mount",
    );
    assert.equal(walked.finalStatus, 200, walked.finalText);
    assert.match(walked.finalText, /Demo Platform \(OAuth\) is connected again/);

    const linked = await get<WireConnection>(`${server.url}/companies/${companyId}/connections/${connection.id}`);
    assert.equal(linked.status, "Linked");
    assert.deepEqual(linked.connectionInfo, { demo_account: ACCOUNT });

    // The token the server keeps opens the platform's API (as a proxy will call it).
    const row = await db.selectFrom("connection_credentials").selectAll().where("connection_id", "=", connection.id).executeTakeFirstOrThrow();
    assert.ok(row.refresh_token_sealed, "a refresh token was issued");
    const accessToken = box.openText(row.access_token_sealed, `connection-credentials:${connection.id}:access`);
    const definition = await get<{ apiBaseUrl: string }>(`${server.url}/integrations/demo/definition`);
    assert.equal(definition.apiBaseUrl, `${server.url}/demo-platform/api`);
    const company = await fetch(`${definition.apiBaseUrl}/company`, { headers: { authorization: `Bearer ${accessToken}` } });
    assert.equal(company.status, 200);
    assert.deepEqual(await company.json(), { companyName: `${ACCOUNT}'s demo books`, account: ACCOUNT, baseCurrency: "GBP", scope: "books.read" });
    const refused = await fetch(`${definition.apiBaseUrl}/company`, { headers: { authorization: "Bearer not-a-token" } });
    assert.equal(refused.status, 401);
    assert.match(refused.headers.get("www-authenticate") ?? "", /invalid_token/);

    // The app's credentials are the platform's: introspection knows the token for them, not for others.
    const { clientId, secret } = await appSecret();
    const introspect = (password: string) =>
      fetch(`${server!.url}/demo-platform/token/introspection`, {
        method: "POST",
        headers: { authorization: `Basic ${Buffer.from(`${clientId}:${password}`).toString("base64")}` },
        body: new URLSearchParams({ token: accessToken }),
      });
    const active = await introspect(secret);
    assert.equal(active.status, 200);
    assert.equal(((await active.json()) as { active: boolean; sub?: string }).sub, ACCOUNT);
    assert.equal((await introspect("wrong")).status, 401);

    assert.equal(await server.stop(), 0);
    assert.equal(server.stderr(), "", "no stack traces, no warnings");
  });

  it("follows PUBLIC_URL at the next start, with the same client secret and no second connection", async () => {
    const before = await appSecret();
    server = await start();
    const companyId = /demo company\s+(\S+)/.exec(server.stdout())?.[1];
    assert.ok(companyId);
    assert.doesNotMatch(server.stdout(), /seeded/);
    const definition = await get<{ authorizeUrl: string; tokenUrl: string; issuer: string }>(`${server.url}/integrations/demo/definition`);
    assert.equal(definition.issuer, `${server.url}/demo-platform`);
    assert.equal(definition.authorizeUrl, `${server.url}/demo-platform/auth`);
    assert.equal(definition.tokenUrl, `${server.url}/demo-platform/token`);
    assert.deepEqual(await appSecret(), before, "derived from the master secret: the same after a restart");
    const { demo } = await demoConnections(server.url, companyId);
    assert.equal(demo.length, 1);
    assert.equal(demo[0]!.status, "Linked");
    // The discovery document names the endpoints under the mount, on the new address.
    const discovery = await get<Record<string, string>>(`${server.url}/demo-platform/.well-known/openid-configuration`);
    assert.equal(discovery.issuer, `${server.url}/demo-platform`);
    assert.equal(discovery.token_endpoint, `${server.url}/demo-platform/token`);
    assert.equal(await server.stop(), 0);
    server = undefined;
  });
});
