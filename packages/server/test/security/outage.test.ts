// Database outage on PostgreSQL: a TCP proxy between the real server process and PostgreSQL
// is cut under load and restored. While it is cut, every answer that needs the database is a
// 503 ErrorMessage with canBeRetried "True" (never a 500) and /readyz fails; once it is back,
// the same process serves again, and a call made with the SDK's default retries during a short
// outage succeeds.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { CodatPlatform } from "@codat/platform";
import { createPostgresDatabase, postgresOrSkip } from "@codat/test-kit/postgres";
import { startServerProcess, type ServerProcess } from "@codat/test-kit/server-process";
import { errorMessageProblem } from "./helpers/errors.js";
import { startTcpProxy, type TcpProxy } from "./helpers/tcp-proxy.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Answer {
  phase: "before" | "cut" | "after";
  request: string;
  status: number;
  text: string;
  correlationId: string | null;
}

/** Concurrent callers mixing reads and writes until `stop()`; every answer is kept with the phase it started in. */
function startLoad(server: ServerProcess, companyId: string, phase: () => Answer["phase"]) {
  const answers: Answer[] = [];
  let running = true;
  const requests: Array<[string, string, unknown?]> = [
    ["GET", "/companies"],
    ["GET", `/companies/${companyId}`],
    ["GET", `/companies/${companyId}/connections`],
    ["POST", "/companies", { name: "During outage" }],
    ["POST", `/companies/${companyId}/connections`, { platformKey: "mqjo" }],
  ];
  const caller = async (n: number) => {
    for (let i = n; running; i++) {
      const [method, url, body] = requests[i % requests.length] as [string, string, unknown?];
      const started = phase();
      try {
        const res = await fetch(`${server.url}${url}`, {
          method,
          headers: { authorization: server.authHeader, ...(body ? { "content-type": "application/json" } : {}) },
          ...(body ? { body: JSON.stringify(body) } : {}),
          signal: AbortSignal.timeout(10_000),
        });
        answers.push({ phase: started, request: `${method} ${url}`, status: res.status, text: await res.text(), correlationId: res.headers.get("x-correlation-id") });
      } catch (error) {
        answers.push({ phase: started, request: `${method} ${url}`, status: 0, text: String(error), correlationId: null });
      }
    }
  };
  const callers = Promise.all(Array.from({ length: 8 }, (_, n) => caller(n)));
  return {
    answers,
    stop: async () => {
      running = false;
      await callers;
    },
  };
}

describe("database outage (PostgreSQL behind a TCP proxy)", () => {
  it("answers 503 + canBeRetried while the database is away, fails /readyz, recovers in the same process, and the SDK rides through", async (t) => {
    if (!(await postgresOrSkip(t))) return;
    const database = await createPostgresDatabase();
    t.after(() => database.drop());
    const direct = new URL(database.url);
    const proxy: TcpProxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    t.after(() => proxy.close());
    const viaProxy = new URL(database.url);
    viaProxy.port = String(proxy.port);
    const dataDir = mkdtempSync(path.join(tmpdir(), "platform-outage-"));
    t.after(() => rmSync(dataDir, { recursive: true, force: true }));
    const server = await startServerProcess({ databaseUrl: viaProxy.toString(), dataDir, apiKey: `outage-key-${randomBytes(12).toString("hex")}` });
    t.after(() => server.stop());
    const pid = server.child.pid;
    const call = (url: string, init: RequestInit = {}) =>
      fetch(`${server.url}${url}`, { ...init, headers: { authorization: server.authHeader, "content-type": "application/json", ...init.headers } });

    const companyId = ((await (await call("/companies", { method: "POST", body: JSON.stringify({ name: "Outage Co" }) })).json()) as { id: string }).id;
    assert.equal((await fetch(`${server.url}/readyz`)).status, 200);

    // Under load: cut for two seconds, then restore.
    let phase: Answer["phase"] = "before";
    const load = startLoad(server, companyId, () => phase);
    await sleep(500);
    await proxy.cut();
    phase = "cut";
    await sleep(1000);
    assert.equal(server.child.exitCode, null, `the server process died when the database went away:\n${server.output().slice(-3000)}`);
    const readyWhileCut = await fetch(`${server.url}/readyz`);
    const readyText = await readyWhileCut.text();
    await sleep(1000);
    await proxy.restore();
    phase = "after";
    let recoveredAfterMs = 0;
    const restoredAt = Date.now();
    while ((await fetch(`${server.url}/readyz`)).status !== 200) {
      assert.ok(Date.now() - restoredAt < 15_000, "/readyz did not recover within 15 s");
      await sleep(50);
    }
    recoveredAfterMs = Date.now() - restoredAt;
    await sleep(1000);
    await load.stop();

    assert.equal(readyWhileCut.status, 503, "/readyz fails while the database is away");
    assert.equal(errorMessageProblem(503, readyText), undefined, readyText);
    assert.equal(JSON.parse(readyText).canBeRetried, "True");

    const summary = (answers: Answer[]) => {
      const counts = new Map<number, number>();
      for (const a of answers) counts.set(a.status, (counts.get(a.status) ?? 0) + 1);
      return [...counts].map(([status, n]) => `${status}:${n}`).join(" ");
    };
    const during = load.answers.filter((a) => a.phase === "cut");
    const afterwards = load.answers.filter((a) => a.phase === "after");
    console.log(`outage: before ${summary(load.answers.filter((a) => a.phase === "before"))}; cut ${summary(during)}; after ${summary(afterwards)}; /readyz back ${recoveredAfterMs} ms after restore`);

    const refused = during.filter((a) => a.status !== 200);
    assert.ok(refused.length > 10, "requests reached the server while the database was away");
    for (const answer of refused) {
      assert.equal(answer.status, 503, `${answer.request} during the outage: ${answer.text.slice(0, 300)}`);
      assert.equal(errorMessageProblem(503, answer.text, answer.correlationId ?? undefined), undefined, answer.text);
      assert.equal(JSON.parse(answer.text).canBeRetried, "True");
    }
    assert.deepEqual(load.answers.filter((a) => a.status >= 500 && a.status !== 503 || a.status === 0).map((a) => `${a.phase} ${a.request} ${a.status}`), [], "no 500s, no dropped connections");
    const lastSecond = afterwards.slice(-40);
    assert.ok(lastSecond.length > 0 && lastSecond.every((a) => a.status === 200), `serving again after restore: ${summary(lastSecond)}`);
    assert.equal(server.child.exitCode, null, "the same process recovered");
    assert.equal(server.child.pid, pid);

    // The SDK with its default retry policy, across a short outage.
    const sdk = new CodatPlatform({ authHeader: server.authHeader, serverURL: server.url });
    await proxy.cut();
    const started = Date.now();
    const created = sdk.companies.create({ name: "Created across an outage" });
    await sleep(1500);
    await proxy.restore();
    const company = await created;
    const elapsed = Date.now() - started;
    console.log(`outage: the SDK's create call succeeded after ${elapsed} ms across a 1.5 s outage`);
    assert.ok(elapsed >= 1500, "the call waited for the database");
    const check = await call(`/companies/${company.id}`);
    assert.equal(check.status, 200);
  });
});
