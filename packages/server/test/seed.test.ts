// The first-start seed's demo company looks like an account in use: its connections were first
// authorized over the past months, and the ones that have synced did so within the last day.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { seed } from "../src/seed.js";
import { basicAuth } from "@codat/test-kit/auth";
import { forEachDialect } from "@codat/test-kit/dialects";
import { startTestServer, type TestServer } from "@codat/test-kit/server";

const DAY = 86_400_000;

interface WireConnection {
  status: string;
  created: string;
  lastSync?: string | null;
}

forEachDialect("seed", (dialect) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ dialect });
  });
  after(() => server.close());

  it("dates the demo connections over past months, last synced within the last day", async () => {
    const seeded = await seed(server.app.context);
    assert.ok(seeded.seeded && seeded.demoCompanyId);
    const get = async (path: string) => {
      const res = await fetch(`${server.url}${path}`, { headers: { authorization: basicAuth(seeded.apiKey) } });
      assert.equal(res.status, 200, path);
      return res.json() as Promise<Record<string, unknown>>;
    };
    const now = Date.now();
    const company = await get(`/companies/${seeded.demoCompanyId}`);
    const page = await get(`/companies/${seeded.demoCompanyId}/connections?pageSize=100`);
    const connections = page.results as WireConnection[];
    assert.equal(connections.length, 4);

    const created = connections.map((c) => Date.parse(c.created));
    assert.ok(created.every((t) => t < now - DAY), "every connection was authorized days ago or more");
    assert.ok(Math.max(...created) - Math.min(...created) > 60 * DAY, "first authorizations spread over months");
    assert.equal(new Set(created).size, created.length, "no two at the same moment");
    assert.ok(created.every((t) => t > Date.parse(String(company.created))), "the company predates its connections");

    for (const connection of connections) {
      if (connection.status === "PendingAuth") {
        assert.ok(!connection.lastSync, "a pending connection has never synced");
        continue;
      }
      const lastSync = Date.parse(String(connection.lastSync));
      assert.ok(lastSync < now && lastSync > now - DAY, `${connection.status} last synced within the last day`);
    }
  });
});
