// The demo platform (demo/demo-platform.ts) as the default client's own platform `demo`, with
// the app's credentials at it, for `npm start`'s demo (main.ts) and the tests of the demo page.
import type { Kysely } from "kysely";
import type { ServerContext } from "../context.js";
import { DEMO_PLATFORM_KEY, demoPlatformCredentials, demoPlatformInput } from "../demo/demo-platform.js";
import { ApiError } from "../errors.js";
import type { SeedOptions } from "../seed.js";
import type { Database } from "../storage/schema.js";
import { saveCustomPlatform, setCredentials } from "./platform-apps.js";

/**
 * The demo platform (demo/demo-platform.ts) as the default client's own platform `demo`, with
 * the app's credentials at it: saved at every start, as PUBLIC_URL may have changed (it replaces
 * whatever the client saved under that key). Refused when the server may not call PUBLIC_URL's
 * address (a loopback one without PLATFORM_ALLOW_PRIVATE_URLS=true, which `npm start` sets):
 * the server then runs without it, and says why.
 */
export async function setUpDemoPlatform(context: ServerContext, clientId: string, db: Kysely<Database>): ReturnType<NonNullable<SeedOptions["demoPlatform"]>> {
  const within = { ...context, db };
  try {
    const entry = await saveCustomPlatform(within, clientId, DEMO_PLATFORM_KEY, demoPlatformInput(context.config.publicUrl));
    await setCredentials(within, clientId, entry, demoPlatformCredentials(context.secretBox));
    return { entry };
  } catch (error) {
    if (!(error instanceof ApiError) || error.statusCode !== 400) throw error;
    const problem = context.config.platformAllowPrivateUrls
      ? error.message
      : `the server may not call ${context.config.publicUrl} (set PLATFORM_ALLOW_PRIVATE_URLS=true, as npm start does)`;
    context.log.warn({ reason: error.message }, `demo platform not set up: ${problem}`);
    return { problem };
  }
}

