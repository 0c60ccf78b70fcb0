// Several processes on one SQLite file (WORKERS > 1): a transaction that reads and then writes
// must wait for another process's write, not fail with SQLITE_BUSY. Another process writes in
// a tight loop meanwhile; every transaction here must still commit.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, it } from "node:test";
import { sql } from "kysely";
import { openDatabase } from "../src/storage/dialect.js";

const dir = mkdtempSync(path.join(tmpdir(), "platform-sqlite-processes-"));
after(() => rmSync(dir, { recursive: true, force: true }));

// The other process: better-sqlite3 directly, as another server worker would write.
const WRITER = `
const Database = require("better-sqlite3");
const db = new Database(process.argv[1]);
db.pragma("journal_mode = WAL");
db.pragma("busy_timeout = 5000");
const insert = db.prepare("INSERT INTO other_writes (at) VALUES (?)");
process.stdout.write("ready\\n");
const until = Date.now() + Number(process.argv[2]);
let writes = 0;
while (Date.now() < until) { insert.run(Date.now()); writes += 1; }
process.stdout.write(writes + "\\n");
`;

it("transactions that read then write commit while another process keeps writing", async () => {
  const file = path.join(dir, "shared.sqlite");
  const { db } = openDatabase(`sqlite:${file}`);
  try {
    await sql`CREATE TABLE other_writes (at INTEGER NOT NULL)`.execute(db);
    await sql`CREATE TABLE own_writes (seen INTEGER NOT NULL)`.execute(db);
    const writer = spawn(process.execPath, ["-e", WRITER, file, "1500"], { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"] });
    const exited = once(writer, "exit");
    let output = "";
    writer.stdout.on("data", (chunk: Buffer) => (output += chunk));
    while (!output.includes("ready")) await new Promise((resolve) => setTimeout(resolve, 10));

    let committed = 0;
    const failures: string[] = [];
    while (writer.exitCode === null) {
      try {
        await db.transaction().execute(async (trx) => {
          const { count } = await sql<{ count: number }>`SELECT count(*) AS count FROM other_writes`.execute(trx).then((r) => r.rows[0]!);
          await sql`INSERT INTO own_writes (seen) VALUES (${count})`.execute(trx);
        });
        committed += 1;
      } catch (error) {
        failures.push((error as { code?: string }).code ?? String(error));
      }
      // Let the writer's exit be noticed.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await exited;
    const otherWrites = Number(output.trim().split("\n").pop());
    assert.ok(otherWrites > 0, "the other process wrote meanwhile");
    assert.ok(committed > 10, `only ${committed} transactions ran`);
    assert.deepEqual(failures, [], `${failures.length} of ${committed + failures.length} transactions failed`);
  } finally {
    await db.destroy();
  }
});
