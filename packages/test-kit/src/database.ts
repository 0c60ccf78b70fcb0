// A migrated, empty database of either dialect, without a server, for tests of the storage,
// the webhook dispatcher and the other layers below HTTP. (With a server: ./server.ts.)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Kysely } from "kysely";
import { createPostgresDatabase } from "./postgres.js";
import { migrateToLatest, openDatabase, type Database, type DialectName } from "./server-source.js";

export interface TestDatabase {
  db: Kysely<Database>;
  databaseUrl: string;
  close(): Promise<void>;
}

/** SQLite in a temp file, or a fresh PostgreSQL database (check `postgresOrSkip` first). */
export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  if (dialect === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), "platform-db-"));
    const databaseUrl = `sqlite:${path.join(dir, "test.sqlite")}`;
    const { db } = openDatabase(databaseUrl);
    await migrateToLatest(db);
    return {
      db,
      databaseUrl,
      close: async () => {
        await db.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const pgDatabase = await createPostgresDatabase();
  const { db } = openDatabase(pgDatabase.url);
  await migrateToLatest(db);
  return {
    db,
    databaseUrl: pgDatabase.url,
    close: async () => {
      await db.destroy();
      await pgDatabase.drop();
    },
  };
}
