// The process as `npm start` runs it: seed and banner on a new database, the same API key after
// a restart (key file, mode 0600), PLATFORM_API_KEY, draining on SIGTERM, and the admin CLI.
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { basicAuth } from "@codat/test-kit/auth";
import { ADMIN_JS, MAIN_JS, spawnServer, startServerProcess } from "@codat/test-kit/server-process";

// The built entry points, as `npm start` and `npm run admin` run them (`npm test` builds first),
// in this process's environment as a shell would hand it over, less what would configure them.
const SCRIPTS = { "main.js": MAIN_JS, "admin.js": ADMIN_JS };
const baseEnv = { LOG_LEVEL: "warn", SIGNING_KEY_SECRET: "", PLATFORM_API_KEY: "", DATABASE_URL: "", DEMO_PAGE: "" };

function run(script: keyof typeof SCRIPTS, cwd: string, env: Record<string, string>, args: string[] = []) {
  const proc = spawnServer({ script: SCRIPTS[script], args, cwd, baseEnv: "inherit", env: { ...baseEnv, ...env } });
  return { child: proc.child, exited: proc.exited, output: () => ({ stdout: proc.stdout(), stderr: proc.stderr() }) };
}

/** Starts the server and resolves with its banner once it has printed it. */
async function start(cwd: string, env: Record<string, string> = {}) {
  // Generous: a busy 2-core machine running the rest of the suite can take seconds to start Node.
  const proc = await startServerProcess({ cwd, baseEnv: "inherit", env: { ...baseEnv, ...env }, waitFor: "banner", timeoutMs: 90_000 });
  const banner = proc.stdout();
  const field = (label: string) => new RegExp(`${label}\\s+(\\S+(?: \\S+)?)`).exec(banner)?.[1] ?? "";
  return {
    child: proc.child,
    exited: proc.exited,
    output: () => ({ stdout: proc.stdout(), stderr: proc.stderr() }),
    url: proc.url,
    banner,
    apiKey: field("API key"),
    authorization: field("Authorization"),
    companyId: field("demo company"),
    stop: () => proc.stop(),
  };
}

describe("npm start", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "platform-main-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("seeds a new database, prints a working banner, and keeps the key across restarts", async () => {
    const first = await start(dir);
    try {
      assert.match(first.banner, new RegExp(`listening on ${first.url.replaceAll(".", "\\.")}`));
      assert.match(first.banner, /seeded a default client and a demo company/);
      assert.equal(first.authorization, `Basic ${Buffer.from(first.apiKey).toString("base64")}`);
      assert.match(first.companyId, /^[0-9a-f-]{36}$/);
      assert.match(first.banner, new RegExp(`curl -s -H "Authorization: ${first.authorization}" ${first.url}/companies/${first.companyId}/connectionManagement/accessToken`));
      assert.equal(statSync(path.join(dir, "data", "api-key")).mode & 0o777, 0o600);
      assert.equal(statSync(path.join(dir, "data", "signing-key-secret")).mode & 0o777, 0o600);
      // Every tenant's data and the key hashes: only the server's user may read them.
      assert.equal(statSync(path.join(dir, "data")).mode & 0o777, 0o700, "the data folder");
      for (const file of ["platform.sqlite", "platform.sqlite-wal", "platform.sqlite-shm"]) {
        assert.equal(statSync(path.join(dir, "data", file)).mode & 0o777, 0o600, file);
      }

      const headers = { authorization: first.authorization };
      const token = await fetch(`${first.url}/companies/${first.companyId}/connectionManagement/accessToken`, { headers });
      assert.equal(token.status, 200);
      const connections = (await (await fetch(`${first.url}/companies/${first.companyId}/connections`, { headers })).json()) as {
        results: Array<{ sourceType: string; status: string }>;
      };
      const seen = connections.results.map((c) => `${c.sourceType}:${c.status}`);
      for (const expected of ["Accounting:Linked", "Banking:Unlinked", "Commerce:Deauthorized"]) assert.ok(seen.includes(expected), expected);
      const origins = (await (await fetch(`${first.url}/corsSettings`, { headers })).json()) as { allowedOrigins: string[] };
      assert.ok(origins.allowedOrigins.includes(first.url), "the server's own origin is allowed");
      const linkPage = new RegExp(`its link page\\s+(${first.url.replaceAll(".", "\\.")}/companies/${first.companyId}/link)`).exec(first.banner)?.[1];
      assert.ok(linkPage, "the banner shows the demo company's link page");
      assert.equal((await fetch(linkPage)).status, 200);
      assert.equal((await fetch(`${first.url}/healthz`)).status, 200);
      assert.equal((await fetch(`${first.url}/readyz`)).status, 200);
      // Outside `npm start` the demo host page is off unless DEMO_PAGE=true asks for it.
      assert.doesNotMatch(first.banner, /demo page/);
      assert.equal((await fetch(`${first.url}/demo/api/connections-token`, { method: "POST" })).status, 404);
    } finally {
      assert.equal(await first.stop(), 0, "SIGTERM drains and exits 0");
    }

    // A database an older version left readable to all is tightened at the next start.
    chmodSync(path.join(dir, "data", "platform.sqlite"), 0o644);
    const second = await start(dir, { DEMO_PAGE: "true" });
    assert.equal(statSync(path.join(dir, "data", "platform.sqlite")).mode & 0o777, 0o600, "tightened");
    try {
      assert.doesNotMatch(second.banner, /seeded/);
      assert.equal(second.apiKey, first.apiKey, "same key after a restart");
      assert.equal(second.companyId, first.companyId);
      assert.equal((await fetch(`${second.url}/companies`, { headers: { authorization: second.authorization } })).status, 200);
      assert.match(second.banner, /demo page\s+\S+\/demo/);
      assert.equal((await fetch(`${second.url}/demo`)).status, 200);
      const demoToken = await fetch(`${second.url}/demo/api/connections-token`, { method: "POST" });
      assert.equal(demoToken.status, 200);
      assert.match(((await demoToken.json()) as { accessToken: string }).accessToken, /^[\w-]+\.[\w-]+\.[\w-]+$/);
      assert.equal(statSync(path.join(dir, "data", "demo-api-key")).mode & 0o777, 0o600, "the demo's own key, kept 0600");
    } finally {
      await second.stop();
    }

    // In production the demo host page is turned off: neither it nor its token route answer.
    const third = await start(dir, { DEMO_PAGE: "false" });
    try {
      assert.doesNotMatch(third.banner, /demo page/);
      for (const [method, route] of [["GET", "/demo"], ["POST", "/demo/api/connections-token"]] as const) {
        const res = await fetch(`${third.url}${route}`, { method });
        assert.equal(res.status, 404, `${method} ${route}`);
        assert.equal(((await res.json()) as { statusCode: number }).statusCode, 404);
      }
    } finally {
      await third.stop();
    }
  });

  it("refuses a bad configuration with a clear message", async () => {
    const proc = run("main.js", dir, { PORT: "not-a-port" });
    assert.equal(await proc.exited, 78);
    assert.match(proc.output().stderr, /PORT must be a whole number/);
  });

  it("creates clients and rotates keys from the admin CLI; honours PLATFORM_API_KEY", async () => {
    const created = run("admin.js", dir, {}, ["create-client", "Acme", "Lending"]);
    assert.equal(await created.exited, 0, created.output().stderr);
    const lines = created.output().stdout.trim().split("\n");
    const key = lines.at(-1) ?? "";
    assert.match(key, /^[A-Za-z0-9_-]{43}$/);
    assert.match(created.output().stdout, /Created client "Acme Lending"/);

    const rotated = run("admin.js", dir, {}, ["rotate-signing-key"]);
    assert.equal(await rotated.exited, 0, rotated.output().stderr);
    assert.match(rotated.output().stdout, /New active signing key (\S+);/);

    const platformKey = "my-own-platform-api-key-0123456789";
    const server = await start(dir, { PLATFORM_API_KEY: platformKey });
    try {
      assert.equal(server.apiKey, platformKey);
      assert.match(server.banner, /from PLATFORM_API_KEY/);
      assert.equal((await fetch(`${server.url}/companies`, { headers: { authorization: server.authorization } })).status, 200);
      const headers = { authorization: basicAuth(key) };
      const list = (await (await fetch(`${server.url}/companies`, { headers })).json()) as { totalResults: number };
      assert.equal(list.totalResults, 0, "a new client sees none of the default client's companies");
      const jwks = (await (await fetch(`${server.url}/.well-known/jwks.json`)).json()) as { keys: unknown[] };
      assert.equal(jwks.keys.length, 2, "the rotated-out key is still published");
      // Its owner deletes the key through the API (say, because it leaked) ...
      const keys = (await (await fetch(`${server.url}/apiKeys`, { headers: { authorization: server.authorization } })).json()) as {
        results: Array<{ id: string; name: string }>;
      };
      const own = keys.results.find((k) => k.name === "PLATFORM_API_KEY");
      assert.ok(own);
      const deleted = await fetch(`${server.url}/apiKeys/${own.id}`, { method: "DELETE", headers: { authorization: server.authorization } });
      assert.equal(deleted.status, 204);
    } finally {
      await server.stop();
    }
    // ... and the next start with the same value does not bring it back, and says so.
    const restarted = await start(dir, { PLATFORM_API_KEY: platformKey });
    try {
      assert.match(restarted.banner, /PLATFORM_API_KEY was deleted through the API on \S+ and is not restored/);
      assert.doesNotMatch(restarted.banner, new RegExp(platformKey));
      const refused = await fetch(`${restarted.url}/companies`, { headers: { authorization: basicAuth(platformKey) } });
      assert.equal(refused.status, 401);
    } finally {
      await restarted.stop();
    }
    // A short or guessable PLATFORM_API_KEY would not survive its unsalted hash being read.
    for (const weak of ["short-key-0123456789", "password password password password", "a".repeat(40), "abababababababababababababababababab"]) {
      const refusedStart = run("main.js", dir, { PLATFORM_API_KEY: weak });
      assert.equal(await refusedStart.exited, 78, weak);
      assert.match(refusedStart.output().stderr, /PLATFORM_API_KEY must be at least 32 characters that look random/);
    }
    const usage = run("admin.js", dir, {}, ["frobnicate"]);
    assert.equal(await usage.exited, 64);
    assert.match(usage.output().stderr, /usage:/);
  });
});
