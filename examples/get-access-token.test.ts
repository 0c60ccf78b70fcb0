// Runs the seed's example (examples/get-access-token.ts) in its own process against the real
// Platform server of packages/server, and checks the token it prints is a one-hour token for
// that one company.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { startTestServer as StartTestServer } from "@codat/test-kit/server";
import { runExample, sdkBuilt } from "./run-example.js";

const runThisExample = (env: Record<string, string>) => runExample("get-access-token.ts", env);

function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
}

test("the seed example prints an access token issued by the real server", async (t) => {
  if (!sdkBuilt) {
    const why = "skipped: the SDK is not built; run `npm run build -w packages/sdk` (npm test builds everything first)";
    if (process.env.CI === "true") assert.fail(why);
    console.warn(why);
    return t.skip(why);
  }
  // The repository's test kit: a real listening server on 127.0.0.1 over a temp SQLite file.
  const helper = "@codat/test-kit/server";
  let startTestServer: typeof StartTestServer;
  try {
    ({ startTestServer } = await import(helper));
  } catch (error) {
    const why = `skipped: packages/server is not usable here (${(error as Error).message}); run npm install && npm run build`;
    if (process.env.CI === "true") assert.fail(why);
    console.warn(why);
    return t.skip(why);
  }
  const server = await startTestServer();
  t.after(() => server.close());

  const { CodatPlatform } = await import("@codat/platform");
  const admin = new CodatPlatform({ authHeader: server.authHeader, serverURL: server.url });
  const company = await admin.companies.create({ name: "Example Ltd" });

  const run = await runThisExample({
    CODAT_AUTH_HEADER: server.authHeader,
    CODAT_COMPANY_ID: company.id,
    CODAT_SERVER_URL: server.url,
  });
  assert.equal(run.code, 0, run.stderr);
  const token = /accessToken: '([^']+)'/.exec(run.stdout)?.[1];
  assert.ok(token, `the example printed { accessToken: '...' }, got: ${run.stdout}`);
  const c = claims(token);
  assert.equal(c.sub, company.id, "the token is for that one company");
  assert.equal(Number(c.exp) - Number(c.iat), 3600, "valid for one hour");

  // The server honours it: the company's connections are readable with the token as Bearer.
  const res = await fetch(`${server.url}/companies/${company.id}/connections`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(res.status, 200);
});
