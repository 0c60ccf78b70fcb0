// Runs examples/proxy.ts in its own process against the real Platform server of packages/server
// and a real OAuth 2.0 platform (the test kit's authorization server): through the proxy, the
// example reads the platform's protected resource (`/api/whoami`) as the connection's account.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { startOAuthPlatform as StartOAuthPlatform } from "@codat/test-kit/oauth";
import type { startTestServer as StartTestServer } from "@codat/test-kit/server";
import { runExample, sdkBuilt } from "./run-example.js";

const runThisExample = (env: Record<string, string>) => runExample("proxy.ts", env);

test("the proxy example reads the platform's protected resource as the connection's account", async (t) => {
  if (!sdkBuilt) {
    const why = "skipped: the SDK is not built; run `npm run build -w packages/sdk` (npm test builds everything first)";
    if (process.env.CI === "true") assert.fail(why);
    console.warn(why);
    return t.skip(why);
  }
  let startTestServer: typeof StartTestServer;
  let startOAuthPlatform: typeof StartOAuthPlatform;
  try {
    ({ startTestServer } = await import("@codat/test-kit/server"));
    ({ startOAuthPlatform } = await import("@codat/test-kit/oauth"));
  } catch (error) {
    const why = `skipped: packages/server is not usable here (${(error as Error).message}); run npm install && npm run build`;
    if (process.env.CI === "true") assert.fail(why);
    console.warn(why);
    return t.skip(why);
  }
  // A real listening server over a temp SQLite file, and a platform on loopback (its API is the
  // authorization server's own protected resource).
  const server = await startTestServer({ env: { PLATFORM_ALLOW_PRIVATE_URLS: "true" } });
  t.after(() => server.close());
  const platform = await startOAuthPlatform(server);
  t.after(() => platform.close());
  const { companyId, connection } = await platform.createConnection("Example Ltd");
  await platform.connectWithFetch(connection.linkUrl, "alice");

  const run = await runThisExample({
    CODAT_AUTH_HEADER: server.authHeader,
    CODAT_COMPANY_ID: companyId,
    CODAT_CONNECTION_ID: connection.id,
    CODAT_PROXY_PATH: "/api/whoami",
    CODAT_SERVER_URL: server.url,
  });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^200 \{/, run.stdout);
  assert.match(run.stdout, /account: 'alice'/, "read as the connection's account");
  assert.match(run.stdout, new RegExp(`clientId: '${platform.clientId}'`), "with the app's grant");

  // The proxy's own refusal is reported as such: another connection id is not found.
  const missing = await runThisExample({
    CODAT_AUTH_HEADER: server.authHeader,
    CODAT_COMPANY_ID: companyId,
    CODAT_CONNECTION_ID: "00000000-0000-4000-8000-000000000000",
    CODAT_PROXY_PATH: "/api/whoami",
    CODAT_SERVER_URL: server.url,
  });
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^404 /);
});
