/**
 * Run a test suite on both databases the server supports:
 *
 *   forEachDialect("companies", (dialect) => {
 *     before(async () => { server = await startTestServer({ dialect }); });
 *     it("…", …);
 *   });
 *
 * declares `describe("companies on sqlite")` and `describe("companies on postgres")`. When
 * PostgreSQL is unreachable the PostgreSQL suite holds one loudly skipped test instead (a
 * failure under CI=true), and scripts/test.mjs repeats the skip at the end of the run.
 * `describeOnPostgres` does the same for a suite that only makes sense on PostgreSQL.
 */
import { describe, it } from "node:test";
import { postgresOrSkip, postgresUnavailableReason } from "./postgres.js";
import type { DialectName } from "./server-source.js";

export type { DialectName };

export const DIALECTS: readonly DialectName[] = ["sqlite", "postgres"];

export function forEachDialect(title: string, suite: (dialect: DialectName) => void): void {
  for (const dialect of DIALECTS) {
    if (dialect === "postgres") describeOnPostgres(`${title} on ${dialect}`, () => suite(dialect));
    else describe(`${title} on ${dialect}`, () => suite(dialect));
  }
}

/** `describe` for a suite that needs PostgreSQL: one loud skip in its place when it is absent. */
export function describeOnPostgres(title: string, suite: () => void): void {
  describe(title, async () => {
    if ((await postgresUnavailableReason()) !== undefined) {
      it("runs on PostgreSQL", async (t) => void (await postgresOrSkip(t)));
      return;
    }
    suite();
  });
}
