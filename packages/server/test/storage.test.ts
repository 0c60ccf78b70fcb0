// Repositories and migrations against both engines: the same assertions on SQLite (temp file)
// and PostgreSQL (a fresh database, dropped afterwards).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { recordEvent } from "../src/events/outbox.js";
import { createApiKey, deleteApiKey, findApiKeyByHash, hashApiKey, listApiKeys } from "../src/storage/repositories/api-keys.js";
import { createClient } from "../src/storage/repositories/clients.js";
import {
  createCompany,
  deleteCompany,
  getCompany,
  listCompanies,
  updateCompany,
} from "../src/storage/repositories/companies.js";
import { createConnection, getConnection, listConnections } from "../src/storage/repositories/connections.js";
import { listCorsOrigins, replaceCorsOrigins } from "../src/storage/repositories/cors-origins.js";
import { QueryError } from "../src/storage/query.js";
import { createTestDatabase, type TestDatabase } from "@codat/test-kit/database";
import { postgresOrSkip } from "@codat/test-kit/postgres";

const now = new Date("2026-01-02T03:04:05.000Z");
const page = (extra: object = {}) => ({ page: 1, pageSize: 100, ...extra });

for (const dialect of ["sqlite", "postgres"] as const) {
  describe(`storage on ${dialect}`, () => {
    let test: TestDatabase | undefined;
    let available = true;

    before(async (t) => {
      if (dialect === "postgres") available = await postgresOrSkip(t as never);
      if (available) test = await createTestDatabase(dialect);
    });
    after(async () => test?.close());

    const db = () => {
      assert.ok(test);
      return test.db;
    };

    it("keeps each client's companies to itself", async (t) => {
      if (!available) return t.skip("PostgreSQL unavailable");
      const a = await createClient(db(), { name: "A", now });
      const b = await createClient(db(), { name: "B", now });
      const company = await createCompany(db(), a.id, { name: "Acme", tags: { region: "uk" }, now });
      assert.equal((await getCompany(db(), a.id, company.id))?.name, "Acme");
      assert.deepEqual((await getCompany(db(), a.id, company.id))?.tags, { region: "uk" });
      assert.equal(await getCompany(db(), b.id, company.id), undefined);
      assert.equal(await updateCompany(db(), b.id, company.id, { name: "Stolen", now }), undefined);
      assert.equal(await deleteCompany(db(), b.id, company.id), false);
      assert.equal((await listCompanies(db(), b.id, page())).totalResults, 0);
      assert.equal((await listCompanies(db(), a.id, page())).totalResults, 1);
    });

    it("filters, orders and pages companies with the query language", async (t) => {
      if (!available) return t.skip("PostgreSQL unavailable");
      const client = await createClient(db(), { name: "Q", now });
      for (const [i, name] of ["Alpha Ltd", "beta co", "Gamma LTD", "Delta 100%"].entries()) {
        await createCompany(db(), client.id, { name, now: new Date(now.getTime() + i * 1000) });
      }
      const contains = await listCompanies(db(), client.id, page({ query: "name~ltd" }));
      assert.deepEqual(contains.results.map((c) => c.name), ["Alpha Ltd", "Gamma LTD"]);
      const either = await listCompanies(db(), client.id, page({ query: "name=beta co||name~100%" }));
      assert.deepEqual(either.results.map((c) => c.name), ["beta co", "Delta 100%"]);
      const both = await listCompanies(db(), client.id, page({ query: "name~a && name!=Alpha Ltd" }));
      assert.equal(both.totalResults, 3);
      const ordered = await listCompanies(db(), client.id, page({ orderBy: "-createdDate", pageSize: 2, page: 2 }));
      assert.deepEqual(ordered.results.map((c) => c.name), ["beta co", "Alpha Ltd"]);
      assert.equal(ordered.totalResults, 4);
      await assert.rejects(listCompanies(db(), client.id, page({ query: "secret=1" })), QueryError);
      await assert.rejects(listCompanies(db(), client.id, page({ query: "garbage" })), QueryError);
      await assert.rejects(listCompanies(db(), client.id, page({ orderBy: "client_id" })), QueryError);
    });

    it("stores API keys only as hashes and finds them by hash", async (t) => {
      if (!available) return t.skip("PostgreSQL unavailable");
      const client = await createClient(db(), { name: "K", now });
      const { record, key } = await createApiKey(db(), client.id, { name: "ci", now });
      assert.ok(key.length >= 43);
      const rows = await db().selectFrom("api_keys").selectAll().where("id", "=", record.id).execute();
      assert.equal(rows.length, 1);
      assert.ok(!JSON.stringify(rows).includes(key), "the key itself is never stored");
      assert.equal((await findApiKeyByHash(db(), hashApiKey(key)))?.clientId, client.id);
      assert.equal((await listApiKeys(db(), client.id)).length, 1);
      assert.equal(await deleteApiKey(db(), "00000000-0000-4000-8000-000000000000", record.id, new Date()), false);
      assert.equal(await deleteApiKey(db(), client.id, record.id, new Date()), true);
      assert.equal(await findApiKeyByHash(db(), hashApiKey(key)), undefined);
    });

    it("lists connections per company and removes them with the company", async (t) => {
      if (!available) return t.skip("PostgreSQL unavailable");
      const client = await createClient(db(), { name: "C", now });
      const company = await createCompany(db(), client.id, { name: "Conn", now });
      const input = {
        integrationId: "11111111-1111-4111-8111-111111111111",
        integrationKey: "mqjo",
        sourceId: "22222222-2222-4222-8222-222222222222",
        sourceType: "Accounting",
        platformName: "Sandbox",
        status: "Linked" as const,
        now,
      };
      const connection = await createConnection(db(), client.id, company.id, input);
      await createConnection(db(), client.id, company.id, { ...input, status: "Unlinked" });
      assert.equal((await listConnections(db(), client.id, company.id, page({ query: "status=Unlinked" }))).totalResults, 1);
      assert.equal((await getConnection(db(), client.id, company.id, connection.id))?.status, "Linked");
      assert.equal(await deleteCompany(db(), client.id, company.id), true);
      assert.equal(await getConnection(db(), client.id, company.id, connection.id), undefined);
    });

    it("replaces CORS origins per client", async (t) => {
      if (!available) return t.skip("PostgreSQL unavailable");
      const client = await createClient(db(), { name: "O", now });
      await replaceCorsOrigins(db(), client.id, ["https://a.example", "https://b.example"], now);
      await replaceCorsOrigins(db(), client.id, ["https://c.example"], now);
      assert.deepEqual(await listCorsOrigins(db(), client.id), ["https://c.example"]);
    });

    it("numbers outbox events in commit order and rolls them back with their transaction", async (t) => {
      if (!available) return t.skip("PostgreSQL unavailable");
      const client = await createClient(db(), { name: "E", now });
      const event = { clientId: client.id, companyId: client.id, eventType: "company.created" as const, payload: {}, generatedDate: now };
      const first = await db().transaction().execute((trx) => recordEvent(trx, event));
      await assert.rejects(
        db().transaction().execute(async (trx) => {
          await recordEvent(trx, event);
          throw new Error("abort");
        }),
      );
      const concurrent = await Promise.all(
        Array.from({ length: 5 }, () => db().transaction().execute((trx) => recordEvent(trx, event))),
      );
      const rows = await db().selectFrom("webhook_events").selectAll().where("client_id", "=", client.id).orderBy("sequence").execute();
      assert.equal(rows.length, 6);
      assert.deepEqual(
        rows.map((r) => r.sequence),
        [first.sequence, ...concurrent.map((e) => e.sequence).sort((x, y) => x - y)],
      );
      assert.equal(typeof rows[0]?.sequence, "number");
      const body = JSON.parse(rows[0]?.payload ?? "{}") as Record<string, unknown>;
      assert.deepEqual(Object.keys(body).sort(), ["eventType", "generatedDate", "id", "payload"]);
    });
  });
}
