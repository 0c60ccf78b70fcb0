// Headless Chromium for the component's tests: Debian's own build, driven by
// playwright-core (no browser is ever downloaded). Without Chromium the tests skip loudly,
// except under CI, where its absence is a failure.
import { existsSync } from "node:fs";
import type { TestContext } from "node:test";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** The browser, or undefined after marking the test skipped (never under CI). */
export async function chromiumOrSkip(t: TestContext): Promise<Browser | undefined> {
  if (!existsSync(CHROMIUM_PATH)) {
    const reason = `Chromium not found at ${CHROMIUM_PATH}`;
    if (process.env.CI === "true") throw new Error(`${reason}; CI must install it (apt-get install chromium)`);
    const message = `browser tests skipped: ${reason}; install Debian's chromium or set CHROMIUM_PATH to enable them`;
    console.warn(message);
    t.skip(message);
    return undefined;
  }
  return launchChromium();
}
