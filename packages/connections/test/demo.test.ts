// The /demo host application: its back end gets the token, the page opens the component.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { basicAuth } from "@codat/test-kit/auth";
import { chromiumSkipReason, launchChromium } from "@codat/test-kit/browser";
import { startDemoServer } from "@codat/test-kit/connections";
import type { TestServer } from "@codat/test-kit/server";
import { DEMO_TOKENS_PER_ADDRESS_PER_MINUTE } from "../../server/src/http/routes/browser/demo.js";

/**
 * The demo's dialog closed, and its `close` handler ran: the browser fires `close` in a task of
 * its own after the `open` attribute goes, and the handler is what removes the component and
 * gives focus back to the button.
 */
async function closed(page: Page): Promise<void> {
  await page.waitForSelector("dialog:not([open])", { state: "attached" });
  await page.waitForSelector("[data-codat-connections]", { state: "detached" });
}

describe("demo host application", () => {
  let server: TestServer;
  let apiKey: string;
  let demoApiKey: string;
  let companyId: string;

  before(async () => {
    const demo = await startDemoServer();
    server = demo.server;
    apiKey = demo.seeded.apiKey;
    demoApiKey = demo.seeded.demoApiKey;
    companyId = demo.seeded.demoCompanyId;
  });
  after(async () => server?.close());

  it("serves the page under a strict CSP, without an API key", async () => {
    const response = await fetch(`${server.url}/demo`);
    assert.equal(response.status, 200);
    const csp = response.headers.get("content-security-policy") ?? "";
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-[^']+' 'self'/);
    const html = await response.text();
    assert.match(html, /Acme Lending/);
    for (const key of [apiKey, demoApiKey]) {
      assert.ok(!html.includes(key));
      assert.ok(!html.includes(Buffer.from(key).toString("base64")));
    }
  });

  it("hands out a token for the demo company only", async () => {
    const response = await fetch(`${server.url}/demo/api/connections-token`, { method: "POST" });
    assert.equal(response.status, 200);
    const { accessToken } = (await response.json()) as { accessToken: string };
    const claims = JSON.parse(Buffer.from(accessToken.split(".")[1] ?? "", "base64url").toString()) as { sub: string };
    assert.equal(claims.sub, companyId);
    const list = await fetch(`${server.url}/companies/${companyId}/connections`, { headers: { authorization: `Bearer ${accessToken}` } });
    assert.equal(list.status, 200);
  });

  it("answers the token route uncached, with its own key: the operator's key is not spent", async () => {
    const response = await fetch(`${server.url}/demo/api/connections-token`, { method: "POST" });
    assert.equal(response.headers.get("cache-control"), "no-store");
    assert.notEqual(demoApiKey, apiKey);
  });

  describe("on a budget of its own", () => {
    it("limits each address, and leaves the operator's key its whole rate limit", async () => {
      // The API's per-key limit is 5 a minute: the demo's key runs out, the operator's does not.
      const { server: limited, seeded } = await startDemoServer({ RATE_LIMIT_PER_MINUTE: "5" });
      try {
        const demoToken = () => fetch(`${limited.url}/demo/api/connections-token`, { method: "POST" });
        const statuses: number[] = [];
        const started = performance.now();
        for (let i = 0; i < 8; i++) statuses.push((await demoToken()).status);
        const elapsed = performance.now() - started;
        assert.deepEqual(statuses, [200, 200, 200, 200, 200, 503, 503, 503]);
        assert.ok(elapsed < 5000, `over-limit demo calls are not held by retries (${Math.round(elapsed)} ms for 8)`);
        const own = await fetch(`${limited.url}/companies/${seeded.demoCompanyId}/connectionManagement/accessToken`, {
          headers: { authorization: basicAuth(seeded.apiKey) },
        });
        assert.equal(own.status, 200, "the operator's key is untouched");
      } finally {
        await limited.close();
      }
    });

    it(`answers 429 with Retry-After past ${DEMO_TOKENS_PER_ADDRESS_PER_MINUTE} tokens a minute from one address`, async () => {
      const { server: limited } = await startDemoServer();
      try {
        const statuses: number[] = [];
        let last: Response | undefined;
        for (let i = 0; i <= DEMO_TOKENS_PER_ADDRESS_PER_MINUTE; i++) {
          last = await fetch(`${limited.url}/demo/api/connections-token`, { method: "POST" });
          statuses.push(last.status);
        }
        // A minute boundary inside the loop resets the count: then every call passed.
        if (statuses.at(-1) === 429) {
          assert.deepEqual(statuses.slice(0, -1), Array(DEMO_TOKENS_PER_ADDRESS_PER_MINUTE).fill(200));
          assert.match(last?.headers.get("retry-after") ?? "", /^\d+$/);
          assert.equal(((await last?.json()) as { statusCode: number }).statusCode, 429);
        } else {
          assert.ok(statuses.every((s) => s === 200));
        }
      } finally {
        await limited.close();
      }
    });
  });

  describe("in Chromium", { skip: chromiumSkipReason() }, () => {
    let browser: Browser;
    before(async () => {
      browser = await launchChromium();
    });
    after(async () => browser?.close());

    it("opens the component in a modal and closes it again", async () => {
      const page = await browser.newPage();
      // Every error the page logs (CSP refusals included) and every failed response.
      const problems: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) problems.push(message.text());
      });
      page.on("response", (response) => {
        if (response.status() >= 400 && !response.url().endsWith("/favicon.ico")) problems.push(`${response.status()} ${response.url()}`);
      });
      await page.goto(`${server.url}/demo`);
      await page.click("#open");
      await page.waitForSelector("dialog[open] li.connection", { timeout: 15_000 }).catch(async (error: Error) => {
        const log = await page.locator("#log").textContent();
        throw new Error(`${error.message}\nhost log: ${log}\nproblems: ${problems.join("; ")}`);
      });
      const names = await page.locator("li.connection h3").allTextContents();
      assert.deepEqual(names, ["Demo Platform (OAuth)", "Sage Business Cloud Accounting", "Xero", "Shopify"]);
      await page.click("button[aria-label=Close]");
      await closed(page);
      assert.equal(await page.locator("[data-codat-connections]").count(), 0);
      assert.deepEqual(problems, []);
    });

    it("keeps the dialog open when Escape closes the component's question, and returns focus to the button on close", async () => {
      const page = await browser.newPage();
      try {
        await page.goto(`${server.url}/demo`);
        const dialogOpen = () => page.locator("#modal").evaluate((dialog) => (dialog as HTMLDialogElement).open);
        const focusedInComponent = () =>
          page.evaluate(() => document.querySelector("[data-codat-connections]")?.shadowRoot?.activeElement?.getAttribute("data-focus"));
        await page.click("#open");
        const row = page.locator("dialog[open] li.connection").first();
        await row.waitFor({ timeout: 15_000 });
        const id = await row.getAttribute("data-connection-id");
        await row.locator("button[data-action]").click();
        await page.waitForSelector("dialog[open] section.confirm");
        // The component uses this Escape: the question closes, the dialog does not.
        await page.keyboard.press("Escape");
        assert.equal(await page.locator("section.confirm").count(), 0);
        assert.equal(await dialogOpen(), true);
        assert.equal(await focusedInComponent(), `action:${id}`);
        // On the list the component leaves Escape alone: the dialog closes, focus goes home.
        await page.keyboard.press("Escape");
        await closed(page);
        assert.equal(await page.evaluate(() => document.activeElement?.id), "open");
        assert.equal(await page.locator("[data-codat-connections]").count(), 0);
        // The same through the component's own close button.
        await page.click("#open");
        await page.waitForSelector("dialog[open] li.connection", { timeout: 15_000 });
        await page.click("button[aria-label=Close]");
        await closed(page);
        assert.equal(await page.evaluate(() => document.activeElement?.id), "open");
      } finally {
        await page.close();
      }
    });

    it("reconnects the demo platform through its real sign-in and consent, as a newcomer would", async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${server.url}/demo`);
      await page.click("#open");
      const row = page.locator("dialog[open] li.connection", { hasText: "Demo Platform (OAuth)" });
      await row.waitFor({ timeout: 15_000 });
      assert.equal(await row.getAttribute("data-status"), "Deauthorized");
      await row.locator("button[data-action=reconnect]").click();
      const [popup] = await Promise.all([context.waitForEvent("page"), page.click("dialog[open] section.confirm button[data-confirm]")]);
      // The demo platform's own pages, served by the server itself under /demo-platform.
      await popup.waitForSelector('input[name="login"]', { timeout: 15_000 });
      assert.ok(popup.url().startsWith(`${server.url}/demo-platform/`));
      await popup.fill('input[name="login"]', "Ada Lovelace");
      await popup.fill('input[name="password"]', "any");
      await popup.click('button[type="submit"]');
      // The consent page, whatever its wording: the sign-in form has gone, a submit button is there.
      await popup.waitForSelector('input[name="login"]', { state: "detached", timeout: 15_000 });
      await popup.waitForSelector('button[type="submit"]', { timeout: 15_000 });
      const closed = popup.waitForEvent("close", { timeout: 15_000 });
      await popup.evaluate(() => document.querySelector<HTMLButtonElement>('button[type="submit"]')!.click());
      await closed;
      await page.waitForSelector('dialog[open] li.connection[data-status="Linked"] >> text=Demo Platform (OAuth)', { timeout: 15_000 });
      const connections = (await (
        await fetch(`${server.url}/companies/${companyId}/connections`, { headers: { authorization: basicAuth(apiKey) } })
      ).json()) as { results: Array<{ integrationKey: string; status: string; connectionInfo?: Record<string, string> }> };
      const demo = connections.results.find((c) => c.integrationKey === "demo");
      assert.equal(demo?.status, "Linked");
      assert.deepEqual(demo?.connectionInfo, { demo_account: "Ada Lovelace" });
      await context.close();
    });
  });
});
