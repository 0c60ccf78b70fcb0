// Refreshed tokens are stored in groups (lib/write-coalescer.ts → saveRefreshedTokens): writes
// that arrive while one is in flight go together into the next statement, and within a group
// each row is stored only while its own claim holds it.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { WriteCoalescer } from "../../src/lib/write-coalescer.js";
import { createClient } from "../../src/storage/repositories/clients.js";
import { createCompany } from "../../src/storage/repositories/companies.js";
import { claimDueRefreshes, getCredentials, saveCredentials, saveRefreshedTokens, type NewTokens } from "../../src/storage/repositories/connection-credentials.js";
import { createConnection } from "../../src/storage/repositories/connections.js";
import { createTestDatabase, type TestDatabase } from "@codat/test-kit/database";
import { postgresOrSkip } from "@codat/test-kit/postgres";

const now = new Date("2026-01-02T03:04:05.000Z");
const tokens = (access: string, refresh: string | null): NewTokens => ({
  accessTokenSealed: access,
  refreshTokenSealed: refresh,
  tokenType: "Bearer",
  scopes: null,
  expires: new Date(now.getTime() + 3_600_000).toISOString(),
  refreshDue: new Date(now.getTime() + 3_300_000).toISOString(),
  now: now.toISOString(),
});

describe("grouped writes", () => {
  it("sends the first write at once and groups the ones that arrive while a call is in flight", async () => {
    const calls: number[][] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const coalescer = new WriteCoalescer<number, number>(async (items) => {
      calls.push(items);
      if (calls.length === 1) await held;
      return items.map((item) => item * 10);
    }, 4);
    const first = coalescer.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    const rest = [2, 3, 4, 5, 6, 7].map((item) => coalescer.submit(item));
    release();
    assert.deepEqual(await Promise.all([first, ...rest]), [10, 20, 30, 40, 50, 60, 70]);
    assert.deepEqual(calls, [[1], [2, 3, 4, 5], [6, 7]], "one alone, then groups of at most 4");
  });

  it("rejects every write of a group whose call failed, and goes on with the next group", async () => {
    let calls = 0;
    const coalescer = new WriteCoalescer<string, string>(async (items) => {
      calls++;
      if (items.includes("bad")) throw new Error("the database is away");
      return items;
    }, 10);
    const results = await Promise.allSettled([coalescer.submit("bad"), coalescer.submit("good")]);
    assert.deepEqual(
      results.map((r) => r.status),
      ["rejected", "rejected"],
    );
    assert.equal(await coalescer.submit("later"), "later");
    assert.equal(calls, 2);
  });
});

for (const dialect of ["sqlite", "postgres"] as const) {
  describe(`saveRefreshedTokens on ${dialect}`, () => {
    let test: TestDatabase | undefined;
    let available = true;
    before(async (t) => {
      if (dialect === "postgres") available = await postgresOrSkip(t as never);
      if (available) test = await createTestDatabase(dialect);
    });
    after(async () => test?.close());

    it("stores a group in one statement, each row only under its own claim, keeping a refresh token the answer lacked", async (t) => {
      if (!available) return t.skip("PostgreSQL unavailable");
      const db = test!.db;
      const client = await createClient(db, { name: "Writes", now });
      const company = await createCompany(db, client.id, { name: "Acme", now });
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) {
        const connection = await createConnection(db, client.id, company.id, {
          integrationId: "00000000-0000-0000-0000-000000000000",
          integrationKey: "gbol",
          sourceId: "00000000-0000-0000-0000-000000000000",
          sourceType: "Accounting",
          platformName: "Xero",
          status: "Linked",
          now,
        });
        await saveCredentials(db, connection.id, client.id, { ...tokens(`access-${i}`, `refresh-${i}`), refreshDue: now.toISOString() });
        ids.push(connection.id);
      }
      // Three claimed by one claim; the fourth by another (which a write naming the first must not touch).
      const later = new Date(now.getTime() + 1000);
      const claimed = await claimDueRefreshes(db, { now: later, limit: 3, leaseMs: 60_000, claimId: "claim-a" });
      assert.equal(claimed.length, 3);
      const other = await claimDueRefreshes(db, { now: later, limit: 3, leaseMs: 60_000, claimId: "claim-b" });
      assert.equal(other.length, 1);
      const otherId = other[0]!.connectionId;

      const writes = ids.map((connectionId, i) => ({ connectionId, claimId: "claim-a", tokens: tokens(`new-access-${i}`, i === 0 ? null : `new-refresh-${i}`) }));
      const saved = await saveRefreshedTokens(db, writes);
      assert.deepEqual([...saved].sort(), ids.filter((id) => id !== otherId).sort());

      for (const [i, id] of ids.entries()) {
        const row = (await getCredentials(db, client.id, id))!;
        if (id === otherId) {
          assert.equal(row.accessTokenSealed, `access-${i}`, "a row held by another claim is left as it was");
          assert.equal(row.version, 1);
          assert.notEqual(row.claimedUntil, null);
          continue;
        }
        assert.equal(row.accessTokenSealed, `new-access-${i}`);
        assert.equal(row.refreshTokenSealed, i === 0 ? "refresh-0" : `new-refresh-${i}`, "no refresh token in the answer: the old one stays");
        assert.equal(row.version, 2);
        assert.equal(row.claimedUntil, null);
        assert.equal(row.lastRefreshed, now.toISOString());
      }
      assert.deepEqual(await saveRefreshedTokens(db, []), new Set());
    });
  });
}
