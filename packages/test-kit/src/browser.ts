// Headless Chromium for the Connections UI's tests and benchmarks: Debian's own build (or
// CHROMIUM_PATH), driven by playwright-core (no browser is ever downloaded). Without Chromium
// the tests skip loudly, except under CI, where its absence is a failure. Import it by its own
// path (`@codat/test-kit/browser`): playwright-core takes a while to load, so the kit's index
// leaves it out.
import { existsSync } from "node:fs";
import type { TestContext } from "node:test";
import { chromium, type Browser } from "playwright-core";
import { skipLoudly } from "./skips.js";

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

/** Why the browser tests cannot run here, or undefined when they can. Reported like every
 * other skip of the suite (console and the end-of-run summary); under CI a missing Chromium
 * throws instead. Use as `describe(name, { skip: chromiumSkipReason() }, ...)`. */
export function chromiumSkipReason(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  const reason = `browser tests: Chromium not found at ${CHROMIUM_PATH}`;
  const howToEnable = "install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH";
  skipLoudly({} as TestContext, reason, howToEnable);
  return `${reason}: skipped; ${howToEnable}`;
}
