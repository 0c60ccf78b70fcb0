// A host page (test-kit's host-page.ts) in a browser context of its own, for tests that need
// the context set up their way: a fixed clock, a locale and time zone, a frame. test-kit's
// `mountComponent` shares one context per page URL, which is faster but shared.
import type { Browser, BrowserContext, BrowserContextOptions, Frame, Page } from "playwright-core";

export interface HostContext {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function openHostContext(browser: Browser, url: string, options: BrowserContextOptions & { now?: Date } = {}): Promise<HostContext> {
  const { now, ...contextOptions } = options;
  const context = await browser.newContext({ viewport: { width: 800, height: 900 }, ...contextOptions });
  const page = await context.newPage();
  // Before the page's scripts run: every date the component formats is against this clock.
  if (now) await page.clock.setFixedTime(now);
  await page.goto(url);
  return { context, page, close: () => context.close() };
}

/** Mounts a fresh component in `frame` (a page's main frame, or a frame in it) once the host
 * page is ready; the host page records the callbacks in `window.events`. */
export async function mount(frame: Page | Frame, accessToken: string, options: { text?: object } = {}): Promise<void> {
  await frame.waitForFunction(() => window.hostReady === true, null, { polling: 20 });
  await frame.evaluate(
    ([token, text]) => {
      window.ui?.destroy();
      window.events = [];
      window.mount(token as string, text ? { text } : {});
    },
    [accessToken, options.text] as const,
  );
}
