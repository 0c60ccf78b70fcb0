// Operating the server as a newcomer does: `npm start` checks the configuration before it builds
// anything (one line naming the variable, exit 78); every variable is checked the same way; a
// port already in use or an address the machine lacks is refused in one line naming PORT or
// HOST, without a stack; the banner says the first step for one's own application; logs are
// readable lines on a terminal (a real pseudo-terminal here) or with LOG_FORMAT=pretty, JSON
// otherwise.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, describe, it } from "node:test";
import { freePort } from "@codat/test-kit/ports";
import { MAIN_JS, spawnServer, startServerProcess, TEST_SERVER_ENV } from "@codat/test-kit/server-process";
import { ConfigError, loadConfig } from "../src/config.js";
import { ReadableLogLines } from "../src/lib/readable-log-lines.js";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
/** An ANSI colour code (ESC [ … m). */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`);
const ANSI_ALL = new RegExp(ANSI.source, "g");

describe("configuration", () => {
  it("npm start refuses a bad variable before building anything: one line, exit 78, in seconds", async () => {
    const started = Date.now();
    const npm = spawnSync("npm", ["start"], { cwd: ROOT, env: { ...process.env, PORT: "abc" }, encoding: "utf8", timeout: 60_000 });
    assert.equal(npm.status, 78, npm.stderr);
    assert.equal(npm.stderr, 'configuration error: PORT must be a whole number from 0 to 65535, got "abc"\n');
    // npm echoes the whole script; the build's own lines (`> build`, `> tsc -p …`) never come.
    assert.doesNotMatch(npm.stdout, /^> (build|tsc)/m, "the build never started");
    assert.ok(Date.now() - started < 30_000, "refused at once, not after a build");
  });

  it("names the variable and what it allows, for every variable the server reads", () => {
    const refusals: Array<[string, string, RegExp]> = [
      ["PORT", "abc", /^PORT must be a whole number from 0 to 65535, got "abc"$/],
      ["PORT", "70000", /^PORT must be between 0 and 65535, got 70000$/],
      ["HOST", "not a host", /^HOST must be an IP address .* or a host name, got "not a host"$/],
      ["PUBLIC_URL", "ftp://x", /^PUBLIC_URL must use http or https/],
      ["PUBLIC_URL", "nope", /^PUBLIC_URL must be an absolute http\(s\) URL/],
      ["DATABASE_URL", "mysql://x", /^DATABASE_URL must be sqlite:<file>, sqlite::memory: or postgres:\/\/…/],
      ["PLATFORM_API_KEY", "short", /^PLATFORM_API_KEY must be at least 32 characters/],
      ["SIGNING_KEY_SECRET", "short", /^SIGNING_KEY_SECRET must be at least 32 characters/],
      ["RATE_LIMIT_PER_MINUTE", "-1", /^RATE_LIMIT_PER_MINUTE must be a whole number 0 or more, got "-1"$/],
      ["AUTH_FAILURES_PER_MINUTE", "many", /^AUTH_FAILURES_PER_MINUTE must be a whole number 0 or more/],
      ["TRUST_PROXY", "yes please", /^TRUST_PROXY must be true, false or a comma-separated list/],
      ["REDIS_URL", "http://x", /^REDIS_URL must be redis:\/\/… or rediss:\/\/…/],
      ["MAX_COMPANIES_PER_CLIENT", "ten", /^MAX_COMPANIES_PER_CLIENT must be a whole number/],
      ["CACHE_TTL_MS", "5000", /^CACHE_TTL_MS must be between 0 and 1000, got 5000$/],
      ["BODY_LIMIT_BYTES", "1kb", /^BODY_LIMIT_BYTES must be a whole number from 1024 to/],
      ["REQUEST_TIMEOUT_MS", "1", /^REQUEST_TIMEOUT_MS must be between 1000 and 600000/],
      ["MAX_CONNECTIONS", "0", /^MAX_CONNECTIONS must be between 1 and/],
      ["LOG_LEVEL", "loud", /^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"$/],
      ["LOG_FORMAT", "xml", /^LOG_FORMAT must be json, pretty or auto .*, got "xml"$/],
      ["DEMO_PAGE", "yes", /^DEMO_PAGE must be true or false, got "yes"$/],
      ["WEBHOOK_ALLOW_PRIVATE_URLS", "1", /^WEBHOOK_ALLOW_PRIVATE_URLS must be true or false/],
      ["PLATFORM_ALLOW_PRIVATE_URLS", "on", /^PLATFORM_ALLOW_PRIVATE_URLS must be true or false/],
      ["WORKERS", "many", /^WORKERS must be "auto" or a whole number from 1 to 256, got "many"$/],
      ["WEBHOOK_RETENTION_DAYS", "x", /^WEBHOOK_RETENTION_DAYS must be a whole number/],
      ["WEBHOOK_POLL_INTERVAL_MS", "1", /^WEBHOOK_POLL_INTERVAL_MS must be between/],
      ["WEBHOOK_TIMEOUT_MS", "x", /^WEBHOOK_TIMEOUT_MS must be a whole number/],
      ["REFRESH_CONCURRENCY", "x", /^REFRESH_CONCURRENCY must be a whole number/],
      ["REFRESH_BATCH", "0", /^REFRESH_BATCH must be between 1 and 5000/],
      ["REFRESH_POLL_INTERVAL_MS", "x", /^REFRESH_POLL_INTERVAL_MS must be a whole number/],
      ["PROXY_BODY_LIMIT_BYTES", "x", /^PROXY_BODY_LIMIT_BYTES must be a whole number/],
      ["PROXY_RESPONSE_LIMIT_BYTES", "x", /^PROXY_RESPONSE_LIMIT_BYTES must be a whole number/],
      ["PROXY_TIMEOUT_MS", "x", /^PROXY_TIMEOUT_MS must be a whole number/],
    ];
    for (const [name, value, message] of refusals) {
      assert.throws(() => loadConfig({ [name]: value }), (error: unknown) => error instanceof ConfigError && message.test(error.message), `${name}=${value}`);
    }
    // Combinations: a previous secret without a current one, PostgreSQL without a secret, workers on memory.
    assert.throws(() => loadConfig({ SIGNING_KEY_SECRET_PREVIOUS: "x".repeat(40) }), /SIGNING_KEY_SECRET_PREVIOUS needs SIGNING_KEY_SECRET/);
    assert.throws(() => loadConfig({ DATABASE_URL: "postgres://db/x" }), /SIGNING_KEY_SECRET is required with PostgreSQL/);
    assert.throws(() => loadConfig({ WORKERS: "2", DATABASE_URL: "sqlite::memory:" }), /WORKERS above 1 needs a database the processes share/);
    // And what they allow is accepted.
    const config = loadConfig({ HOST: "::1", PORT: "0", LOG_FORMAT: "Pretty", WORKERS: "auto" });
    assert.equal(config.logFormat, "pretty");
    assert.equal(loadConfig({}).logFormat, "auto");
    assert.equal(loadConfig({ HOST: "0.0.0.0" }).host, "0.0.0.0");
  });
});

describe("starting and stopping", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "platform-operation-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses a port in use in one line that says which variable to change, without a stack", async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const proc = spawnServer({ dataDir: dir, databaseUrl: `sqlite:${path.join(dir, "taken.sqlite")}`, port });
      assert.equal(await proc.exited, 78, proc.output());
      assert.equal(
        proc.stderr(),
        `failed to start: cannot listen on 127.0.0.1:${port}: the port is already in use (another server, or an earlier npm start still running). Stop it, or set PORT to a free port, e.g. PORT=${port + 1}\n`,
      );
      assert.doesNotMatch(proc.output(), /^\s+at /m, "no stack trace");
    } finally {
      taken.close();
    }
  });

  it("refuses an address this machine does not have, naming HOST", async () => {
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): no machine has it.
    const proc = spawnServer({ dataDir: dir, databaseUrl: `sqlite:${path.join(dir, "host.sqlite")}`, env: { HOST: "192.0.2.1" }, port: await freePort() });
    assert.equal(await proc.exited, 78, proc.output());
    assert.match(proc.stderr(), /^failed to start: cannot listen on 192\.0\.2\.1:\d+: this machine has no such address\. Set HOST to one of its addresses: HOST=127\.0\.0\.1 .* or HOST=0\.0\.0\.0 .*\n$/);
    assert.doesNotMatch(proc.output(), /^\s+at /m);
  });

  it("refuses a data folder it cannot create, or a database it cannot reach, naming DATA_DIR or DATABASE_URL", async () => {
    const file = path.join(dir, "a-file");
    writeFileSync(file, "");
    const folder = spawnServer({ dataDir: path.join(file, "data"), databaseUrl: "sqlite::memory:", port: await freePort() });
    assert.equal(await folder.exited, 78, folder.output());
    assert.equal(folder.stderr(), `failed to start: cannot write ${path.join(file, "data")} (ENOTDIR). DATA_DIR=${path.join(file, "data")} must name a folder this user can create and write: change it, or fix the folder\n`);
    const unreachable = `postgres://postgres:secret@127.0.0.1:${await freePort()}/platform`;
    const postgres = spawnServer({ dataDir: dir, databaseUrl: unreachable, port: await freePort() });
    assert.equal(await postgres.exited, 78, postgres.output());
    assert.match(postgres.stderr(), /^failed to start: cannot use the database DATABASE_URL=postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/platform: connect ECONNREFUSED .*, or change DATABASE_URL\n$/);
    assert.ok(!postgres.output().includes("secret"), "the password is not printed");
  });

  it("prints the first step for one's own application in the banner, and stops cleanly on SIGTERM", async () => {
    const server = await startServerProcess({ dataDir: dir, databaseUrl: `sqlite:${path.join(dir, "banner.sqlite")}`, waitFor: "banner" });
    try {
      const banner = server.stdout();
      assert.match(banner, /First step for your own app: allow the origin \(scheme:\/\/host:port\) of the page that embeds the Connections UI\n {2}npm run admin -- allow-origin https:\/\/app\.example\.com\n/);
      assert.match(banner, /Stop with Ctrl-C: running requests finish first\./);
    } finally {
      assert.equal(await server.stop(), 0);
    }
  });
});

describe("logs", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "platform-logs-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const env = { LOG_LEVEL: "info" };

  /** Starts a server, makes one request, stops it, and returns what it printed. */
  const logsOf = async (extra: Record<string, string>, file: string) => {
    const server = await startServerProcess({ dataDir: dir, databaseUrl: `sqlite:${path.join(dir, file)}`, env: { ...env, ...extra }, waitFor: "banner" });
    assert.equal((await fetch(`${server.url}/companies`)).status, 401);
    assert.equal(await server.stop(), 0);
    return server.stdout();
  };

  it("writes JSON lines when standard output is not a terminal", async () => {
    const stdout = await logsOf({}, "json.sqlite");
    const lines = stdout.split("\n").filter((line) => line.startsWith("{"));
    const access = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((entry) => entry.msg === "request completed" && entry.url === "/companies");
    assert.ok(access, stdout);
    assert.equal(access.statusCode, 401);
    assert.equal(typeof access.time, "number");
  });

  it("writes readable lines with LOG_FORMAT=pretty: local time, level, message, the request, the fields", async () => {
    const stdout = await logsOf({ LOG_FORMAT: "pretty" }, "pretty.sqlite");
    assert.match(stdout, /^-- \d{4}-\d\d-\d\d \(times in \S+\) --$/m, "the day, with the time zone of the times");
    assert.match(stdout, /^\d\d:\d\d:\d\d\.\d{3} INFO {2}request completed GET \/companies 401 [\d.]+ ms correlationId=[0-9a-f]{32}$/m, stdout);
    assert.doesNotMatch(stdout, /^\{"level"/m, "no JSON");
    assert.doesNotMatch(stdout, ANSI, "no colours when not on a terminal");
  });

  it("writes readable, coloured lines on a terminal by default", { skip: spawnSync("script", ["--version"]).status === 0 ? false : "needs util-linux's script for a pseudo-terminal" }, async () => {
    const port = await freePort();
    const databaseUrl = `sqlite:${path.join(dir, "tty.sqlite")}`;
    // `script` runs the server on a pseudo-terminal: what a person sees running `npm start`.
    const child = spawn("script", ["-qec", `${JSON.stringify(process.execPath)} ${JSON.stringify(MAIN_JS)}`, "/dev/null"], {
      env: { PATH: process.env.PATH ?? "", TERM: "xterm-256color", ...TEST_SERVER_ENV, ...env, PORT: String(port), DATABASE_URL: databaseUrl, DATA_DIR: dir },
      stdio: ["pipe", "pipe", "pipe"],
      detached: true,
    });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    const exited = new Promise((resolve) => child.once("close", resolve));
    try {
      const deadline = Date.now() + 60_000;
      while (!/API document/.test(output)) {
        assert.ok(Date.now() < deadline, `no banner:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal((await fetch(`http://127.0.0.1:${port}/companies`)).status, 401);
      while (!/request completed/.test(output)) {
        assert.ok(Date.now() < deadline, `no access line:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.match(output, ANSI, "coloured");
      const plain = output.replace(ANSI_ALL, "").replace(/\r/g, "");
      assert.match(plain, /^\d\d:\d\d:\d\d\.\d{3} INFO {2}request completed GET \/companies 401 [\d.]+ ms correlationId=[0-9a-f]{32}$/m, plain);
    } finally {
      // The whole group: `script` and, through its terminal closing, the server.
      process.kill(-child.pid!, "SIGTERM");
      await exited;
    }
  });

  it("formats errors with their stack, and passes through what is not a JSON line", () => {
    const written: string[] = [];
    const lines = new ReadableLogLines((text) => written.push(text), false);
    const time = new Date(2026, 2, 3, 9, 30, 5, 7).getTime();
    lines.write(`${JSON.stringify({ level: 50, time, pid: 1, hostname: "h", component: "refresher", err: { type: "Error", message: "boom", stack: "Error: boom\n    at refresh (refresher.ts:1:1)" }, connectionId: "c-1", note: "two words", msg: "refresh failed" })}\n`);
    lines.write("plain text\n");
    lines.write(`${JSON.stringify({ level: 30, time: time + 1000, msg: "next" })}\n`);
    assert.equal(
      written.join(""),
      [
        `-- 2026-03-03 (times in ${new Intl.DateTimeFormat("en-US", { timeZoneName: "short" }).formatToParts(new Date(time)).find((part) => part.type === "timeZoneName")?.value}) --`,
        '09:30:05.007 ERROR [refresher] refresh failed connectionId=c-1 note="two words"',
        "    Error: boom",
        "        at refresh (refresher.ts:1:1)",
        "plain text",
        "09:30:06.007 INFO  next",
        "",
      ].join("\n"),
    );
  });
});
