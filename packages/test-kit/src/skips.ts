// Loud skips. A test that cannot run on this machine (no PostgreSQL, no Redis, no Chromium)
// says why and how to enable it on the console, and appends that line to the file named by
// PLATFORM_TEST_SKIPS, which scripts/test.mjs prints again at the very end of the run. Under
// CI=true, where these services must be there, the same call throws instead: the test fails
// rather than skips.
import { appendFileSync } from "node:fs";
import type { TestContext } from "node:test";

export function skipLoudly(t: TestContext, reason: string, howToEnable: string): void {
  const message = `${reason}: skipped; ${howToEnable}`;
  if (process.env.CI === "true") throw new Error(`${reason}; required when CI=true`);
  console.warn(message);
  const log = process.env.PLATFORM_TEST_SKIPS;
  if (log) appendFileSync(log, `${message}\n`);
  // Hook contexts (before/after) have no skip(); their tests skip themselves.
  (t as Partial<TestContext>).skip?.(message);
}
