// A migrated, empty database of either dialect for storage-level tests.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Kysely } from "kysely";
import { openDatabase, type DialectName } from "../../src/storage/dialect.js";
import { migrateToLatest } from "../../src/storage/migrate.js";
import type { Database } from "../../src/storage/schema.js";
import { createPostgresDatabase } from "./postgres.js";

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
