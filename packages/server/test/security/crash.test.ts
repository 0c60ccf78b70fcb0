// Crash safety: writers create companies and connections against the real server process;
// it is killed with SIGKILL mid-loop and restarted on the same database; every write that was
// acknowledged with a 2xx must be there. On SQLite (a file) and PostgreSQL (a fresh database).
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it, type TestContext } from "node:test";
import { createPostgresDatabase, postgresOrSkip } from "@codat/test-kit/postgres";
import { startServerProcess, type ServerProcess } from "@codat/test-kit/server-process";

const WRITERS = 6;
/** Kill once this many writes were acknowledged (enough that many more are in flight). */
const KILL_AFTER_ACKNOWLEDGED = 150;

interface Acknowledged {
  companies: Set<string>;
  /** connection id → its company id */
  connections: Map<string, string>;
  failed: number;
}

/** Each writer: create a company, then a connection in it, until the server goes away. */
async function writeUntilKilled(server: ServerProcess, acked: Acknowledged, killAt: () => void): Promise<void> {
  const post = async (path: string, body: unknown): Promise<string | undefined> => {
    try {
      const res = await fetch(`${server.url}${path}`, {
        method: "POST",
        headers: { authorization: server.authHeader, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      if (res.status !== 200) return undefined;
      return ((await res.json()) as { id: string }).id;
    } catch {
      return undefined; // the connection died with the process: not acknowledged
    }
  };
  const writer = async (n: number) => {
    for (let i = 0; ; i++) {
      const companyId = await post("/companies", { name: `Crash ${n} ${i}` });
      if (!companyId) break;
      acked.companies.add(companyId);
      const connectionId = await post(`/companies/${companyId}/connections`, { platformKey: "mqjo" });
      if (!connectionId) break;
      acked.connections.set(connectionId, companyId);
      if (acked.companies.size + acked.connections.size >= KILL_AFTER_ACKNOWLEDGED) killAt();
    }
    acked.failed += 1;
  };
  await Promise.all(Array.from({ length: WRITERS }, (_, n) => writer(n)));
}

async function crashAndRecover(t: TestContext, databaseUrl: string, dataDir: string): Promise<void> {
  const apiKey = `crash-test-key-${randomBytes(12).toString("hex")}`;
  const first = await startServerProcess({ databaseUrl, dataDir, apiKey });
  const acked: Acknowledged = { companies: new Set(), connections: new Map(), failed: 0 };
  let killed: Promise<void> | undefined;
  await writeUntilKilled(first, acked, () => (killed ??= first.kill9()));
  await killed;
  assert.equal(first.child.signalCode, "SIGKILL", "the server was killed, not stopped");

  const second = await startServerProcess({ databaseUrl, dataDir, apiKey });
  t.after(() => second.stop());
  const res = await fetch(`${second.url}/companies?pageSize=5000`, { headers: { authorization: second.authHeader } });
  assert.equal(res.status, 200);
  const page = (await res.json()) as { results: Array<{ id: string; name: string; dataConnections?: Array<{ id: string }> }> };
  const written = page.results.filter((c) => c.name.startsWith("Crash ")); // not the seeded demo company
  const companies = new Set(written.map((c) => c.id));
  const connections = new Set(written.flatMap((c) => (c.dataConnections ?? []).map((d) => d.id)));
  const lostCompanies = [...acked.companies].filter((id) => !companies.has(id));
  const lostConnections = [...acked.connections.keys()].filter((id) => !connections.has(id));
  console.log(
    `crash (${databaseUrl.split(":")[0]}): ${acked.companies.size} companies and ${acked.connections.size} connections acknowledged before kill -9; ` +
      `${companies.size} companies and ${connections.size} connections after restart (the difference, if any, was in flight); lost: ${lostCompanies.length + lostConnections.length}`,
  );
  assert.ok(acked.companies.size + acked.connections.size >= KILL_AFTER_ACKNOWLEDGED, "the loop was killed mid-flight, not before");
  assert.equal(acked.failed, WRITERS, "every writer saw the server die");
  assert.deepEqual(lostCompanies, [], "acknowledged companies lost");
  assert.deepEqual(lostConnections, [], "acknowledged connections lost");
}

describe("crash safety: kill -9 mid-write, restart, every acknowledged write is there", () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), "platform-crash-"));
    dirs.push(dir);
    return dir;
  };
  after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it("SQLite", async (t) => {
    const dataDir = tempDir();
    await crashAndRecover(t, `sqlite:${path.join(dataDir, "platform.sqlite")}`, dataDir);
  });

  it("PostgreSQL", async (t) => {
    if (!(await postgresOrSkip(t))) return;
    const database = await createPostgresDatabase();
    t.after(() => database.drop());
    await crashAndRecover(t, database.url, tempDir());
  });
});
