// Throw-away PostgreSQL databases for tests and benchmarks: one uniquely named database per
// caller, dropped afterwards. PostgreSQL is expected on 127.0.0.1:5432 (user `postgres`, trust
// auth) unless TEST_DATABASE_URL (or POSTGRES_ADMIN_URL) names another server and a role that
// may create databases. Tests call `postgresOrSkip` (or use `describeOnPostgres` /
// `forEachDialect` from ./dialects.ts) so that a machine without it skips loudly, while CI
// (CI=true) fails.
import { randomBytes } from "node:crypto";
import type { TestContext } from "node:test";
import pg from "pg";
import { skipLoudly } from "./skips.js";

const ADMIN_URL = process.env.TEST_DATABASE_URL || process.env.POSTGRES_ADMIN_URL || "postgres://postgres@127.0.0.1:5432/postgres";

export interface TestPostgresDatabase {
  url: string;
  drop(): Promise<void>;
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  // Generous: a busy machine can be slow to accept; an absent server refuses at once anyway.
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Creates a fresh, empty database; throws when PostgreSQL is unreachable. */
export async function createPostgresDatabase(): Promise<TestPostgresDatabase> {
  const name = `platform_test_${randomBytes(6).toString("hex")}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

let reachable: Promise<string | undefined> | undefined;

/** Errors that mean "no PostgreSQL here"; anything else (timeout, too many clients) is transient. */
const ABSENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "28P01", "28000"]);

/** Undefined when PostgreSQL answers, else the reason it does not. */
export function postgresUnavailableReason(): Promise<string | undefined> {
  reachable ??= (async () => {
    // A busy server (a loaded machine, all connection slots taken) is retried for up to 30 s
    // rather than reported absent: a skip (or, under CI, a failure) must mean it is not there.
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await admin((c) => c.query("SELECT 1"));
        return undefined;
      } catch (error) {
        const code = String((error as { code?: unknown }).code ?? "");
        if (ABSENT.has(code) || Date.now() > deadline) {
          return `PostgreSQL unreachable at ${new URL(ADMIN_URL).host} (${(error as Error).message})`;
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  })();
  return reachable;
}

/**
 * True when PostgreSQL tests can run. Otherwise skips `t` with a loud message — or throws when
 * CI=true, where PostgreSQL must be there.
 */
export async function postgresOrSkip(t: TestContext): Promise<boolean> {
  const reason = await postgresUnavailableReason();
  if (reason === undefined) return true;
  skipLoudly(t, `${reason}: PostgreSQL test`, "start PostgreSQL on 127.0.0.1:5432 or set TEST_DATABASE_URL=postgres://user@host:port/db to enable");
  return false;
}
