// Drives the Connections UI inside a host page (./host-page.ts) in a browser context: mounts a
// fresh component, reads the callbacks the host recorded and what has focus.
import type { Browser, BrowserContext, Page } from "playwright-core";

export type HostEvent =
  | { type: "close" }
  | { type: "error"; error: { userRecoverable: boolean; errorCode?: number; message?: string; correlationId?: string } }
  | { type: "disconnect"; args: { connectionId: string } }
  | { type: "reconnect"; args: { connectionId: string } };

export interface MountedComponent {
  context: BrowserContext;
  page: Page;
  events(): Promise<HostEvent[]>;
  /** The `data-focus` name of the element focused inside the component. */
  focused(): Promise<string | null>;
}

declare global {
  interface Window {
    hostReady?: boolean;
    events: HostEvent[];
    cspViolations: string[];
    mount(accessToken: string, options?: object): void;
    ui?: { destroy(): void };
  }
}

/** Opens the host page once per browser context; later mounts reuse it (much faster than
 * a new context per test on a small machine). */
const pages = new WeakMap<Browser, Map<string, { context: BrowserContext; page: Page }>>();

async function hostPage(browser: Browser, hostUrl: string) {
  let byUrl = pages.get(browser);
  if (!byUrl) pages.set(browser, (byUrl = new Map()));
  let entry = byUrl.get(hostUrl);
  if (!entry) {
    const context = await browser.newContext({ viewport: { width: 800, height: 900 } });
    const page = await context.newPage();
    await page.goto(hostUrl);
    await page.waitForFunction(() => window.hostReady === true, null, { polling: 20 });
    entry = { context, page };
    byUrl.set(hostUrl, entry);
  }
  return entry;
}

/** Mounts a fresh component (the previous one destroyed, the event log cleared). */
export async function mountComponent(
  browser: Browser,
  hostUrl: string,
  accessToken: string,
  options: { text?: object; width?: number } = {},
): Promise<MountedComponent> {
  const { context, page } = await hostPage(browser, hostUrl);
  await page.evaluate(
    ([token, text, width]) => {
      window.ui?.destroy();
      window.events = [];
      window.cspViolations = [];
      document.getElementById("target")!.style.width = `${width}px`;
      window.mount(token as string, text ? { text } : {});
    },
    [accessToken, options.text, options.width ?? 460] as const,
  );
  return {
    context,
    page,
    events: () => page.evaluate(() => window.events),
    focused: () =>
      page.evaluate(() => document.querySelector("[data-codat-connections]")?.shadowRoot?.activeElement?.getAttribute("data-focus") ?? null),
  };
}

/** Waits until the host recorded an event of `type`, and returns it. */
export async function waitForEvent<T extends HostEvent["type"]>(page: Page, type: T): Promise<Extract<HostEvent, { type: T }>> {
  const handle = await page.waitForFunction((t) => window.events.find((e) => e.type === t), type, { timeout: 10_000 });
  return (await handle.jsonValue()) as Extract<HostEvent, { type: T }>;
}
