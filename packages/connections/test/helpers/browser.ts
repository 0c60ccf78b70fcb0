// Headless Chromium for the component's tests: Debian's own build, driven by
// playwright-core (no browser is ever downloaded). Without Chromium the tests skip loudly,
// except under CI, where its absence is a failure.
import { existsSync } from "node:fs";
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

/** Why the browser tests cannot run here, or undefined when they can. Under CI a missing
 * Chromium is an error, not a reason to skip. Use as `describe(name, { skip }, ...)`. */
export function chromiumSkipReason(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  const reason = `Chromium not found at ${CHROMIUM_PATH}`;
  if (process.env.CI === "true") throw new Error(`${reason}; CI must install it (apt-get install chromium)`);
  const message = `browser tests skipped: ${reason}; install Debian's chromium or set CHROMIUM_PATH to enable them`;
  console.warn(message);
  return message;
}
