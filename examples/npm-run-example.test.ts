// `npm run example` as a user types it, in its own process: against a real server it finds the
// API key where npm start keeps it (DATA_DIR/api-key) and the demo company, and prints a token
// for that company; with no server listening, it says in one line how to start one.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import type { startTestServer as StartTestServer } from "@codat/test-kit/server";
import { freeLoopbackUrl } from "@codat/test-kit/ports";
import { sdkBuilt } from "./run-example.js";

const root = fileURLToPath(new URL("..", import.meta.url));

/** `npm run example` with this environment (and none of the caller's CODAT_* or server variables). */
async function npmRunExample(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(CODAT_|PUBLIC_URL$|HOST$|PORT$|DATA_DIR$|PLATFORM_API_KEY$)/.test(name)),
  );
  const child = spawn("npm", ["run", "--silent", "example"], { cwd: root, env: { ...inherited, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, stdout, stderr };
}

const claims = (token: string): Record<string, unknown> => JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));

test("npm run example", async (t) => {
  if (!sdkBuilt) {
    const why = "skipped: the SDK is not built; run `npm run build -w packages/sdk` (npm test builds everything first)";
    if (process.env.CI === "true") assert.fail(why);
    return t.skip(why);
  }

  await t.test("with no server listening, says how to start one", async () => {
    const url = await freeLoopbackUrl();
    const run = await npmRunExample({ CODAT_SERVER_URL: url });
    assert.equal(run.code, 1);
    assert.equal(run.stdout, "");
    assert.equal(run.stderr.trim(), `No Platform server answers at ${url}. Start one in another terminal with \`npm start\`, then run \`npm run example\` again.`);
  });

  await t.test("against a running server, prints a one-hour token for the demo company, found on its own", async (t) => {
    const { startTestServer } = (await import("@codat/test-kit/server")) as { startTestServer: typeof StartTestServer };
    const server = await startTestServer();
    t.after(() => server.close());
    // What npm start leaves behind: the API key in DATA_DIR/api-key, and a "Demo Company" (here
    // not the first one, so that it is found by name).
    const dataDir = mkdtempSync(path.join(tmpdir(), "npm-run-example-"));
    t.after(() => rmSync(dataDir, { recursive: true, force: true }));
    writeFileSync(path.join(dataDir, "api-key"), `${server.apiKey}\n`, { mode: 0o600 });
    const create = async (name: string) => {
      const response = await fetch(`${server.url}/companies`, {
        method: "POST",
        headers: { authorization: server.authHeader, "content-type": "application/json" },
        body: JSON.stringify({ name }),
      });
      return ((await response.json()) as { id: string }).id;
    };
    await create("Another Company");
    const demoCompanyId = await create("Demo Company");

    const run = await npmRunExample({ CODAT_SERVER_URL: server.url, DATA_DIR: dataDir });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`against ${server.url} for company ${demoCompanyId}`));
    const token = /accessToken: '([^']+)'/.exec(run.stdout)?.[1];
    assert.ok(token, `the example printed { accessToken: '...' }, got: ${run.stdout}`);
    const c = claims(token);
    assert.equal(c.sub, demoCompanyId, "the token is the demo company's");
    assert.equal(Number(c.exp) - Number(c.iat), 3600, "valid for one hour");

    // A key the server does not know is refused, and the example says which variable to set.
    writeFileSync(path.join(dataDir, "api-key"), "not-a-key-of-this-server\n");
    const refused = await npmRunExample({ CODAT_SERVER_URL: server.url, DATA_DIR: dataDir });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /refused the API key \(401\): set CODAT_AUTH_HEADER/);
  });
});
