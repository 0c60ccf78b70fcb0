// WORKERS=2: `node dist/main.js` as a primary with two worker processes sharing the port, on a
// SQLite file and on PostgreSQL. Requests go out on fresh connections, which the primary hands
// to the workers in turn, so every check below crosses both processes.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { once } from "node:events";
import net from "node:net";
import { after, before, it } from "node:test";
import { basicAuth } from "@codat/test-kit/auth";
import { forEachDialect } from "@codat/test-kit/dialects";
import { createPostgresDatabase, type TestPostgresDatabase } from "@codat/test-kit/postgres";
import { spawnServer, startServerProcess, type ServerProcess } from "@codat/test-kit/server-process";

const API_KEY = "workers-test-api-key-0123456789abcdef";

interface Answer {
  status: number;
  body: string;
}

/** One request on a connection of its own (no keep-alive), so the primary picks the worker. */
function request(server: ServerProcess, method: string, url: string, options: { body?: unknown; authorization?: string } = {}): Promise<Answer> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${server.url}${url}`,
      {
        method,
        agent: false,
        headers: {
          authorization: options.authorization ?? server.authHeader,
          ...(body === undefined ? {} : { "content-type": "application/json", "content-length": Buffer.byteLength(body) }),
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Process ids of the direct children of `pid` (Linux /proc). */
function childPids(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid) children.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return children;
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, withinMs = 15_000): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

forEachDialect("WORKERS=2", (dialect) => {
  let dataDir: string;
  let database: TestPostgresDatabase | undefined;
  let server: ServerProcess;

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "platform-workers-"));
    database = dialect === "postgres" ? await createPostgresDatabase() : undefined;
    server = await startServerProcess({
      databaseUrl: database?.url ?? `sqlite:${path.join(dataDir, "platform.sqlite")}`,
      dataDir,
      apiKey: API_KEY,
      env: { WORKERS: "2", LOG_LEVEL: "info" },
      // Not /healthz, which one worker answers: the banner says all of them listen.
      waitFor: "banner",
    });
  });

  after(async () => {
    await server?.kill9();
    for (const pid of childPids(server.child.pid!)) process.kill(pid, "SIGKILL");
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("prints one banner, once both workers listen, and answers from both", async () => {
    assert.equal(server.output().match(/Platform API listening/g)?.length, 1);
    assert.match(server.output(), /listening on \S+ \(2 worker processes\)/);
    assert.equal(childPids(server.child.pid!).length, 2);
    for (let i = 0; i < 12; i += 1) assert.equal((await request(server, "GET", "/companies")).status, 200);
    // Each worker writes its own access-log lines (flushed within 100 ms), with its own pid.
    const pids = await until("access-log lines from both workers", () => {
      const found = new Set(
        server
          .output()
          .split("\n")
          .filter((line) => line.includes('"request completed"') && line.includes('"url":"/companies"'))
          .map((line) => (JSON.parse(line) as { pid: number }).pid),
      );
      return found.size === 2 ? found : undefined;
    });
    assert.ok(!pids.has(server.child.pid!), "the primary serves no requests");
  });

  it("takes concurrent writes through both workers without losing or refusing one", async () => {
    const names = Array.from({ length: 40 }, (_, i) => `Concurrent ${dialect} ${i}`);
    const created = await Promise.all(names.map((name) => request(server, "POST", "/companies", { body: { name } })));
    assert.deepEqual(
      created.map((answer) => answer.status),
      names.map(() => 200),
      created.map((answer) => answer.body).join("\n"),
    );
    const ids = created.map((answer) => (JSON.parse(answer.body) as { id: string }).id);
    const renamed = await Promise.all(ids.map((id, i) => request(server, "PATCH", `/companies/${id}`, { body: { name: `${names[i]} renamed` } })));
    assert.deepEqual(
      renamed.map((answer) => answer.status),
      ids.map(() => 200),
      renamed.map((answer) => answer.body).join("\n"),
    );
    const listed = JSON.parse((await request(server, "GET", `/companies?pageSize=100&query=${encodeURIComponent(`name~Concurrent ${dialect}`)}`)).body) as {
      results: Array<{ name: string }>;
    };
    assert.deepEqual(listed.results.map((company) => company.name).sort(), names.map((name) => `${name} renamed`).sort());
  });

  it("a revoked API key stops working on every worker within a second", async () => {
    const created = await request(server, "POST", "/apiKeys", { body: { name: "short-lived" } });
    assert.equal(created.status, 201, created.body);
    const { id, apiKey } = JSON.parse(created.body) as { id: string; apiKey: string };
    const authorization = basicAuth(apiKey);
    // Both workers verify, and cache, the key.
    for (let i = 0; i < 6; i += 1) assert.equal((await request(server, "GET", "/companies", { authorization })).status, 200);
    assert.equal((await request(server, "DELETE", `/apiKeys/${id}`)).status, 204);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    for (let i = 0; i < 6; i += 1) assert.equal((await request(server, "GET", "/companies", { authorization })).status, 401);
  });

  it("replaces a worker that dies and keeps answering", async () => {
    const [victim, survivor] = childPids(server.child.pid!);
    assert.ok(victim && survivor);
    process.kill(victim, "SIGKILL");
    const replacement = await until("a new worker", () => childPids(server.child.pid!).find((pid) => pid !== survivor && pid !== victim));
    await until("the new worker to listen", () => (server.output().match(/worker died: starting a new one/) ? true : undefined));
    assert.ok(replacement);
    // The primary hands connections only to workers that listen; give the new one a moment.
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (let i = 0; i < 8; i += 1) assert.equal((await request(server, "GET", "/companies")).status, 200);
  });

  it("SIGTERM drains every worker, then the primary exits 0", async () => {
    const workers = childPids(server.child.pid!);
    assert.equal(workers.length, 2);
    await server.stop();
    assert.equal(server.child.exitCode, 0, server.output());
    for (const pid of workers) assert.throws(() => process.kill(pid, 0), "every worker is gone");
  });
});

it("WORKERS=2 on a port already taken: exits 78 saying which variable to change, and leaves no worker behind", async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "platform-workers-taken-"));
  const taken = net.createServer().listen(0, "127.0.0.1");
  await once(taken, "listening");
  try {
    const { port } = taken.address() as net.AddressInfo;
    const primary = spawnServer({ port, databaseUrl: `sqlite:${path.join(dataDir, "platform.sqlite")}`, dataDir, workers: 2 });
    const code = await primary.exited;
    const stderr = primary.stderr();
    assert.equal(code, 78, stderr);
    assert.match(stderr, /the port is already in use .* set PORT to a free port/);
    assert.match(stderr, /failed to start: a worker exited with 78 while starting/);
    // No worker outlived it (an orphan would have been re-parented, so look by environment).
    await new Promise((resolve) => setTimeout(resolve, 200));
    const survivors = readdirSync("/proc").filter((entry) => {
      try {
        return /^\d+$/.test(entry) && readFileSync(`/proc/${entry}/environ`, "latin1").split("\0").includes(`DATA_DIR=${dataDir}`);
      } catch {
        return false;
      }
    });
    assert.deepEqual(survivors, []);
  } finally {
    taken.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
