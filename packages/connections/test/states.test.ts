// Every state the component can be in, reached for real in headless Chromium against a real
// server (a real failure for each failure state), checked, and photographed for the docs:
// with UPDATE_SCREENSHOTS=1 each state is written to docs/screenshots/<state>.png. The page's
// clock, locale and time zone are fixed so the pictures only change when the component does.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import type { Browser, Frame, Page, Route } from "playwright-core";
import { chromiumSkipReason, launchChromium } from "@codat/test-kit/browser";
import {
  accessToken,
  contentSecurityPolicy,
  hostPageHtml,
  seedCompany,
  serveHostPage,
  setAllowedOrigins,
  waitForEvent,
  type HostPage,
} from "@codat/test-kit/connections";
import { startTestServer, type TestServer } from "@codat/test-kit/server";
import { mount, openHostContext, type HostContext } from "./host-context.js";

const SCREENSHOTS = fileURLToPath(new URL("../../../docs/screenshots/", import.meta.url));
const UPDATE = process.env.UPDATE_SCREENSHOTS === "1";
/** Four days after the seeded connections were created (2026-03-01T09:30Z). */
const NOW = new Date("2026-03-05T15:00:00Z");
const BOX = { width: 460, height: 600 };
const DATA_TYPES = {
  "accounting.connectionDetails.dataTypes": ["**Invoices** and bills", "Profit and loss", "Balance sheet"],
};

describe("Connections UI states (docs/screenshots)", { skip: chromiumSkipReason() }, () => {
  let server: TestServer;
  let browser: Browser;
  let host: HostPage;
  let stranger: HostPage;
  let framing: HostPage;
  let clockOffsetMs = 0;
  const opened: HostContext[] = [];

  before(async () => {
    server = await startTestServer({ clock: () => new Date(Date.now() + clockOffsetMs) });
    const html = hostPageHtml(server.url, BOX);
    host = await serveHostPage(html, contentSecurityPolicy(server.url));
    stranger = await serveHostPage(html, contentSecurityPolicy(server.url));
    // The host page inside a sandboxed frame that may not open windows: the browser blocks
    // the authorization window, as a popup blocker does.
    framing = await serveHostPage(
      `<!doctype html><html><body style="margin:0"><iframe sandbox="allow-scripts allow-same-origin" src="${host.url}" style="border:0;width:480px;height:720px"></iframe></body></html>`,
    );
    await setAllowedOrigins(server, [host.origin]);
    browser = await launchChromium();
    if (UPDATE) mkdirSync(SCREENSHOTS, { recursive: true });
  });
  after(async () => {
    for (const context of opened) await context.close();
    await browser?.close();
    for (const page of [host, stranger, framing]) await page?.close();
    await server?.close();
  });

  /** A page of its own with the clock, locale and time zone fixed. */
  async function page(url = host.url): Promise<Page> {
    const context = await openHostContext(browser, url, { now: NOW, locale: "en-US", timezoneId: "UTC", deviceScaleFactor: 1 });
    opened.push(context);
    return context.page;
  }

  async function company(connections?: Parameters<typeof seedCompany>[2]) {
    const seeded = await seedCompany(server, "Acme Trading Ltd", connections);
    return { ...seeded, token: await accessToken(server, seeded.companyId) };
  }

  /** Logos are part of the picture: wait until every one has loaded (or fallen back). */
  async function logosSettled(frame: Page | Frame): Promise<void> {
    await frame.waitForFunction(() => {
      const images = [...(document.querySelector("[data-codat-connections]")?.shadowRoot?.querySelectorAll<HTMLImageElement>(".logo img") ?? [])];
      return images.every((image) => image.complete);
    });
  }

  async function shoot(frame: Page | Frame, state: string): Promise<void> {
    if (!UPDATE) return;
    // The pointer stays where the last click left it: off the component, no hover in the picture.
    await ("page" in frame ? frame.page() : frame).mouse.move(0, 0);
    await frame.locator("#target").screenshot({ path: `${SCREENSHOTS}${state}.png`, animations: "disabled", caret: "hide" });
  }

  const row = (id: string) => `li.connection[data-connection-id="${id}"]`;

  it("list: Connected, Disconnected and Access expired rows; confirmation; success and info notices", async () => {
    const { connections, token } = await company();
    const p = await page();
    await mount(p, token, { text: DATA_TYPES });
    await p.waitForSelector("li.connection");
    await logosSettled(p);
    assert.deepEqual(await p.locator(".status").allTextContents(), ["Disconnected", "Connected", "Disconnected", "Access expired"]);
    assert.deepEqual(await p.locator(`${row(connections.gbol!.id)} .meta`).allTextContents(), ["Connected 4 days ago", "Last synced 3 days ago"]);
    assert.deepEqual(await p.locator(`${row(connections.akxx!.id)} .meta`).allTextContents(), ["Reconnect to restore access.", "Last synced 5 hours ago"]);
    assert.equal(await p.locator(`${row(connections.gbol!.id)} time`).first().getAttribute("title"), "Sunday, March 1, 2026 at 9:30 AM UTC");
    await shoot(p, "list");

    await p.click(`${row(connections.gbol!.id)} button[data-action=disconnect]`);
    await p.waitForSelector("section.confirm");
    assert.equal(await p.locator("section.confirm h2").textContent(), "Disconnect Xero?");
    await shoot(p, "confirm");

    await p.click("section.confirm button[data-confirm]");
    await p.waitForSelector(`${row(connections.gbol!.id)}[data-status=Unlinked]`);
    assert.equal(await p.locator("p.notice").getAttribute("data-kind"), "success");
    assert.equal(await p.locator("p.notice").textContent(), "✓Xero is disconnected.");
    assert.equal(await p.locator(`${row(connections.gbol!.id)} .meta`).first().textContent(), "Disconnected just now");
    await shoot(p, "notice-success");

    // Reconnecting Shopify opens its authorization window; closing it gives up.
    await p.click(`${row(connections.akxx!.id)} button[data-action=reconnect]`);
    const [popup] = await Promise.all([p.waitForEvent("popup"), p.click("section.confirm button[data-confirm]")]);
    assert.equal(await p.locator("[data-authorizing] .spinner").count(), 1);
    await popup.close();
    await p.waitForSelector("p.notice[data-kind=info]", { timeout: 10_000 });
    assert.equal(await p.locator("p.notice").textContent(), "iShopify was not reconnected.");
    await shoot(p, "notice-info");
  });

  it("error notice: the server went away between loading and the action", async () => {
    const gone = await startTestServer();
    const goneHost = await serveHostPage(hostPageHtml(gone.url, BOX), contentSecurityPolicy(gone.url));
    try {
      await setAllowedOrigins(gone, [goneHost.origin]);
      const seeded = await seedCompany(gone, "Offline Ltd", [["gbol", "Linked"], ["mqjo", "Unlinked"]]);
      const p = await page(goneHost.url);
      await mount(p, await accessToken(gone, seeded.companyId));
      await p.waitForSelector("li.connection");
      await logosSettled(p);
      await p.click("button[data-action=disconnect]");
      await gone.close();
      await p.click("section.confirm button[data-confirm]");
      const { error } = await waitForEvent(p, "error");
      // Down, not refused: nothing is wrong with the setup, so trying again can help.
      assert.equal(error.userRecoverable, true);
      await p.waitForSelector("p.notice[data-kind=error]");
      assert.equal(await p.locator("p.notice").textContent(), "!Xero was not disconnected. The connections service could not be reached.");
      assert.equal(await p.locator("li.connection[data-status=Linked]").count(), 1);
      await shoot(p, "notice-error");
    } finally {
      await goneHost.close();
    }
  });

  it("loading: the list is on its way", async () => {
    const { token } = await company();
    const p = await page();
    // The list call is held (not answered by the test) until the picture is taken.
    const held: Route[] = [];
    const isList = (url: URL) => url.pathname.endsWith("/connections");
    await p.route(isList, (route) => void held.push(route));
    await mount(p, token);
    await p.waitForFunction(() => document.querySelector("[data-codat-connections]")?.shadowRoot?.querySelector(".state[role=status]"));
    assert.deepEqual(await p.locator(".state p").allTextContents(), ["Loading your connections…", "This usually takes a few seconds."]);
    await shoot(p, "loading");
    for (const route of held) await route.continue();
    await p.unroute(isList);
    await p.waitForSelector("li.connection");
  });

  it("empty: what to do to connect a platform", async () => {
    const { companyId, token } = await company([]);
    const p = await page();
    await mount(p, token);
    const empty = p.locator("[data-empty]");
    await empty.waitFor();
    assert.equal(await empty.locator("a").getAttribute("href"), `${server.url}/companies/${companyId}/link`);
    await shoot(p, "empty");
  });

  it("blocked authorization window: no spinner, the link instead", async () => {
    const { connections, token } = await company();
    const p = await page(framing.url);
    const frame = p.frames().find((f) => f.url() === host.url);
    assert.ok(frame, "the framed host page");
    await mount(frame, token);
    await frame.waitForSelector("li.connection");
    await logosSettled(frame);
    await frame.click(`${row(connections.qudb!.id)} button[data-action=reconnect]`);
    await frame.click("section.confirm button[data-confirm]");
    const state = frame.locator("[data-authorizing][data-popup-blocked=true]");
    await state.waitFor();
    assert.equal(await state.locator(".spinner").count(), 0);
    assert.equal(await state.locator(".headline").textContent(), "Your browser blocked the authorization window.");
    assert.ok((await state.locator("a").getAttribute("href"))?.includes(`/connections/${connections.qudb!.id}/start`));
    await shoot(frame, "popup-blocked");
    await frame.click("[data-authorizing] button");
  });

  it("unauthorized: a rejected token says so in a sentence and what to do", async () => {
    const { token } = await company();
    clockOffsetMs = 2 * 60 * 60_000;
    try {
      const p = await page();
      await mount(p, token);
      const alert = p.locator("[role=alert][data-failure=unauthorized]");
      await alert.waitFor();
      assert.deepEqual(await alert.locator("p").allTextContents(), [
        "Your session has expired or is not valid.",
        "Close this window and open it again from the application.",
      ]);
      await shoot(p, "unauthorized");
    } finally {
      clockOffsetMs = 0;
    }
  });

  it("not configured: the page's origin is not allowed", async () => {
    const { token } = await company();
    const p = await page(stranger.url);
    await mount(p, token);
    const alert = p.locator("[role=alert][data-failure=notConfigured]");
    await alert.waitFor();
    assert.deepEqual(await alert.locator("p").allTextContents(), [
      "This application is not set up to manage your connections yet.",
      "Let the application's support team know. Close this window and try again later.",
    ]);
    await shoot(p, "not-configured");
  });
});
