// Durability across a crash: the built server process is killed (SIGKILL) while an event is still
// undelivered (its receiver is down); once the receiver is back, a new process on the same
// database delivers it. On SQLite and PostgreSQL.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, it } from "node:test";
import { verifyWebhook } from "../../../sdk/src/webhooks/index.js";
import { openDatabase } from "../../src/storage/dialect.js";
import { webhookDb } from "../../src/webhooks/schema.js";
import { forEachDialect } from "@codat/test-kit/dialects";
import { freePort } from "@codat/test-kit/ports";
import { createPostgresDatabase, type TestPostgresDatabase } from "@codat/test-kit/postgres";
import { startReceiver } from "@codat/test-kit/receiver";
import { startServerProcess } from "@codat/test-kit/server-process";

const API_KEY = "restart-test-api-key-0123456789abcdef";

async function failedAttemptRecorded(databaseUrl: string, cwd: string): Promise<void> {
  const { db } = openDatabase(databaseUrl, cwd);
  try {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const attempt = await webhookDb(db).selectFrom("webhook_delivery_attempts").select("error").executeTakeFirst();
      if (attempt) return assert.match(attempt.error ?? "", /ECONNREFUSED/);
      assert.ok(Date.now() < deadline, "the first attempt was never recorded");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await db.destroy();
  }
}

forEachDialect("webhooks across a server crash", (dialect) => {
  const dir = mkdtempSync(path.join(tmpdir(), "webhooks-restart-"));
  let postgres: TestPostgresDatabase | undefined;
  let databaseUrl: string;
  const start = () =>
    startServerProcess({
      databaseUrl,
      dataDir: dir,
      apiKey: API_KEY,
      env: { WEBHOOK_ALLOW_PRIVATE_URLS: "true", WEBHOOK_POLL_INTERVAL_MS: "50" },
    });

  before(async () => {
    postgres = dialect === "postgres" ? await createPostgresDatabase() : undefined;
    databaseUrl = postgres?.url ?? `sqlite:${path.join(dir, "platform.sqlite")}`;
  });
  after(async () => {
    await postgres?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("delivers an event left undelivered by a killed server after the restart", async () => {
    const receiverPort = await freePort(); // nobody listens there yet: the receiver is down
    const first = await start();
    const call = (server: { url: string; authHeader: string }, method: string, route: string, body?: unknown) =>
      fetch(`${server.url}${route}`, {
        method,
        headers: { authorization: server.authHeader, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    let secret: string;
    let companyId: string;
    try {
      const created = await call(first, "POST", "/webhooks", { url: `http://127.0.0.1:${receiverPort}/hook`, eventTypes: ["company.created"] });
      assert.equal(created.status, 201);
      ({ secret } = (await created.json()) as { secret: string });
      const company = await call(first, "POST", "/companies", { name: "Survivor Ltd" });
      assert.equal(company.status, 200);
      ({ id: companyId } = (await company.json()) as { id: string });
      // Kill once the failed attempt is on record: the delivery is pending, due in about 5 s.
      await failedAttemptRecorded(databaseUrl, dir);
    } finally {
      await first.kill9();
    }

    const receiver = await startReceiver(receiverPort);
    const second = await start();
    try {
      // The first retry (5 s ± 20 % after the failure) comes from the new process.
      const [delivery] = await receiver.waitForSuccesses(1, 15_000);
      const event = await verifyWebhook<{ id: string; name: string }>(delivery!.body, delivery!.headers, secret);
      assert.equal(event.eventType, "company.created");
      assert.deepEqual([event.payload.id, event.payload.name], [companyId, "Survivor Ltd"]);
    } finally {
      await second.stop();
      await receiver.close();
    }
  });
});
