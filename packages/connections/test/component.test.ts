// The component in real headless Chromium, against a real server, mounted by host pages on
// their own origins (one allowed, one not) under a strict CSP.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { after, before, describe, it } from "node:test";
import type { Browser, ConsoleMessage } from "playwright-core";
import { chromiumSkipReason, launchChromium } from "@codat/test-kit/browser";
import {
  accessToken,
  connectionStatus,
  contentSecurityPolicy,
  eventTypes,
  hostPageHtml,
  mountComponent,
  NONCE,
  seedCompany,
  serveHostPage,
  setAllowedOrigins,
  waitForEvent,
  type HostPage,
} from "@codat/test-kit/connections";
import { startTestServer, type TestServer } from "@codat/test-kit/server";
import { mount, openHostContext } from "./host-context.js";

declare global {
  interface Window {
    /** Escape key presses that reached the host page unhandled. */
    hostEscapes?: number;
  }
}

const skip = chromiumSkipReason();
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const DATA_TYPES = {
  "accounting.connectionDetails.dataTypes": ["**Invoices** and bills", "Balance sheet"],
  "banking.connectionDetails.dataTypes": ["Transactions", "<img src=x> [docs](https://example.com/t) [bad](javascript:alert(1))"],
  "reconnect.title": "Connect {name} again?",
};

describe("Connections UI in Chromium", { skip }, () => {
  let server: TestServer;
  let browser: Browser;
  let host: HostPage;
  let strangerHost: HostPage;
  let clockOffsetMs = 0;

  before(async () => {
    server = await startTestServer({ clock: () => new Date(Date.now() + clockOffsetMs) });
    const html = hostPageHtml(server.url);
    host = await serveHostPage(html, contentSecurityPolicy(server.url));
    strangerHost = await serveHostPage(html, contentSecurityPolicy(server.url));
    await setAllowedOrigins(server, [host.origin]);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await host?.close();
    await strangerHost?.close();
    await server?.close();
  });

  /** A fresh company (so tests do not share state), its token, and the mounted component. */
  async function open(options: Parameters<typeof mountComponent>[3] = {}, pageUrl = host.url) {
    const company = await seedCompany(server, "Acme Trading Ltd");
    const token = await accessToken(server, company.companyId);
    const component = await mountComponent(browser, pageUrl, token, options);
    return { company, component, page: component.page };
  }

  const item = (id: string) => `li.connection[data-connection-id="${id}"]`;

  it("lists the company's connections grouped, with logos, statuses and dates", async () => {
    const { company, page } = await open();
    await page.waitForSelector("li.connection");
    const groups = await page.$$eval("section[data-group]", (sections) =>
      sections.map((s) => ({
        group: s.getAttribute("data-group"),
        heading: s.querySelector("h2")?.textContent,
        items: [...s.querySelectorAll("li.connection")].map((li) => ({
          name: li.querySelector("h3")?.textContent,
          status: li.getAttribute("data-status"),
          label: li.querySelector(".status")?.textContent,
          dates: li.querySelectorAll("time").length,
          action: li.querySelector("button")?.getAttribute("data-action"),
        })),
      })),
    );
    assert.deepEqual(groups, [
      {
        group: "accounting",
        heading: "Accounting",
        items: [
          { name: "Sandbox", status: "Unlinked", label: "Disconnected", dates: 2, action: "reconnect" },
          { name: "Xero", status: "Linked", label: "Connected", dates: 2, action: "disconnect" },
        ],
      },
      {
        group: "banking",
        heading: "Banking",
        items: [{ name: "TrueLayer", status: "Unlinked", label: "Disconnected", dates: 2, action: "reconnect" }],
      },
      // Its deauthorization left no error entry, so no date: just the next step.
      {
        group: "commerce",
        heading: "Commerce",
        items: [{ name: "Shopify", status: "Deauthorized", label: "Access expired", dates: 1, action: "reconnect" }],
      },
    ]);
    // The pending Stripe connection was never authorized: nothing to manage.
    assert.equal(await page.locator(item(company.connections.wkdy!.id)).count(), 0);
    // Logos come from the server and load under the host's CSP.
    await page.waitForFunction(() => {
      const imgs = [...(document.querySelector("[data-codat-connections]")?.shadowRoot?.querySelectorAll(".logo img") ?? [])];
      return imgs.length === 4 && imgs.every((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0);
    });
    // Dates in words, the exact moment (with its time zone) on hover.
    const xero = page.locator(item(company.connections.gbol!.id));
    const created = xero.locator("time").first();
    assert.equal(await created.getAttribute("datetime"), "2026-03-01T09:30:00.000Z");
    assert.match((await created.getAttribute("title")) ?? "", /^Sunday, March 1, 2026 at \d{1,2}:30 [AP]M \S+$/);
    assert.match((await xero.textContent()) ?? "", /Connected (on Mar 1|\d+ days ago)/);
    // "Connected" is never said of a connection that is not connected.
    for (const id of [company.connections.mqjo!.id, company.connections.qudb!.id, company.connections.akxx!.id]) {
      assert.doesNotMatch((await page.locator(item(id)).textContent()) ?? "", /Connected (since|on|\d)/);
    }
    assert.match((await page.locator(item(company.connections.akxx!.id)).textContent()) ?? "", /Reconnect to restore access/);
  });

  it("says when, in words: relative dates in the reader's time zone, and earlier copy overrides still apply", async () => {
    const { company, page } = await open({ text: { "connection.created": "Linked since", "connection.lastSync": "Synced" } });
    await page.waitForSelector("li.connection");
    const xero = page.locator(item(company.connections.gbol!.id));
    // An override of an earlier prefix key gets the plain date after it, as it always did.
    assert.match((await xero.locator(".meta").first().textContent()) ?? "", /^Linked since Mar 1, 2026$/);
    assert.match((await xero.locator(".meta").nth(1).textContent()) ?? "", /^Synced Mar 2, 2026$/);
    // Relative phrases, against a clock fixed in a page of its own.
    const phrases = async (now: string) => {
      const fixed = await openHostContext(browser, host.url, { now: new Date(now), timezoneId: "UTC", locale: "en-US" });
      try {
        await mount(fixed.page, await accessToken(server, company.companyId));
        await fixed.page.waitForSelector("li.connection");
        return await fixed.page.locator(".meta").allTextContents();
      } finally {
        await fixed.close();
      }
    };
    const fourDaysOn = await phrases("2026-03-05T15:00:00Z");
    for (const phrase of ["Connected 4 days ago", "Last synced 3 days ago", "Last synced 5 hours ago", "First connected 4 days ago"]) {
      assert.ok(fourDaysOn.includes(phrase), `${phrase} in ${fourDaysOn.join(" | ")}`);
    }
    assert.ok((await phrases("2026-03-02T15:00:00Z")).includes("Connected yesterday"));
    assert.ok((await phrases("2026-03-01T09:35:00Z")).includes("Connected 5 minutes ago"));
    assert.ok((await phrases("2026-04-20T15:00:00Z")).includes("Connected on Mar 1"));
    assert.ok((await phrases("2027-01-20T15:00:00Z")).includes("Connected on Mar 1, 2026"));
  });

  it("keeps its styles to itself and puts the CSP nonce on them", async () => {
    const { page } = await open();
    await page.waitForSelector("li.connection");
    const probe = await page.evaluate(() => {
      const root = document.querySelector("[data-codat-connections]")?.shadowRoot;
      const title = root?.querySelector("h1") as HTMLElement;
      const style = root?.querySelector("style") as HTMLStyleElement;
      return {
        styles: root?.querySelectorAll("style").length,
        nonce: style.nonce,
        color: getComputedStyle(title).color,
        font: getComputedStyle(title).fontFamily,
        hostH1: getComputedStyle(document.querySelector("h1")!).fontFamily,
        violations: window.cspViolations,
      };
    });
    assert.equal(probe.styles, 1);
    assert.equal(probe.nonce, NONCE);
    assert.notEqual(probe.color, "rgb(255, 0, 0)");
    assert.doesNotMatch(probe.font, /^serif$/);
    assert.equal(probe.hostH1, "serif");
    assert.deepEqual(probe.violations, []);
  });

  it("disconnects after a confirmation that lists the data types", async () => {
    const { company, component, page } = await open({ text: DATA_TYPES });
    const xero = company.connections.gbol!.id;
    await page.click(`${item(xero)} button[data-action=disconnect]`);
    const confirm = page.locator("section.confirm");
    assert.match((await confirm.locator("h2").textContent()) ?? "", /Disconnect Xero\?/);
    assert.deepEqual(await confirm.locator(".data-types li").allTextContents(), ["Invoices and bills", "Balance sheet"]);
    assert.equal(await confirm.locator(".data-types li strong").textContent(), "Invoices");
    assert.equal(await component.focused(), "confirm-title");
    await confirm.locator("button[data-confirm]").click();
    await page.waitForSelector(`${item(xero)}[data-status=Unlinked]`);
    assert.deepEqual((await waitForEvent(page, "disconnect")).args, { connectionId: xero });
    assert.equal(await connectionStatus(server, xero), "Unlinked");
    assert.ok((await eventTypes(server, company.companyId)).includes("connection.disconnected"));
    assert.match((await page.locator("p.notice").textContent()) ?? "", /Xero is disconnected/);
    assert.equal(await page.locator("p.notice").getAttribute("data-kind"), "success");
    assert.equal(await page.locator("p.notice .notice-icon").textContent(), "✓");
    // Said of this connection now, in words: it happened here, a moment ago.
    assert.match((await page.locator(item(xero)).textContent()) ?? "", /Disconnected just now/);
    assert.doesNotMatch((await page.locator(item(xero)).textContent()) ?? "", /Connected/);
    assert.equal(await component.focused(), `action:${xero}`);
  });

  it("reconnects the sandbox platform at once", async () => {
    const { company, page } = await open();
    const sandbox = company.connections.mqjo!.id;
    await page.click(`${item(sandbox)} button[data-action=reconnect]`);
    await page.click("section.confirm button[data-confirm]");
    await page.waitForSelector(`${item(sandbox)}[data-status=Linked]`);
    assert.deepEqual((await waitForEvent(page, "reconnect")).args, { connectionId: sandbox });
    assert.equal(await connectionStatus(server, sandbox), "Linked");
  });

  it("sends another platform's reconnect to the platform in the authorization window", async () => {
    const { company, page } = await open({ text: DATA_TYPES });
    // No platform is reachable from here: the test only sees the window sent on to TrueLayer's
    // consent page (the whole flow against a real authorization server is oauth-browser.test.ts).
    const requested: string[] = [];
    page.context().on("request", (request) => requested.push(request.url()));
    const trueLayer = company.connections.qudb!.id;
    await page.click(`${item(trueLayer)} button[data-action=reconnect]`);
    // Host copy is text and inline Markdown only: no markup, no script links.
    const confirm = page.locator("section.confirm");
    assert.equal(await confirm.locator("h2").textContent(), "Connect TrueLayer again?");
    assert.deepEqual(await confirm.locator(".data-types li").allTextContents(), [
      "Transactions",
      "<img src=x> docs [bad](javascript:alert(1))",
    ]);
    assert.equal(await confirm.locator(".data-types img").count(), 0);
    assert.deepEqual(await confirm.locator(".data-types a").evaluateAll((links) => links.map((a) => a.getAttribute("href"))), [
      "https://example.com/t",
    ]);
    const [popup] = await Promise.all([page.waitForEvent("popup"), page.click("section.confirm button[data-confirm]")]);
    await page.waitForSelector("[data-authorizing]");
    await popup.waitForLoadState();
    const consent = new URL(requested.find((url) => url.startsWith("https://auth.truelayer.com/")) ?? "https://missing.example/");
    assert.equal(consent.searchParams.get("client_id"), "test-qudb");
    assert.equal(consent.searchParams.get("redirect_uri"), `${server.url}/oauth/callback`);
    assert.equal(consent.searchParams.get("code_challenge_method"), "S256");
    // Nothing changes until the platform answers: closing the window gives up.
    await popup.close();
    await page.waitForSelector(`${item(trueLayer)}[data-status=Unlinked]`, { timeout: 10_000 });
    assert.match((await page.locator("p.notice").textContent()) ?? "", /TrueLayer was not reconnected/);
    assert.equal(await connectionStatus(server, trueLayer), "Unlinked");
  });

  it("goes back to the list when the authorization window is closed without approving", async () => {
    const { company, component, page } = await open();
    const shopify = company.connections.akxx!.id;
    await page.click(`${item(shopify)} button[data-action=reconnect]`);
    const [popup] = await Promise.all([page.waitForEvent("popup"), page.click("section.confirm button[data-confirm]")]);
    await popup.close();
    await page.waitForSelector(`${item(shopify)}[data-status=Deauthorized]`, { timeout: 10_000 });
    assert.match((await page.locator("p.notice").textContent()) ?? "", /Shopify was not reconnected/);
    assert.equal(await page.locator("p.notice").getAttribute("data-kind"), "info");
    assert.equal(await component.focused(), `action:${shopify}`);
    assert.equal((await component.events()).length, 0);
  });

  it("is usable with the keyboard alone", async () => {
    const { company, component, page } = await open();
    await page.waitForSelector("li.connection");
    // From the host's heading: the close button, then the first connection's action.
    await page.click("body > main > h1");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    const sandbox = company.connections.mqjo!.id;
    assert.equal(await component.focused(), `action:${sandbox}`);
    await page.keyboard.press("Enter");
    assert.equal(await component.focused(), "confirm-title");
    // Escape closes the question and goes no further: the host does not see it.
    await page.evaluate(() => {
      window.hostEscapes = 0;
      document.addEventListener("keydown", (event) => {
        if (event.key === "Escape" && !event.defaultPrevented) window.hostEscapes = (window.hostEscapes ?? 0) + 1;
      });
    });
    await page.keyboard.press("Escape");
    assert.equal(await component.focused(), `action:${sandbox}`);
    assert.equal(await page.locator("section.confirm").count(), 0);
    assert.equal(await page.evaluate(() => window.hostEscapes), 0);
    // On the list, Escape is the host's to use.
    await page.keyboard.press("Escape");
    assert.equal(await page.evaluate(() => window.hostEscapes), 1);
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab"); // Cancel
    await page.keyboard.press("Tab"); // Reconnect
    await page.keyboard.press("Enter");
    await page.waitForSelector(`${item(sandbox)}[data-status=Linked]`);
    assert.equal(await component.focused(), `action:${sandbox}`);
  });

  it("has no axe-core violations, in the list and in a confirmation", async () => {
    const { page } = await open({ text: DATA_TYPES });
    await page.waitForSelector("li.connection");
    // Evaluated through the DevTools protocol, so the host's CSP does not stand in the way.
    await page.evaluate(axeSource);
    const audit = () =>
      page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(context: Element, options: object): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe;
        const result = await axe.run(document.getElementById("target")!, { resultTypes: ["violations"] });
        return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
      });
    assert.deepEqual(await audit(), []);
    await page.click("li.connection button[data-action=disconnect]");
    await page.waitForSelector("section.confirm");
    assert.deepEqual(await audit(), []);
  });

  for (const width of [460, 320]) {
    it(`stays readable in a ${width} × 840 box`, async () => {
      const { page } = await open({ width });
      await page.waitForSelector("li.connection");
      const layout = await page.evaluate(() => {
        const root = document.querySelector("[data-codat-connections]")!.shadowRoot!;
        const main = root.querySelector(".content")!;
        const hostBox = (root.host as HTMLElement).getBoundingClientRect();
        const outside = [...root.querySelectorAll("button, h3, .meta")].filter((el) => {
          const box = el.getBoundingClientRect();
          return box.left < hostBox.left - 0.5 || box.right > hostBox.right + 0.5;
        });
        // Lines of text a piece of copy takes (a Range has one box per line). Inline arrows
        // only: a named function here would be compiled to a helper the page does not have.
        const range = document.createRange();
        const rows = [...root.querySelectorAll("li.connection")].map((li) => ({
          metaLines: [...li.querySelectorAll(".meta, .status")].map((el) => {
            range.selectNodeContents(el);
            return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
          }),
          // The action sits beside the details, not under them.
          buttonBeside: li.querySelector("button")!.getBoundingClientRect().left > li.querySelector(".details")!.getBoundingClientRect().right - 0.5,
        }));
        return { overflow: main.scrollWidth - main.clientWidth, outside: outside.length, hostWidth: hostBox.width, rows };
      });
      assert.equal(layout.hostWidth, width);
      assert.equal(layout.overflow, 0);
      assert.equal(layout.outside, 0);
      for (const row of layout.rows) {
        if (width === 460) {
          assert.ok(row.metaLines.every((n) => n === 1), `one line each at 460 px: ${JSON.stringify(row)}`);
          assert.ok(row.buttonBeside, JSON.stringify(row));
        }
      }
    });
  }

  it("reports an expired token as not user-recoverable", async () => {
    const company = await seedCompany(server, "Expired Ltd");
    const token = await accessToken(server, company.companyId);
    clockOffsetMs = 2 * 60 * 60_000;
    try {
      const component = await mountComponent(browser, host.url, token);
      const { error } = await waitForEvent(component.page, "error");
      assert.equal(error.userRecoverable, false);
      assert.equal(error.errorCode, 401);
      assert.match(error.correlationId ?? "", /^[0-9a-f]{32}$/);
      const alert = component.page.locator("[role=alert][data-user-recoverable=false]");
      await alert.waitFor();
      assert.equal(await component.page.locator("li.connection").count(), 0);
      // A sentence and the next step, never the bare status word.
      assert.equal(await alert.locator(".headline").textContent(), "Your session has expired or is not valid.");
      assert.match((await alert.textContent()) ?? "", /Close this window and open it again from the application/);
      assert.equal(await alert.locator("button", { hasText: "Try again" }).count(), 0);
      await alert.locator("button", { hasText: "Close" }).click();
      assert.deepEqual((await component.events()).at(-1), { type: "close" });
    } finally {
      clockOffsetMs = 0;
    }
  });

  it("reports a malformed token as not user-recoverable without calling the API", async () => {
    const component = await mountComponent(browser, host.url, "not-a-token");
    const { error } = await waitForEvent(component.page, "error");
    assert.equal(error.userRecoverable, false);
    assert.equal(error.errorCode, undefined);
  });

  it("on a page whose origin is not allowed, gets no data and says the application is not set up", async () => {
    const logged: string[] = [];
    const page = (await mountComponent(browser, strangerHost.url, "not-a-token")).page;
    const onConsole = (message: ConsoleMessage) => {
      if (message.type() === "error" && message.text().startsWith("Codat Connections:")) logged.push(message.text());
    };
    page.on("console", onConsole);
    try {
      await open({}, strangerHost.url);
      const { error } = await waitForEvent(page, "error");
      assert.equal(error.errorCode, undefined, "the browser must not even see a status");
      assert.equal(error.userRecoverable, false);
      assert.match(error.message ?? "", new RegExp(`origin ${strangerHost.origin} is not on the client's allowed origins`));
      assert.equal(await page.locator("li.connection").count(), 0);
      const alert = page.locator("[role=alert][data-failure=notConfigured]");
      assert.equal(await alert.locator(".headline").textContent(), "This application is not set up to manage your connections yet.");
      assert.equal(await alert.locator("button", { hasText: "Try again" }).count(), 0, "retrying cannot help");
      // One line for the developer: the origin, the refused call, and both ways to allow it.
      assert.equal(logged.length, 1, logged.join("\n"));
      const [line = ""] = logged;
      assert.ok(line.includes(`GET ${server.url}/companies/`), line);
      assert.ok(line.includes(`this page's origin ${strangerHost.origin} is not on your client's allowed origins`), line);
      assert.ok(line.includes(`platform.settings.setCorsSettings({ allowedOrigins: [...currentOrigins, "${strangerHost.origin}"] })`), line);
      assert.ok(line.endsWith(`npm run admin -- allow-origin ${strangerHost.origin}`), line);
      // Allowed now: the same page works.
      await setAllowedOrigins(server, [host.origin, strangerHost.origin]);
      const again = await open({}, strangerHost.url);
      await again.page.waitForSelector("li.connection");
    } finally {
      page.off("console", onConsole);
      await setAllowedOrigins(server, [host.origin]);
    }
  });

  it("tells a server that is down from a refused origin: it can be retried", async () => {
    const gone = await startTestServer();
    const goneHost = await serveHostPage(hostPageHtml(gone.url), contentSecurityPolicy(gone.url));
    try {
      await setAllowedOrigins(gone, [goneHost.origin]);
      const company = await seedCompany(gone, "Offline Ltd");
      const token = await accessToken(gone, company.companyId);
      // The page has the module; then the server goes away.
      await mountComponent(browser, goneHost.url, "not-a-token");
      await gone.close();
      const { page } = await mountComponent(browser, goneHost.url, token);
      const { error } = await waitForEvent(page, "error");
      assert.equal(error.userRecoverable, true);
      assert.equal(error.message, "The connections service could not be reached.");
      const alert = page.locator("[role=alert][data-failure=network]");
      assert.match((await alert.textContent()) ?? "", /Check your internet connection, then try again/);
      assert.equal(await alert.locator("button", { hasText: "Try again" }).count(), 1);
    } finally {
      await goneHost.close();
    }
  });

  it("shows loading, then an empty state, and reports closing; destroy() removes it", async () => {
    const company = await seedCompany(server, "Empty Ltd", []);
    const token = await accessToken(server, company.companyId);
    const component = await mountComponent(browser, host.url, token);
    const { page } = component;
    await page.waitForSelector("text=You have no connections to manage yet.");
    // The next step: the company's own link page, where its owner connects a platform.
    const connect = page.locator("[data-empty] a", { hasText: "Connect a platform" });
    assert.equal(await connect.getAttribute("href"), `${server.url}/companies/${company.companyId}/link`);
    assert.equal((await fetch(`${server.url}/companies/${company.companyId}/link`)).status, 200);
    const loadingText = await page.evaluate((t) => {
      window.ui?.destroy();
      window.mount(t);
      return document.querySelector("[data-codat-connections]")?.shadowRoot?.querySelector(".state[role=status]")?.textContent;
    }, token);
    assert.match(loadingText ?? "", /Loading your connections/);
    await page.click("button[aria-label=Close]");
    assert.deepEqual(await component.events(), [{ type: "close" }]);
    await page.evaluate(() => window.ui?.destroy());
    assert.equal(await page.locator("[data-codat-connections]").count(), 0);
  });
});
