// Webhook delivery benchmark, on SQLite and (when reachable) PostgreSQL:
// - throughput: a backlog of outbox events (one transaction each, as real changes write them)
//   is delivered to a local receiver by a freshly started server; events per second from
//   start to the last delivery, fan-out, signing and per-attempt bookkeeping included;
// - delay: companies created one after another through the HTTP API; time from sending the
//   request to the `company.created` delivery arriving (median, p99).
// The receiver is the test kit's (@codat/test-kit/receiver: node:http in this process, answering
// 204, each arrival timed). PostgreSQL's own CPU is not in the CPU figure (another process).
// Run: node --import tsx bench/webhooks/delivery.ts [events] [companies] [changes]
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildApp } from "../../packages/server/src/http/app.js";
import { loadConfig } from "../../packages/server/src/config.js";
import { recordEvent } from "../../packages/server/src/events/outbox.js";
import { openDatabase, type DialectName } from "../../packages/server/src/storage/dialect.js";
import { migrateToLatest } from "../../packages/server/src/storage/migrate.js";
import { createApiKey } from "../../packages/server/src/storage/repositories/api-keys.js";
import { createClient } from "../../packages/server/src/storage/repositories/clients.js";
import { secretBoxFor } from "../../packages/server/src/tokens/secret-box.js";
import { createConsumer } from "../../packages/server/src/webhooks/consumers.js";
import { basicAuth } from "@codat/test-kit/auth";
import { createPostgresDatabase, postgresUnavailableReason } from "@codat/test-kit/postgres";
import { startReceiver } from "@codat/test-kit/receiver";

const EVENTS = Number(process.argv[2] ?? 3000);
const COMPANIES = Number(process.argv[3] ?? 100);
const CHANGES = Number(process.argv[4] ?? 300);

/** Milliseconds since the epoch, to a fraction of one: the receiver's clock (`receivedAt`). */
const epochMs = () => performance.timeOrigin + performance.now();
/** Waiting for deliveries: the backlog may take minutes on a slow machine. */
const PATIENCE_MS = 30 * 60_000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function run(dialect: DialectName) {
  const dir = mkdtempSync(path.join(tmpdir(), "webhooks-bench-"));
  const pg = dialect === "postgres" ? await createPostgresDatabase() : undefined;
  const config = loadConfig(
    {
      DATABASE_URL: pg?.url ?? `sqlite:${path.join(dir, "bench.sqlite")}`,
      DATA_DIR: dir,
      PORT: "0",
      LOG_LEVEL: "warn",
      RATE_LIMIT_PER_MINUTE: "0",
      SIGNING_KEY_SECRET: "webhooks-benchmark-secret-0123456789abcdef",
      WEBHOOK_ALLOW_PRIVATE_URLS: "true",
    },
    dir,
  );
  const receiver = await startReceiver();
  const handle = openDatabase(config.databaseUrl, dir);
  try {
    await migrateToLatest(handle.db);
    const now = new Date();
    const client = await createClient(handle.db, { name: "Bench", now });
    const box = secretBoxFor(config);
    await createConsumer(handle.db, client.id, { url: `${receiver.url}/hook`, eventTypes: [], disabled: false, companyId: null, companyTags: null }, now, (s) => box.seal(Buffer.from(s)));
    const { key } = await createApiKey(handle.db, client.id, { now });

    // Backlog written before the server (and its dispatcher) starts.
    for (let i = 0; i < EVENTS; i++) {
      const companyId = `00000000-0000-4000-8000-${String(i % COMPANIES).padStart(12, "0")}`;
      await handle.db.transaction().execute((trx) =>
        recordEvent(trx, { clientId: client.id, companyId, eventType: "company.created", payload: { id: companyId, name: `Company ${i}` }, generatedDate: new Date() }),
      );
    }
    const app = await buildApp({ config, db: handle.db });
    const started = performance.now(); // the dispatcher starts with the app
    const cpuBefore = process.cpuUsage();
    await app.listen({ port: 0, host: "127.0.0.1" });
    await receiver.waitForSuccesses(EVENTS, PATIENCE_MS);
    const drainSeconds = (performance.now() - started) / 1000;
    // This process's CPU (dispatcher, database client, SQLite itself, and the receiver) per
    // event: steadier than wall-clock rates on a machine shared with other work.
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMicrosPerEvent = Math.round((cpu.user + cpu.system) / EVENTS);

    // Change-to-delivery delay through the API, one change at a time.
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const authorization = basicAuth(key);
    const delays: number[] = [];
    for (let i = 0; i < CHANGES; i++) {
      const sent = epochMs();
      const response = await fetch(`${base}/companies`, {
        method: "POST",
        headers: { authorization, "content-type": "application/json" },
        body: JSON.stringify({ name: `Timed ${i}` }),
      });
      const { id } = (await response.json()) as { id: string };
      const expected = EVENTS + i + 1;
      await receiver.waitForSuccesses(expected, PATIENCE_MS);
      const arrival = receiver.received.findLast((r) => (JSON.parse(r.body) as { payload: { id?: string } }).payload.id === id);
      if (!arrival) throw new Error(`no delivery for company ${id}`);
      delays.push(arrival.receivedAt - sent);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await app.close();
    delays.sort((a, b) => a - b);
    return {
      dialect,
      events: EVENTS,
      companies: COMPANIES,
      eventsPerSecond: Math.round(EVENTS / drainSeconds),
      cpuMicrosPerEvent,
      changes: CHANGES,
      delayMedianMs: Number(percentile(delays, 50).toFixed(1)),
      delayP99Ms: Number(percentile(delays, 99).toFixed(1)),
    };
  } finally {
    await receiver.close();
    await handle.db.destroy().catch(() => undefined);
    await pg?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const results = [await run("sqlite")];
const unavailable = await postgresUnavailableReason();
if (unavailable) console.warn(`PostgreSQL run skipped: ${unavailable}`);
else results.push(await run("postgres"));

console.table(results);
const out = new URL("../results/", import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL("webhooks.json", out), `${JSON.stringify({ date: new Date().toISOString(), results }, null, 2)}\n`);
