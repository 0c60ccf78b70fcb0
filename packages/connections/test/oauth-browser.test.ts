// Connections authorized at a real OAuth 2.0 platform (the kit's oidc-provider on loopback) from
// real headless Chromium: a `linkUrl` opened in a tab, the company link page's choice of the
// platform (the redirect chain after its form post must pass the pages' CSP), and the
// Connections UI's Reconnect, whose window the person signs in, consents or cancels in.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { chromiumSkipReason, launchChromium } from "@codat/test-kit/browser";
import {
  accessToken,
  connectionStatus,
  contentSecurityPolicy,
  eventTypes,
  hostPageHtml,
  mountComponent,
  serveHostPage,
  setAllowedOrigins,
  waitForEvent,
  type HostPage,
} from "@codat/test-kit/connections";
import { forEachDialect } from "@codat/test-kit/dialects";
import { connectionInfoOf, startOAuthPlatform, type OAuthPlatform } from "@codat/test-kit/oauth";
import { startTestServer, type TestServer } from "@codat/test-kit/server";

const skip = chromiumSkipReason();

/** Signs in at the platform's login page as `account` and consents, as a person would. */
async function signInAndConsent(page: Page, account: string): Promise<void> {
  await page.waitForSelector('input[name="login"]');
  assert.equal(await page.textContent("h1"), "Sign-in");
  await page.fill('input[name="login"]', account);
  await page.fill('input[name="password"]', "correct horse");
  await page.click('button[type="submit"]');
  await page.waitForSelector('input[name="prompt"][value="consent"]', { state: "attached" });
  assert.equal(await page.textContent("h1"), "Authorize");
  // Clicked from inside the page: the outcome page may close its window, which a Playwright
  // click (waiting for the navigation to settle) would not survive.
  await page.evaluate(() => document.querySelector<HTMLButtonElement>('button[type="submit"]')!.click());
}

describe("OAuth 2.0 platforms in Chromium", { skip }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  forEachDialect("OAuth in the browser", (dialect) => {
    let server: TestServer;
    let platform: OAuthPlatform;
    let host: HostPage;

    before(async () => {
      server = await startTestServer({ dialect, env: { PLATFORM_ALLOW_PRIVATE_URLS: "true" } });
      platform = await startOAuthPlatform(server);
      host = await serveHostPage(hostPageHtml(server.url), contentSecurityPolicy(server.url));
      await setAllowedOrigins(server, [host.origin]);
    });
    after(async () => {
      await host?.close();
      await platform?.close();
      await server?.close();
    });

    const connectionOf = async (companyId: string, connectionId: string) => {
      const res = await fetch(`${server.url}/companies/${companyId}/connections/${connectionId}`, { headers: { authorization: server.authHeader } });
      assert.equal(res.status, 200);
      return (await res.json()) as { status: string; connectionInfo?: Record<string, string>; dataConnectionErrors?: Array<Record<string, string>> };
    };

    /** A connection linked to `account` (with fetch), then disconnected. */
    const unlinkedConnection = async (companyName: string, account = "alice") => {
      const { companyId, connection } = await platform.createConnection(companyName);
      assert.equal((await platform.connectWithFetch(connection.linkUrl, account)).response.status, 200);
      const res = await fetch(`${server.url}/companies/${companyId}/connections/${connection.id}`, {
        method: "PATCH",
        headers: { authorization: server.authHeader, "content-type": "application/json" },
        body: JSON.stringify({ status: "Unlinked" }),
      });
      assert.equal(res.status, 200);
      return { companyId, connectionId: connection.id as string };
    };

    it("links from a linkUrl opened in a tab: the platform's sign-in and consent, then our page", async () => {
      const { companyId, connection } = await platform.createConnection("Tab Co");
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(connection.linkUrl);
        assert.equal(new URL(page.url()).origin, platform.server.issuer, "at the platform");
        await signInAndConsent(page, "alice");
        await page.waitForURL(`${server.url}/oauth/callback?**`);
        assert.equal(await page.textContent("h1"), `${platform.name} is connected`);
      } finally {
        await context.close();
      }
      const linked = await connectionOf(companyId, connection.id);
      assert.equal(linked.status, "Linked");
      assert.deepEqual(linked.connectionInfo, connectionInfoOf("alice"));
      assert.deepEqual(await eventTypes(server, companyId), ["company.created", "connection.created", "connection.connected"]);
    });

    it("links from the company link page: its form post redirects through the connection's start to the platform", async () => {
      const res = await fetch(`${server.url}/companies`, {
        method: "POST",
        headers: { authorization: server.authHeader, "content-type": "application/json" },
        body: JSON.stringify({ name: "Link Page Co" }),
      });
      const company = (await res.json()) as { id: string; redirect: string };
      const context = await browser.newContext();
      const violations: string[] = [];
      try {
        const page = await context.newPage();
        page.on("console", (message) => {
          if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
        });
        await page.goto(company.redirect);
        await Promise.all([page.waitForURL(`${platform.server.issuer}/**`), page.click(`button[name="platformKey"][value="${platform.key}"]`)]);
        await signInAndConsent(page, "bob");
        await page.waitForURL(`${server.url}/oauth/callback?**`);
        assert.equal(await page.textContent("h1"), `${platform.name} is connected`);
      } finally {
        await context.close();
      }
      assert.deepEqual(violations, []);
      const listed = await fetch(`${server.url}/companies/${company.id}/connections`, { headers: { authorization: server.authHeader } });
      const [connection] = ((await listed.json()) as { results: Array<{ id: string; status: string; integrationKey: string; connectionInfo?: object }> }).results;
      assert.equal(connection?.integrationKey, platform.key);
      assert.equal(connection?.status, "Linked");
      assert.deepEqual(connection?.connectionInfo, connectionInfoOf("bob"));
    });

    const item = (id: string) => `li.connection[data-connection-id="${id}"]`;

    /** Mounts the component for the company, clicks Reconnect on the connection and confirms: the window it opened. */
    const reconnectFromComponent = async (companyId: string, connectionId: string) => {
      const component = await mountComponent(browser, host.url, await accessToken(server, companyId));
      const { page } = component;
      await page.click(`${item(connectionId)} button[data-action=reconnect]`);
      const [popup] = await Promise.all([component.context.waitForEvent("page"), page.click("section.confirm button[data-confirm]")]);
      await page.waitForSelector("[data-authorizing]");
      return { component, page, popup };
    };

    it("reconnects from the Connections UI through the platform, in the window it opens", async () => {
      const { companyId, connectionId } = await unlinkedConnection("Reconnect Co");
      const { page, popup } = await reconnectFromComponent(companyId, connectionId);
      const closed = popup.waitForEvent("close", { timeout: 15_000 });
      await signInAndConsent(popup, "alice");
      await page.waitForSelector(`${item(connectionId)}[data-status=Linked]`, { timeout: 15_000 });
      // Our outcome page closed the window it was shown in.
      await closed;
      assert.deepEqual((await waitForEvent(page, "reconnect")).args, { connectionId });
      assert.match((await page.locator("p.notice").textContent()) ?? "", new RegExp(platform.name));
      assert.equal(await connectionStatus(server, connectionId), "Linked");
      assert.ok((await eventTypes(server, companyId)).includes("connection.reconnected"));
    });

    it("goes back to the list, unchanged, when the person cancels at the platform", async () => {
      const { companyId, connectionId } = await unlinkedConnection("Cancel Co");
      const { component, page, popup } = await reconnectFromComponent(companyId, connectionId);
      await popup.waitForSelector('a[href$="/abort"]');
      const closed = popup.waitForEvent("close", { timeout: 15_000 });
      await popup.click('a[href$="/abort"]');
      // The server records the refusal; the component sees the new error entry, closes the
      // window and says what happened, in the platform's own words.
      await closed;
      await page.waitForSelector(`${item(connectionId)}[data-status=Unlinked]`, { timeout: 10_000 });
      assert.match((await page.locator("p.notice").textContent()) ?? "", new RegExp(`${platform.name} was not reconnected\\. Access to ${platform.name} was not allowed`));
      assert.equal((await component.events()).length, 0);
      const connection = await connectionOf(companyId, connectionId);
      assert.equal(connection.status, "Unlinked");
      assert.deepEqual(connection.connectionInfo, connectionInfoOf("alice"));
      assert.deepEqual(
        (({ statusCode, statusText, status }) => ({ statusCode, statusText, status }))(connection.dataConnectionErrors?.at(-1) ?? {}),
        { statusCode: "403", statusText: "access_denied", status: "Active" },
      );
      assert.equal((await eventTypes(server, companyId)).at(-1), "connection.failed");
    });
  });
});
