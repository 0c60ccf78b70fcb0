// The server's pages in real headless Chromium: the company link page (relative dates with the
// full date, time and the READER's time zone on hover, Reconnect on a row, the question before a
// second connection to a platform, distinct notices, the way back to the application), and the
// consent pages that name who gets access to whose data (the sandbox's, and the demo platform's
// own), with names that try to inject markup.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { CATALOGUE, platformFieldsOf, SANDBOX_KEY } from "../../src/catalogue/integrations.js";
import { seed } from "../../src/seed.js";
import { setRedirectUrl } from "../../src/services/clients.js";
import { setUpDemoPlatform } from "../../src/services/demo-platform.js";
import { createCompany } from "../../src/storage/repositories/companies.js";
import { createConnection } from "../../src/storage/repositories/connections.js";
import { basicAuth } from "@codat/test-kit/auth";
import { chromiumSkipReason, launchChromium } from "@codat/test-kit/browser";
import { startTestServer, type TestServer } from "@codat/test-kit/server";

const skip = chromiumSkipReason();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Markup in names: none of it may run or render. */
const CLIENT_NAME = `Acme <img src=x onerror="window.__pwned='client'"> "Lending"`;
const COMPANY_NAME = `Bob's <script>window.__pwned='company'</script> Burgers`;
const ACCOUNT = `Ada <img src=x onerror="window.__pwned='account'">`;

interface WireConnection {
  id: string;
  integrationKey: string;
  status: string;
  linkUrl: string;
}

/** A page that records every CSP violation and script error it meets (not failed loads: some pages answer 4xx on purpose). */
async function watchedPage(context: BrowserContext): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /^CSP: |Content Security Policy/.test(message.text())) problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  await page.addInitScript(() => document.addEventListener("securitypolicyviolation", (event) => console.error(`CSP: ${event.violatedDirective}`)));
  return { page, problems };
}

describe("the server's pages in Chromium", { skip }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  describe("the company link page", () => {
    let server: TestServer;
    let context: BrowserContext;
    before(async () => {
      server = await startTestServer();
      // The reader is in New York, the server in UTC: the page shows the reader's time zone.
      context = await browser.newContext({ timezoneId: "America/New_York", locale: "en-US" });
    });
    after(async () => {
      await context?.close();
      await server?.close();
    });

    it("shows relative dates with the full date, time and the reader's time zone, and reconnects a row", async () => {
      const now = Date.now();
      const company = await createCompany(server.db, server.clientId, { name: "Dates Co", now: new Date(now - 400 * DAY) });
      const entry = (key: string) => CATALOGUE.find((candidate) => candidate.key === key)!;
      const make = (key: string, status: "Linked" | "Unlinked" | "Deauthorized", agoMs: number, syncedAgoMs?: number) =>
        createConnection(server.db, server.clientId, company.id, {
          ...platformFieldsOf(entry(key)),
          status,
          lastSync: syncedAgoMs === undefined ? null : new Date(now - syncedAgoMs).toISOString(),
          now: new Date(now - agoMs),
        });
      const linked = await make("gbol", "Linked", 3 * HOUR + 5 * 60_000, 20 * 60_000);
      const unlinked = await make(SANDBOX_KEY, "Unlinked", 30 * DAY);
      const expired = await make("akxx", "Deauthorized", 1.5 * DAY);

      const { page, problems } = await watchedPage(context);
      await page.goto(`${server.url}/companies/${company.id}/link`);
      const row = (id: string) => page.locator(`li.connection[data-connection-id="${id}"]`);
      assert.equal(await row(linked.id).locator(".status").textContent(), "Connected");
      assert.equal(await row(unlinked.id).locator(".status").textContent(), "Disconnected");
      assert.equal(await row(expired.id).locator(".status").textContent(), "Access expired");

      const connected = row(linked.id).locator("p.meta").first();
      assert.equal(await connected.textContent(), "Connected 3 hours ago");
      assert.equal(await row(linked.id).locator("p.meta").nth(1).textContent(), "Last synced 20 minutes ago");
      assert.match((await row(expired.id).locator("p.meta").first().textContent()) ?? "", /^Access expired (yesterday|2 days ago)$/);
      assert.equal(await row(expired.id).locator("p.meta.next").textContent(), "Reconnect to restore access.");
      const disconnected = row(unlinked.id).locator("p.meta").first();
      const expectedDay = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "America/New_York" }).format(new Date(now - 30 * DAY));
      assert.equal(await disconnected.textContent(), `Disconnected on ${expectedDay}`, "never 'Connected since' on a disconnected row");
      // Hover: the full date and time in the reader's zone (EST or EDT), rendered by the browser.
      const title = (await connected.locator("time").getAttribute("title")) ?? "";
      const expectedTitle = new Intl.DateTimeFormat("en-US", { weekday: "long", year: "numeric", month: "long", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short", timeZone: "America/New_York" }).format(new Date(now - 3 * HOUR - 5 * 60_000));
      assert.equal(title, expectedTitle);
      assert.match(title, / E[SD]T$/);
      assert.equal(await connected.locator("time").getAttribute("datetime"), linked.modified);
      assert.equal(await row(linked.id).locator("button").count(), 0, "nothing to do on a connected row");

      // Reconnect on the disconnected sandbox row: it links at once, and a success notice says so.
      await row(unlinked.id).getByRole("button", { name: "Reconnect" }).click();
      await page.waitForURL(/\?connected=/);
      const notice = page.locator(".notice");
      assert.equal(await notice.getAttribute("data-kind"), "success");
      assert.equal(await notice.getAttribute("role"), "status");
      assert.equal(await notice.locator(".notice-icon").textContent(), "✓");
      assert.equal(await notice.locator("strong").textContent(), "Sandbox is connected");
      const success = await notice.evaluate((element) => getComputedStyle(element).backgroundColor);
      assert.equal(await row(unlinked.id).locator(".status").textContent(), "Connected");
      // Shopify's row leads to its linkUrl, which starts at the shop question.
      await row(expired.id).getByRole("button", { name: "Reconnect" }).click();
      await page.waitForURL(new RegExp(`/connections/${expired.id}/start`));
      assert.equal(await page.locator("h1").textContent(), "Connect Shopify");

      // An error notice looks different from a success notice, and has its own icon.
      await page.goto(`${server.url}/companies/${company.id}/link`);
      await page.evaluate(() => (document.querySelector<HTMLInputElement>('input[name="formToken"]')!.value = "x.y.z"));
      await page.getByRole("button", { name: "Xero" }).click();
      const error = page.locator(".notice");
      assert.equal(await error.getAttribute("data-kind"), "error");
      assert.equal(await error.locator(".notice-icon").textContent(), "!");
      assert.notEqual(await error.evaluate((element) => getComputedStyle(element).backgroundColor), success);
      assert.deepEqual(problems, []);
      await page.close();
    });

    it("asks before a second connection to a platform, connects another only when asked, and returns to the application", async () => {
      const company = (await (
        await fetch(`${server.url}/companies`, { method: "POST", headers: { authorization: server.authHeader, "content-type": "application/json" }, body: JSON.stringify({ name: "Another Co" }) })
      ).json()) as { id: string; redirect: string };
      await setRedirectUrl(server.app.context, server.clientId, `${server.url}/healthz?company={companyId}`);
      const { page, problems } = await watchedPage(context);
      await page.goto(company.redirect);
      const info = page.locator(".notice");
      assert.equal(await info.getAttribute("data-kind"), "info");
      assert.equal(await info.locator(".notice-icon").textContent(), "i");
      assert.equal(await info.locator("strong").textContent(), "No connections yet");

      await page.getByRole("button", { name: "Sandbox" }).click();
      await page.waitForURL(/\?connected=/);
      await page.getByRole("button", { name: /Sandbox/ }).click();
      assert.equal(await page.locator("h1").textContent(), "Another Co already has a Sandbox connection");
      assert.equal(await page.locator("li.connection").count(), 1);
      // Back: nothing was added.
      await page.getByRole("link", { name: "Back" }).click();
      assert.equal(await page.locator("li.connection").count(), 1);
      // Asked again, then the explicit choice.
      await page.getByRole("button", { name: /Sandbox/ }).click();
      await page.getByRole("button", { name: "Connect another Sandbox account" }).click();
      await page.waitForURL(/\?connected=/);
      assert.equal(await page.locator("li.connection").count(), 2);

      await page.getByRole("link", { name: `Return to Test client` }).click();
      await page.waitForURL(/\/healthz\?company=/);
      assert.equal(new URL(page.url()).searchParams.get("company"), company.id);
      assert.deepEqual(problems, []);
      await page.close();
    });
  });

  describe("consent pages name who gets access to whose data", () => {
    let server: TestServer;
    let context: BrowserContext;
    let demoKey = "";
    let demoCompanyId = "";
    before(async () => {
      server = await startTestServer({ env: { DEMO_PAGE: "true", PLATFORM_ALLOW_PRIVATE_URLS: "true" } });
      // As `npm start` seeds it: the default client, its demo company, the demo platform.
      const seeded = await seed(server.app.context, { demoPlatform: (clientId, db) => setUpDemoPlatform(server.app.context, clientId, db) });
      demoKey = seeded.apiKey;
      demoCompanyId = seeded.demoCompanyId!;
      await server.db.updateTable("clients").set({ name: CLIENT_NAME }).where("is_default", "=", 1).execute();
      context = await browser.newContext();
    });
    after(async () => {
      await context?.close();
      await server?.close();
    });

    const pwned = (page: Page) => page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned);

    it("the sandbox's: '<application> will be able to read the accounting data of <company>', every name inert", async () => {
      const client = await server.createClient(CLIENT_NAME);
      const company = await createCompany(server.db, client.clientId, { name: COMPANY_NAME, now: new Date() });
      const created = await fetch(`${server.url}/companies/${company.id}/connections`, {
        method: "POST",
        headers: { authorization: client.authHeader, "content-type": "application/json" },
        body: JSON.stringify({ platformKey: SANDBOX_KEY }),
      });
      const connection = (await created.json()) as WireConnection;
      const { page, problems } = await watchedPage(context);
      await page.goto(connection.linkUrl);
      assert.equal(await page.locator("h1").textContent(), "Connect Sandbox");
      assert.equal(await page.locator("main p").first().textContent(), `${CLIENT_NAME} will be able to read the accounting data of ${COMPANY_NAME} in Sandbox.`);
      assert.equal(await page.locator("main img").count(), 0, "no injected element");
      await page.getByRole("button", { name: "Allow access" }).click();
      assert.equal(await page.locator("h1").textContent(), "Sandbox is connected");
      assert.equal(await pwned(page), undefined);
      assert.deepEqual(problems, []);
      await page.close();
    });

    it("the demo platform's own sign-in and consent: the application, the account's books, every name inert", async () => {
      const list = await fetch(`${server.url}/companies/${demoCompanyId}/connections?pageSize=100`, { headers: { authorization: basicAuth(demoKey) } });
      const demo = ((await list.json()) as { results: WireConnection[] }).results.find((connection) => connection.integrationKey === "demo")!;
      assert.equal(demo.status, "Deauthorized");
      const { page, problems } = await watchedPage(context);
      // Canceled at the platform first: nothing is shared, and the outcome says what to do next.
      await page.goto(demo.linkUrl);
      await page.fill('input[name="login"]', "Grace");
      await page.fill('input[name="password"]', "any password");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("link", { name: "Cancel" }).click();
      await page.waitForURL(/\/oauth\/callback/);
      assert.equal(await page.locator("h1").textContent(), "Demo Platform (OAuth) was not connected");
      assert.match((await page.locator("main").textContent()) ?? "", /go back to the application and choose Connect again, then allow access\./);

      await page.goto(demo.linkUrl);
      assert.match(page.url(), /\/demo-platform\/interaction\/[\w-]+$/);
      assert.equal(await page.locator("h1").textContent(), "Sign in");
      assert.equal(await page.locator("main p").nth(1).textContent(), `To connect your books to ${CLIENT_NAME}. This is a demo: any name and password work.`);
      await page.fill('input[name="login"]', ACCOUNT);
      await page.fill('input[name="password"]', "any password");
      await page.getByRole("button", { name: "Sign in" }).click();

      await page.waitForSelector('input[name="prompt"][value="consent"]', { state: "attached" });
      assert.equal(await page.locator("h1").textContent(), "Allow access?");
      assert.equal(await page.locator("main p").nth(1).textContent(), `${CLIENT_NAME} will be able to read the accounting data of ${ACCOUNT}'s demo books.`);
      assert.equal(await page.locator("main img").count(), 0, "no injected element");
      assert.equal(await pwned(page), undefined);
      await page.getByRole("button", { name: "Allow access" }).click();
      await page.waitForURL(/\/oauth\/callback/);
      assert.equal(await page.locator("h1").textContent(), "Demo Platform (OAuth) is connected again");
      assert.equal(await pwned(page), undefined);
      assert.deepEqual(problems, []);
      await page.close();
    });
  });
});
