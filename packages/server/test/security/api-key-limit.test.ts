// The 10-keys-per-client limit holds under concurrency: rate limits are per key, so every key
// past the limit would multiply a client's allowance. Many simultaneous creations against the
// real server with WORKERS=4 (four processes on one database), on SQLite and on PostgreSQL,
// leave exactly 10 keys.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, it } from "node:test";
import { MAX_API_KEYS } from "../../src/services/api-keys.js";
import { forEachDialect } from "@codat/test-kit/dialects";
import { createPostgresDatabase, type TestPostgresDatabase } from "@codat/test-kit/postgres";
import { startServerProcess, type ServerProcess } from "@codat/test-kit/server-process";

const API_KEY = "api-key-limit-test-key-0123456789abcdef";
const ATTEMPTS = 60;

/** A POST on a connection of its own, so the cluster's primary spreads them over the workers. */
function post(server: ServerProcess, url: string, body: unknown): Promise<number> {
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${server.url}${url}`,
      {
        method: "POST",
        agent: false,
        headers: { authorization: server.authHeader, "content-type": "application/json", "content-length": Buffer.byteLength(text) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(text);
  });
}

forEachDialect("concurrent API key creation with WORKERS=4", (dialect) => {
  let server: ServerProcess;
  let dataDir: string;
  let postgres: TestPostgresDatabase | undefined;

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "platform-key-limit-"));
    postgres = dialect === "postgres" ? await createPostgresDatabase() : undefined;
    const databaseUrl = postgres?.url ?? `sqlite:${path.join(dataDir, "platform.sqlite")}`;
    // Started once the banner is printed: once every worker listens.
    server = await startServerProcess({ databaseUrl, dataDir, apiKey: API_KEY, env: { WORKERS: "4" }, waitFor: "banner" });
    assert.match(server.output(), /4 worker processes/);
  });
  after(async () => {
    await server?.stop();
    await postgres?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`leaves exactly ${MAX_API_KEYS} keys after ${ATTEMPTS} simultaneous creations`, async () => {
    const statuses = await Promise.all(Array.from({ length: ATTEMPTS }, (_, i) => post(server, "/apiKeys", { name: `racer ${i}` })));
    const list = (await (await fetch(`${server.url}/apiKeys`, { headers: { authorization: server.authHeader } })).json()) as { results: unknown[] };
    assert.equal(list.results.length, MAX_API_KEYS);
    // The client started with its PLATFORM_API_KEY: nine more were made, the rest refused.
    assert.equal(statuses.filter((s) => s === 201).length, MAX_API_KEYS - 1);
    assert.equal(statuses.filter((s) => s === 409).length, ATTEMPTS - (MAX_API_KEYS - 1));
  });
});
