// The process as `npm start` runs it: seed and banner on a new database, the same API key after
// a restart (key file, mode 0600), PLATFORM_API_KEY, draining on SIGTERM, and the admin CLI
// (clients, signing keys, platform app credentials, resealing every secret after a rotation of
// SIGNING_KEY_SECRET).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { basicAuth } from "@codat/test-kit/auth";
import { ADMIN_JS, MAIN_JS, spawnServer, startServerProcess } from "@codat/test-kit/server-process";
import { revocationAssociatedData } from "../src/oauth/revocation.js";
import { openDatabase } from "../src/storage/dialect.js";
import { credentialsAssociatedData, saveCredentials } from "../src/storage/repositories/connection-credentials.js";
import { insertFlow } from "../src/storage/repositories/oauth-flows.js";
import { enqueueRevocation } from "../src/storage/repositories/revocations.js";
import { SecretBox } from "../src/tokens/secret-box.js";
import { webhookDb } from "../src/webhooks/schema.js";

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
      for (const expected of ["Accounting:Linked", "Accounting:Unlinked", "Commerce:Deauthorized"]) assert.ok(seen.includes(expected), expected);
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

/** The admin CLI with `stdin` piped in (or closed at once), in `cwd`; resolves once it has exited. */
function admin(cwd: string, env: Record<string, string>, args: string[], stdin = ""): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [ADMIN_JS, ...args], { cwd, env: { ...process.env, ...baseEnv, ...env }, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  child.stdin.end(stdin);
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr })));
}

/** `list-platforms` output as key → [name, enabled, client id]. */
function platformRows(stdout: string): Map<string, string[]> {
  const rows = stdout.trim().split("\n").slice(2);
  return new Map(rows.map((row) => row.split(/\s{2,}/)).map(([key, ...rest]) => [key!, rest]));
}

describe("admin CLI: platform app credentials and resealing", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "platform-admin-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const OLD = "old-signing-key-secret-0123456789-abcdefgh";
  const NEW = "new-signing-key-secret-0123456789-abcdefgh";
  const PUBLIC_URL = "https://connect.example.com";
  const XERO_SECRET = "xero-app-secret-never-on-the-command-line";
  const STRIPE_SECRET = "sk_live_stripe-app-secret-from-a-file";
  const withOld = { SIGNING_KEY_SECRET: OLD, PUBLIC_URL };
  let clientId = "";

  it("sets, lists and deletes a platform's app credentials; the secret comes from stdin or a file, never argv", async () => {
    const created = await admin(dir, withOld, ["create-client", "Platform Operator"]);
    assert.equal(created.code, 0, created.stderr);
    clientId = /\(([0-9a-f-]{36})\)/.exec(created.stdout)?.[1] ?? "";
    assert.ok(clientId, created.stdout);

    const before = await admin(dir, withOld, ["list-platforms", "--client", clientId]);
    assert.equal(before.code, 0, before.stderr);
    assert.deepEqual(platformRows(before.stdout).get("gbol"), ["Xero", "no", "-"]);
    assert.deepEqual(platformRows(before.stdout).get("mqjo"), ["Sandbox", "yes", "(fixed credentials)"]);

    const client = ["--client", clientId];
    const xero = await admin(dir, withOld, ["set-platform-credentials", ...client, "--platform", "gbol", "--client-id", "XERO-APP-1", "--scopes", "offline_access,accounting.settings.read"], `${XERO_SECRET}\n`);
    assert.equal(xero.code, 0, xero.stderr);
    assert.match(xero.stdout, /Set the app credentials of Xero \(gbol\)/);
    assert.match(xero.stdout, /scopes offline_access accounting\.settings\.read/);
    assert.ok(xero.stdout.includes(`${PUBLIC_URL}/oauth/callback`), "prints the callback URL to register");

    const secretFile = path.join(dir, "stripe-secret");
    writeFileSync(secretFile, `${STRIPE_SECRET}\n`, { mode: 0o600 });
    const stripe = await admin(dir, withOld, ["set-platform-credentials", ...client, "--platform", "wkdy", "--client-id", "ca_stripe", "--client-secret-file", secretFile]);
    assert.equal(stripe.code, 0, stripe.stderr);
    assert.match(stripe.stdout, /the platform's defaults \(read_write\)/);

    const listed = await admin(dir, withOld, ["list-platforms", ...client]);
    const rows = platformRows(listed.stdout);
    assert.deepEqual(rows.get("gbol"), ["Xero", "yes", "XERO-APP-1"]);
    assert.deepEqual(rows.get("wkdy"), ["Stripe", "yes", "ca_stripe"]);
    assert.deepEqual(rows.get("qhyg"), ["QuickBooks Online", "no", "-"]);
    for (const output of [xero, stripe, listed]) {
      assert.ok(!`${output.stdout}${output.stderr}`.includes(XERO_SECRET) && !`${output.stdout}${output.stderr}`.includes(STRIPE_SECRET), "no secret is printed");
    }

    // Refusals: a secret on the command line (nothing is stored), no secret, unknown client or
    // platform, the sandbox, a bad scope.
    const argv = await admin(dir, withOld, ["set-platform-credentials", ...client, "--platform", "gbol", "--client-id", "X", "--client-secret", "oops"]);
    assert.equal(argv.code, 64);
    assert.match(argv.stderr, /never taken from the command line/);
    const empty = await admin(dir, withOld, ["set-platform-credentials", ...client, "--platform", "gbol", "--client-id", "X"]);
    assert.equal(empty.code, 1);
    assert.match(empty.stderr, /no client secret on standard input/);
    const unknownClient = await admin(dir, withOld, ["list-platforms", "--client", "8a210b68-6988-41ed-a1eb-0242ac120002"]);
    assert.equal(unknownClient.code, 1);
    assert.match(unknownClient.stderr, /no client/);
    const unknownPlatform = await admin(dir, withOld, ["set-platform-credentials", ...client, "--platform", "zzzz", "--client-id", "X"], "s\n");
    assert.equal(unknownPlatform.code, 1);
    assert.match(unknownPlatform.stderr, /no platform zzzz/);
    const sandbox = await admin(dir, withOld, ["set-platform-credentials", ...client, "--platform", "mqjo", "--client-id", "X"], "s\n");
    assert.equal(sandbox.code, 1);
    assert.match(sandbox.stderr, /fixed credentials/);
    const scope = await admin(dir, withOld, ["set-platform-credentials", ...client, "--platform", "gbol", "--client-id", "X", "--scopes", "a b"], "s\n");
    assert.equal(scope.code, 64);
    assert.deepEqual(platformRows((await admin(dir, withOld, ["list-platforms", ...client])).stdout).get("gbol"), ["Xero", "yes", "XERO-APP-1"], "nothing changed");

    const deleted = await admin(dir, withOld, ["delete-platform-credentials", ...client, "--platform", "wkdy"]);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.match(deleted.stdout, /no longer offered/);
    const again = await admin(dir, withOld, ["delete-platform-credentials", ...client, "--platform", "wkdy"]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /no app credentials are set for Stripe/);
    assert.deepEqual(platformRows((await admin(dir, withOld, ["list-platforms", ...client])).stdout).get("wkdy"), ["Stripe", "no", "-"]);
  });

  it("reseals every secret after SIGNING_KEY_SECRET is rotated; then the new secret alone opens them all", async () => {
    assert.ok(clientId, "the previous test created the client");
    // Sealed under OLD: the signing key (first start), a webhook consumer's secret (the API) and
    // the Xero app secret (above); then, written as the server writes them, a connection's
    // tokens, a queued revocation and an authorization in progress.
    const first = await start(dir, { ...withOld, WEBHOOK_ALLOW_PRIVATE_URLS: "true" });
    let webhookSecret = "";
    try {
      const response = await fetch(`${first.url}/webhooks`, {
        method: "POST",
        headers: { authorization: first.authorization, "content-type": "application/json" },
        body: JSON.stringify({ url: "http://127.0.0.1:9/hooks", eventTypes: ["company.deleted"] }),
      });
      assert.equal(response.status, 201);
      webhookSecret = ((await response.json()) as { secret: string }).secret;
    } finally {
      await first.stop();
    }

    const { db } = openDatabase("sqlite:./data/platform.sqlite", dir);
    const old = SecretBox.fromSecret(OLD);
    const stateHash = createHash("sha256").update("a-state").digest("base64url");
    const revocationId = "5d0c2a1e-7b4f-4c3a-9e8d-1f2a3b4c5d6e";
    const plain = { access: "platform-access-token", refresh: "platform-refresh-token", verifier: "pkce-code-verifier-0123456789", revocation: JSON.stringify({ accessToken: "revoke-me" }) };
    let connection: { id: string; client_id: string; company_id: string };
    try {
      connection = await db.selectFrom("connections").select(["id", "client_id", "company_id"]).executeTakeFirstOrThrow();
      const now = new Date();
      await saveCredentials(db, connection.id, connection.client_id, {
        accessTokenSealed: old.sealText(plain.access, credentialsAssociatedData(connection.id, "access")),
        refreshTokenSealed: old.sealText(plain.refresh, credentialsAssociatedData(connection.id, "refresh")),
        tokenType: "Bearer",
        scopes: null,
        expires: "2999-01-01T00:00:00.000Z",
        // Not due while this test runs (the server below would otherwise try to refresh it).
        refreshDue: "2999-01-01T00:00:00.000Z",
        now: now.toISOString(),
      });
      const requestSealed = old.sealText(plain.revocation, revocationAssociatedData(revocationId));
      await enqueueRevocation(db, { id: revocationId, clientId: connection.client_id, connectionId: connection.id, platformKey: "gbol", requestSealed, now });
      // Not due while this test runs (the server below would otherwise attempt it).
      await db.updateTable("revocations").set({ next_attempt_date: "2999-01-01T00:00:00.000Z" }).where("id", "=", revocationId).execute();
      await insertFlow(db, {
        stateHash,
        clientId: connection.client_id,
        companyId: connection.company_id,
        connectionId: connection.id,
        browserHash: "browser",
        codeVerifierSealed: old.sealText(plain.verifier, `oauth-flow:${stateHash}`),
        parameters: {},
        created: now.toISOString(),
        expires: new Date(now.getTime() + 10 * 60_000).toISOString(),
      });
    } finally {
      await db.destroy();
    }

    /** Every sealed value in the database, opened with `box`; throws when one does not open. */
    const openAll = async (box: SecretBox) => {
      const { db } = openDatabase("sqlite:./data/platform.sqlite", dir);
      try {
        const keys = await db.selectFrom("signing_keys").select("private_key_encrypted").execute();
        const consumers = await webhookDb(db).selectFrom("webhook_consumers").select("secret").execute();
        // Every app of every client (a start may set up the demo platform's for the default one).
        const apps = await db.selectFrom("platform_apps").select(["client_id", "platform_key", "client_secret_sealed"]).execute();
        const openApp = (row: (typeof apps)[number]) => box.openText(row.client_secret_sealed, `platform-app:${row.client_id}:${row.platform_key}`);
        const app = apps.find((row) => row.client_id === clientId && row.platform_key === "gbol")!;
        const tokens = await db.selectFrom("connection_credentials").selectAll().where("connection_id", "=", connection.id).executeTakeFirstOrThrow();
        const revocation = await db.selectFrom("revocations").select("request_sealed").where("id", "=", revocationId).executeTakeFirstOrThrow();
        const flow = await db.selectFrom("oauth_flows").select("code_verifier_sealed").where("state_hash", "=", stateHash).executeTakeFirstOrThrow();
        const sealed = [
          ...keys.map((row) => row.private_key_encrypted),
          ...consumers.map((row) => row.secret),
          ...apps.map((row) => row.client_secret_sealed),
          tokens.access_token_sealed,
          tokens.refresh_token_sealed!,
          revocation.request_sealed!,
          flow.code_verifier_sealed!,
        ];
        apps.forEach(openApp);
        return {
          keys: keys.map((row) => box.open(row.private_key_encrypted).length),
          webhook: consumers.map((row) => box.openText(row.secret)),
          apps: apps.length,
          app: openApp(app),
          access: box.openText(tokens.access_token_sealed, credentialsAssociatedData(connection.id, "access")),
          refresh: box.openText(tokens.refresh_token_sealed!, credentialsAssociatedData(connection.id, "refresh")),
          revocation: box.openText(revocation.request_sealed!, revocationAssociatedData(revocationId)),
          verifier: box.openText(flow.code_verifier_sealed!, `oauth-flow:${stateHash}`),
          stale: sealed.filter((value) => box.isStale(value)).length,
          sealed,
        };
      } finally {
        await db.destroy();
      }
    };
    const expected = { webhook: [webhookSecret], app: XERO_SECRET, access: plain.access, refresh: plain.refresh, revocation: plain.revocation, verifier: plain.verifier };
    const opened = ({ keys: _keys, apps: _apps, stale: _stale, sealed: _sealed, ...values }: Awaited<ReturnType<typeof openAll>>) => values;
    const underOld = await openAll(old);
    assert.deepEqual(opened(underOld), expected);
    assert.ok(underOld.keys.length >= 1, "a signing key");
    await assert.rejects(openAll(SecretBox.fromSecret(NEW)), /neither SIGNING_KEY_SECRET nor in SIGNING_KEY_SECRET_PREVIOUS/);

    // Rotated without the old secret: nothing opens, nothing is touched, and it says so.
    const withNew = { SIGNING_KEY_SECRET: NEW, PUBLIC_URL };
    const blind = await admin(dir, withNew, ["reseal"]);
    assert.equal(blind.code, 1, blind.stdout);
    assert.match(blind.stdout, /0 resealed, 0 already current, 0 replaced meanwhile, (\d+) do not open/);
    assert.match(blind.stderr, /add the secret that sealed them to SIGNING_KEY_SECRET_PREVIOUS/);
    assert.deepEqual((await openAll(old)).sealed, underOld.sealed, "left as they were");

    // Rotated with the old secret kept as previous: everything is rewritten under the new one.
    const resealed = await admin(dir, { ...withNew, SIGNING_KEY_SECRET_PREVIOUS: OLD }, ["reseal"]);
    assert.equal(resealed.code, 0, resealed.stderr);
    const count = (kind: string) => new RegExp(`^${kind}\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)$`, "m").exec(resealed.stdout)?.slice(1).map(Number);
    assert.deepEqual(count("signing keys"), [underOld.keys.length, 0, 0, 0]);
    assert.deepEqual(count("webhook consumer secrets"), [1, 0, 0, 0]);
    assert.deepEqual(count("platform app secrets"), [underOld.apps, 0, 0, 0]);
    assert.deepEqual(count("connection tokens"), [2, 0, 0, 0]);
    assert.deepEqual(count("queued revocations"), [1, 0, 0, 0]);
    assert.deepEqual(count("authorizations in progress \\(PKCE verifiers\\)"), [1, 0, 0, 0]);
    for (const secret of [OLD, NEW, XERO_SECRET, webhookSecret, plain.access]) assert.ok(!`${resealed.stdout}${resealed.stderr}`.includes(secret), "no secret is printed");

    const underNew = await openAll(SecretBox.fromSecret(NEW));
    assert.deepEqual(opened(underNew), expected);
    assert.deepEqual(underNew.keys, underOld.keys, "the same signing keys");
    assert.equal(underNew.stale, 0, "nothing left under the old key");
    await assert.rejects(openAll(old), /neither SIGNING_KEY_SECRET nor in SIGNING_KEY_SECRET_PREVIOUS/);

    const twice = await admin(dir, withNew, ["reseal"]);
    assert.equal(twice.code, 0, twice.stderr);
    assert.match(twice.stdout, new RegExp(`0 resealed, ${underOld.sealed.length} already current, 0 replaced meanwhile, 0 do not open`));

    // The server runs on the new secret alone: it signs tokens with the resealed key and its
    // CLI still sees the app it holds.
    const second = await start(dir, withNew);
    try {
      const token = await fetch(`${second.url}/companies/${connection.company_id}/connectionManagement/accessToken`, { headers: { authorization: second.authorization } });
      assert.equal(token.status, 200);
      const credentials = await fetch(`${second.url}/integrations/gbol/credentials`, { headers: { authorization: second.authorization } });
      assert.equal(credentials.status, 404, "the default client has no Xero app; the CLI's client has");
    } finally {
      await second.stop();
    }
    assert.deepEqual(platformRows((await admin(dir, withNew, ["list-platforms", "--client", clientId])).stdout).get("gbol"), ["Xero", "yes", "XERO-APP-1"]);
    const seeded = await admin(dir, withNew, ["list-platforms", "--client", "default"]);
    assert.equal(seeded.code, 0, seeded.stderr);
    assert.deepEqual(platformRows(seeded.stdout).get("gbol"), ["Xero", "no", "-"], "--client default: the client npm start seeded");
  });
});
