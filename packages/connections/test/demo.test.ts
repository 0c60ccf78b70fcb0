// The /demo host application: its back end gets the token, the page opens the component.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import type { TestServer } from "../../server/test/helpers/server.js";
import { chromiumSkipReason, launchChromium } from "./helpers/browser.js";
import { startDemoServer } from "./helpers/demo.js";

describe("demo host application", () => {
  let server: TestServer;
  let apiKey: string;
  let companyId: string;

  before(async () => {
    const demo = await startDemoServer();
    server = demo.server;
    apiKey = demo.seeded.apiKey;
    companyId = demo.seeded.demoCompanyId;
  });
  after(async () => server?.close());

  it("serves the page under a strict CSP, without the API key", async () => {
    const response = await fetch(`${server.url}/demo`);
    assert.equal(response.status, 200);
    const csp = response.headers.get("content-security-policy") ?? "";
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-[^']+' 'self'/);
    const html = await response.text();
    assert.match(html, /Acme Lending/);
    assert.ok(!html.includes(apiKey));
    assert.ok(!html.includes(Buffer.from(apiKey).toString("base64")));
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
      assert.deepEqual(names, ["Xero", "Basiq", "Shopify"]);
      await page.click("button[aria-label=Close]");
      await page.waitForSelector("dialog:not([open])", { state: "attached" });
      assert.equal(await page.locator("[data-codat-connections]").count(), 0);
      assert.deepEqual(problems, []);
    });
  });
});
