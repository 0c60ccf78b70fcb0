// The admin CLI as operators run it (`node packages/server/dist/admin.js`, a child process) on a
// real SQLite file and on PostgreSQL, next to a running server on the same database: its help,
// usage errors, clients, allowed origins (which the server's CORS then honours), API keys (whose
// ready-to-paste header works, which lists never print, and which stop working once revoked).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, it } from "node:test";
import { forEachDialect } from "@codat/test-kit/dialects";
import { createPostgresDatabase, type TestPostgresDatabase } from "@codat/test-kit/postgres";
import { ADMIN_JS, startServerProcess, TEST_SERVER_ENV, type ServerProcess } from "@codat/test-kit/server-process";

interface AdminRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

const APP_ORIGIN = "https://app.example.com";

/** Retries `check` for up to 3 s: running servers follow the CLI within CACHE_TTL_MS (1 s). */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!(await check())) {
    assert.ok(Date.now() < deadline, what);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

forEachDialect("admin CLI", (dialect) => {
  const dir = mkdtempSync(path.join(tmpdir(), "platform-admin-cli-"));
  let postgres: TestPostgresDatabase | undefined;
  let databaseUrl = `sqlite:${path.join(dir, "platform.sqlite")}`;
  let server: ServerProcess;

  before(async () => {
    if (dialect === "postgres") {
      postgres = await createPostgresDatabase();
      databaseUrl = postgres.url;
    }
    // A running server on the same database: it seeds the default client, and the CLI's
    // changes must reach it.
    server = await startServerProcess({ databaseUrl, dataDir: dir, waitFor: "banner", timeoutMs: 90_000 });
  });
  after(async () => {
    await server?.stop();
    await postgres?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The CLI with the server's environment, `stdin` piped in (or closed at once). */
  const admin = (args: string[], env: Record<string, string> = {}): Promise<AdminRun> => {
    const child = spawn(process.execPath, [ADMIN_JS, ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", ...TEST_SERVER_ENV, DATABASE_URL: databaseUrl, DATA_DIR: dir, PUBLIC_URL: server.url, ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.stdin.end();
    return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr })));
  };
  const ok = async (args: string[]): Promise<string> => {
    const run = await admin(args);
    assert.equal(run.code, 0, `${args.join(" ")}: ${run.stderr}`);
    return run.stdout;
  };
  const call = (route: string, authorization: string, init: RequestInit = {}) =>
    fetch(`${server.url}${route}`, { ...init, headers: { authorization, "content-type": "application/json", ...init.headers } });

  /** A new key's output: the ready lines, and the key alone on the last line. */
  const keyOutput = (stdout: string) => {
    const lines = stdout.trimEnd().split("\n");
    const key = lines.at(-1) ?? "";
    const header = /^ {2}Authorization: (Basic \S+)$/m.exec(stdout)?.[1] ?? "";
    const exported = /^ {2}export CODAT_AUTH_HEADER="(Basic \S+)"$/m.exec(stdout)?.[1] ?? "";
    return { key, header, exported };
  };

  it("prints help (exit 0) and each command's help; an unknown command or option is a usage error (exit 64, usage on stderr)", async () => {
    for (const args of [["--help"], ["-h"], ["help"]]) {
      const help = await admin(args);
      assert.equal(help.code, 0, args.join(" "));
      assert.equal(help.stderr, "");
      for (const command of ["list-clients", "create-client", "allow-origin", "list-origins", "remove-origin", "create-api-key", "list-api-keys", "revoke-api-key", "set-redirect-url", "list-platforms", "set-platform-credentials", "delete-platform-credentials", "rotate-signing-key", "reseal"]) {
        assert.match(help.stdout, new RegExp(`^  ${command}\\b`, "m"), `${args.join(" ")} lists ${command}`);
      }
      assert.match(help.stdout, /Exit codes: 0 done, 1 refused or failed .*, 64 a wrong command line, 78 a wrong configuration/);
    }
    // The origin comes first among the steps for a new client.
    const general = (await admin(["--help"])).stdout;
    assert.ok(general.indexOf("allow-origin") < general.indexOf("create-api-key"), "allow-origin is listed before the API keys");
    for (const args of [["allow-origin", "--help"], ["help", "allow-origin"]]) {
      const help = await admin(args);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /^usage: npm run admin -- allow-origin <origin> \[--client <name\|id>\]$/m);
      assert.match(help.stdout, /scheme:\/\/host\[:port\]/);
    }
    for (const [args, message] of [
      [["frobnicate"], /^unknown command frobnicate$/m],
      [[], /^no command$/m],
      [["help", "frobnicate"], /^unknown command frobnicate$/m],
      [["list-api-keys", "--clinet", "x"], /list-api-keys: Unknown option '--clinet'/],
      [["allow-origin"], /allow-origin needs <origin>/],
      [["allow-origin", APP_ORIGIN, "extra"], /unexpected argument "extra"/],
      [["revoke-api-key", "not-an-id"], /is not a key id/],
    ] as const) {
      const run = await admin([...args]);
      assert.equal(run.code, 64, args.join(" "));
      assert.equal(run.stdout, "", "nothing on standard output");
      assert.match(run.stderr, message, args.join(" "));
      assert.match(run.stderr, /^usage: npm run admin -- /m, "the usage follows");
    }
    // A wrong configuration is refused before anything is opened.
    const config = await admin(["list-clients"], { PORT: "abc" });
    assert.equal(config.code, 78);
    assert.equal(config.stderr, 'configuration error: PORT must be a whole number from 0 to 65535, got "abc"\n');
  });

  it("creates a client whose ready-to-paste header works, and allows its origin first: the server's CORS follows", async () => {
    const created = await ok(["create-client", "Acme", "Lending"]);
    const clientId = /^Created client "Acme Lending" \(([0-9a-f-]{36})\)\.$/m.exec(created)?.[1];
    assert.ok(clientId, created);
    const { key, header, exported } = keyOutput(created);
    assert.match(key, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(header, `Basic ${Buffer.from(key).toString("base64")}`);
    assert.equal(exported, header);
    assert.match(created, /Next step: allow the origin .*\n {2}npm run admin -- allow-origin https:\/\/app\.example\.com --client "Acme Lending"/);
    assert.ok(created.indexOf("allow-origin") < created.indexOf("Authorization:"), "the first step is said first");

    // The pasted header works; a company's token, used from the app's origin, is refused by the browser until the origin is allowed.
    const company = (await (await call("/companies", header, { method: "POST", body: JSON.stringify({ name: "Bob's Burgers" }) })).json()) as { id: string };
    const token = ((await (await call(`/companies/${company.id}/accessToken`, header)).json()) as { accessToken: string }).accessToken;
    const corsAnswer = async () => (await call(`/companies/${company.id}/connections`, `Bearer ${token}`, { headers: { origin: APP_ORIGIN } })).headers.get("access-control-allow-origin");
    assert.equal(await corsAnswer(), null, "not allowed yet");

    const refused = await admin(["allow-origin", "app.example.com", "--client", clientId]);
    assert.equal(refused.code, 1);
    assert.equal(refused.stderr, `"app.example.com" is not an origin: it must be an http(s) origin such as https://app.example.com (no path, query or fragment); did you mean ${APP_ORIGIN}?\n`);
    assert.match(await ok(["allow-origin", `${APP_ORIGIN.toUpperCase().replace("HTTPS", "https")}:443/`, "--client", "Acme Lending"]), new RegExp(`^Allowed ${APP_ORIGIN} for client "Acme Lending"`));
    assert.match(await ok(["allow-origin", APP_ORIGIN, "--client", clientId]), /was already allowed .*nothing changed/);
    await eventually(async () => (await corsAnswer()) === APP_ORIGIN, "the running server allows the origin");
    const settings = (await (await call("/corsSettings", header)).json()) as { allowedOrigins: string[] };
    assert.deepEqual(settings.allowedOrigins, [APP_ORIGIN]);
    const listed = await admin(["list-origins", "--client", clientId]);
    assert.equal(listed.stdout, `${APP_ORIGIN}\n`, "one origin a line, nothing else on standard output");

    // Without --client: the default client, which npm start seeded (its own origin is allowed).
    assert.ok((await ok(["list-origins"])).split("\n").includes(server.url), "the default client's origins");

    assert.match(await ok(["remove-origin", APP_ORIGIN, "--client", clientId]), /^Removed https:\/\/app\.example\.com/);
    assert.match(await ok(["remove-origin", APP_ORIGIN, "--client", clientId]), /was not allowed .*nothing changed/);
    await eventually(async () => (await corsAnswer()) === null, "the running server no longer allows it");
    assert.match(await ok(["list-origins", "--client", clientId]), /No origin is allowed for client "Acme Lending"/);
  });

  it("creates, lists and revokes API keys: printed once, ready to paste; lists show ids and dates, never a key", async () => {
    const { key: firstKey } = keyOutput(await ok(["create-client", "Keys Co"]));
    const created = await ok(["create-api-key", "--client", "Keys Co", "--name", "ci"]);
    const keyId = /^Created API key ([0-9a-f-]{36}) "ci" for client "Keys Co"/m.exec(created)?.[1];
    assert.ok(keyId, created);
    const { key, header, exported } = keyOutput(created);
    assert.equal(exported, header);
    assert.equal((await call("/companies", header)).status, 200, "the printed header works");

    const listed = await ok(["list-api-keys", "--client", "Keys Co"]);
    assert.match(listed, new RegExp(`^${keyId}\\s+ci\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC$`, "m"));
    assert.match(listed, /^\S+\s+first key\s+/m);
    assert.match(listed, /2 of at most 10/);
    for (const secret of [key, firstKey, header.slice(6)]) assert.ok(!listed.includes(secret), "no key in the list");

    // Revoked from the CLI while the server runs: refused within the cache time.
    const otherClient = await admin(["revoke-api-key", keyId, "--client", "Acme Lending"]);
    assert.equal(otherClient.code, 1, "not that client's key");
    assert.match(otherClient.stderr, /no API key .* for client "Acme Lending"/);
    assert.match(await ok(["revoke-api-key", keyId]), new RegExp(`^Revoked API key ${keyId} "ci"`));
    await eventually(async () => (await call("/companies", header)).status === 401, "the revoked key is refused");
    const again = await admin(["revoke-api-key", keyId]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /^no API key /);
    assert.doesNotMatch(await ok(["list-api-keys", "--client", "Keys Co"]), new RegExp(keyId));
  });

  it("lists clients, and names one by name or id; an ambiguous name or an unknown one is refused", async () => {
    const list = await ok(["list-clients"]);
    const rows = list.trim().split("\n");
    assert.match(rows[0]!, /^id\s+name\s+created\s+API keys\s+origins$/);
    assert.match(list, /^\S{36}\s+Default client\s+.*\(default\)$/m);
    assert.match(list, /^\S{36}\s+Acme Lending\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC\s+1\s+0\s*$/m);
    await ok(["create-client", "Twin"]);
    await ok(["create-client", "Twin"]);
    const ambiguous = await admin(["list-origins", "--client", "Twin"]);
    assert.equal(ambiguous.code, 1);
    assert.match(ambiguous.stderr, /^2 clients are named "Twin": name one by its id \(\S{36}, \S{36}\)$/m);
    const unknown = await admin(["list-api-keys", "--client", "Nobody"]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^no client named "Nobody"/);
  });
});
