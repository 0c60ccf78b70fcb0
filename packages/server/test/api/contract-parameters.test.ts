// Walks the contract: for every operation this server serves (its /openapi.json operations whose
// operationId the contract has), every path and query parameter the contract declares must have
// a check below proving the server honours it — changing the parameter changes the answer the
// way the contract says. A declared parameter without a check fails the walk, so none can be
// silently ignored, now or when the contract or the server grows. The server's own document
// must declare each of them too.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { apiClient, type Api } from "@codat/test-kit/api";
import { readContract } from "@codat/test-kit/contract";
import { forEachDialect } from "@codat/test-kit/dialects";
import { startTestServer, type TestServer } from "@codat/test-kit/server";

const MISSING = "8a210b68-6988-41ed-a1eb-0242ac120002";

type Json = Record<string, unknown>;
interface Parameter {
  name: string;
  in: string;
}
interface Operation {
  operationId: string;
  method: string;
  path: string;
  parameters: Parameter[];
}

/** The contract's operations with their path and query parameters ($refs and path-level ones resolved). */
function contractOperations(): Map<string, Operation> {
  const contract = readContract() as { paths: Record<string, Json>; components: { parameters: Record<string, Parameter> } };
  const resolve = (p: Parameter & { $ref?: string }) => (p.$ref ? contract.components.parameters[p.$ref.split("/").pop()!]! : p);
  const operations = new Map<string, Operation>();
  for (const [path, item] of Object.entries(contract.paths)) {
    const shared = ((item.parameters ?? []) as Parameter[]).map(resolve);
    for (const [method, op] of Object.entries(item)) {
      const operation = op as { operationId?: string; parameters?: Parameter[] };
      if (method === "parameters" || !operation.operationId) continue;
      const parameters = [...shared, ...(operation.parameters ?? []).map(resolve)].filter((p) => p.in === "path" || p.in === "query");
      operations.set(operation.operationId, { operationId: operation.operationId, method: method.toUpperCase(), path, parameters });
    }
  }
  return operations;
}

const names = (body: { results: Array<{ name: string }> }) => body.results.map((r) => r.name);
const ids = (body: { results: Array<{ id: string }> }) => body.results.map((r) => r.id);
const subjectOf = (token: string) => (JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()) as { sub: string }).sub;

forEachDialect("contract parameters", (dialect) => {
  let server: TestServer;
  /** The server's first client: the checks that write make their own companies here. */
  let api: Api;
  /** A client holding only the list fixtures, so that every count below is exact. */
  let lists: Api;
  const company: Record<"alpha" | "bravo" | "charlie", string> = { alpha: "", bravo: "", charlie: "" };
  /** Alpha's three connections, to platforms whose names sort differently from their creation. */
  const connections: string[] = [];

  before(async () => {
    server = await startTestServer({ dialect, env: { WEBHOOK_ALLOW_PRIVATE_URLS: "true" } });
    api = apiClient(server);
    lists = apiClient({ url: server.url, authHeader: (await server.createClient("Parameter lists")).authHeader });
    const tiers = { alpha: "gold", bravo: "silver", charlie: "gold" } as const;
    for (const key of ["alpha", "bravo", "charlie"] as const) {
      const res = await lists("POST", "/companies", { body: { name: `Param ${key}`, tags: { tier: tiers[key] } } });
      assert.equal(res.status, 200, res.text);
      company[key] = res.body.id;
    }
    for (const platformKey of ["mqjo", "gbol", "qhyg"]) {
      const res = await lists("POST", "/companies/{companyId}/connections", { params: { companyId: company.alpha }, body: { platformKey } });
      assert.equal(res.status, 200, res.text);
      connections.push(res.body.id);
    }
  });
  after(() => server.close());

  /** A company of the first client, with `count` sandbox connections. */
  async function scratchCompany(name: string, count = 0): Promise<{ id: string; connections: string[] }> {
    const created = await api("POST", "/companies", { body: { name } });
    assert.equal(created.status, 200, created.text);
    const made: string[] = [];
    for (let i = 0; i < count; i++) {
      const res = await api("POST", "/companies/{companyId}/connections", { params: { companyId: created.body.id }, body: { platformKey: "mqjo" } });
      made.push(res.body.id);
    }
    return { id: created.body.id, connections: made };
  }

  const status = async (method: string, path: string, params: Record<string, string>, body?: unknown) =>
    (await api(method, path, { params, ...(body === undefined ? {} : { body }) })).status;

  /** Checks of the generic list parameters, on any list with three or more items. */
  function listChecks(call: (query: Record<string, string | number>) => Promise<{ status: number; body: { results: Array<{ name: string; id: string }>; totalResults: number } }>) {
    return {
      page: async () => {
        const all = ids((await call({ pageSize: 100 })).body);
        assert.ok(all.length >= 3);
        for (const page of [1, 2, 3]) assert.deepEqual(ids((await call({ page, pageSize: 1 })).body), [all[page - 1]], `page ${page}`);
        const beyond = await call({ page: all.length + 1, pageSize: 1 });
        assert.deepEqual(beyond.body.results, []);
        assert.equal(beyond.body.totalResults, all.length);
      },
      pageSize: async () => {
        const total = (await call({})).body.totalResults;
        for (const pageSize of [1, 2]) {
          const res = await call({ pageSize });
          assert.equal(res.body.results.length, pageSize);
          assert.equal(res.body.totalResults, total, "the page size does not change the total");
        }
        assert.equal((await call({ pageSize: 5001 })).status, 400, "the contract's maximum");
      },
      orderBy: async (field: "name" | "platformName") => {
        const read = async (orderBy: string) => (await call({ orderBy, pageSize: 100 })).body.results.map((r) => (r as unknown as Record<string, string>)[field]!);
        const ascending = await read(field);
        assert.deepEqual(ascending, [...ascending].sort(), `orderBy=${field}`);
        assert.deepEqual(await read(`-${field}`), [...ascending].reverse(), `orderBy=-${field}`);
        assert.notDeepEqual(ascending, [...ascending].reverse(), "the fixtures tell the orders apart");
        assert.equal((await call({ orderBy: "nosuchfield" })).status, 400);
      },
    };
  }

  const companyList = listChecks((query) => lists("GET", "/companies", { query }));
  const connectionList = listChecks((query) => lists("GET", "/companies/{companyId}/connections", { params: { companyId: company.alpha }, query }));
  const integrationList = listChecks((query) => api("GET", "/integrations", { query }));

  /** One check per (operationId, parameter) the contract declares for the operations served. */
  const checks: Record<string, () => Promise<void>> = {
    "list-companies query:page": companyList.page,
    "list-companies query:pageSize": companyList.pageSize,
    "list-companies query:orderBy": () => companyList.orderBy("name"),
    "list-companies query:query": async () => {
      assert.deepEqual(ids((await lists("GET", "/companies", { query: { query: `id=${company.bravo}` } })).body), [company.bravo]);
      assert.deepEqual(names((await lists("GET", "/companies", { query: { query: "name~charlie" } })).body), ["Param charlie"]);
      assert.equal((await lists("GET", "/companies", { query: { query: "nonsense" } })).status, 400);
    },
    "list-companies query:tags": async () => {
      const tagged = async (tags: string) => (await lists("GET", "/companies", { query: { tags, orderBy: "name" } })).body;
      assert.deepEqual(names(await tagged("tier=gold")), ["Param alpha", "Param charlie"]);
      assert.deepEqual(names(await tagged("tier!=gold")), ["Param bravo"]);
      assert.equal((await tagged("tier=gold")).totalResults, 2);
      assert.equal((await lists("GET", "/companies", { query: { tags: "tier" } })).status, 400);
    },

    "get-company path:companyId": async () => {
      for (const id of [company.alpha, company.bravo]) assert.equal((await lists("GET", "/companies/{companyId}", { params: { companyId: id } })).body.id, id);
      assert.equal((await lists("GET", "/companies/{companyId}", { params: { companyId: MISSING } })).status, 404);
    },
    "replace-company path:companyId": async () => {
      const [x, y] = [await scratchCompany("Replace X"), await scratchCompany("Replace Y")];
      assert.equal(await status("PUT", "/companies/{companyId}", { companyId: x.id }, { name: "Replaced" }), 200);
      assert.equal((await api("GET", "/companies/{companyId}", { params: { companyId: x.id } })).body.name, "Replaced");
      assert.equal((await api("GET", "/companies/{companyId}", { params: { companyId: y.id } })).body.name, "Replace Y");
      assert.equal(await status("PUT", "/companies/{companyId}", { companyId: MISSING }, { name: "Nobody" }), 404);
    },
    "update-company path:companyId": async () => {
      const [x, y] = [await scratchCompany("Update X"), await scratchCompany("Update Y")];
      assert.equal(await status("PATCH", "/companies/{companyId}", { companyId: x.id }, { description: "changed" }), 200);
      assert.equal((await api("GET", "/companies/{companyId}", { params: { companyId: x.id } })).body.description, "changed");
      assert.equal((await api("GET", "/companies/{companyId}", { params: { companyId: y.id } })).body.description, "");
      assert.equal(await status("PATCH", "/companies/{companyId}", { companyId: MISSING }, { description: "x" }), 404);
    },
    "delete-company path:companyId": async () => {
      const [x, y] = [await scratchCompany("Delete X"), await scratchCompany("Delete Y")];
      assert.equal(await status("DELETE", "/companies/{companyId}", { companyId: x.id }), 204);
      assert.equal(await status("GET", "/companies/{companyId}", { companyId: x.id }), 404);
      assert.equal(await status("GET", "/companies/{companyId}", { companyId: y.id }), 200);
      assert.equal(await status("DELETE", "/companies/{companyId}", { companyId: MISSING }), 404);
    },

    "list-connections path:companyId": async () => {
      const of = async (companyId: string) => lists("GET", "/companies/{companyId}/connections", { params: { companyId } });
      assert.deepEqual(ids((await of(company.alpha)).body).sort(), [...connections].sort());
      assert.deepEqual((await of(company.bravo)).body.results, []);
      assert.equal((await of(MISSING)).status, 404);
    },
    "list-connections query:page": connectionList.page,
    "list-connections query:pageSize": connectionList.pageSize,
    "list-connections query:orderBy": () => connectionList.orderBy("platformName"),
    "list-connections query:query": async () => {
      const res = await lists("GET", "/companies/{companyId}/connections", { params: { companyId: company.alpha }, query: { query: `id=${connections[1]}` } });
      assert.deepEqual(ids(res.body), [connections[1]]);
      const sandbox = await lists("GET", "/companies/{companyId}/connections", { params: { companyId: company.alpha }, query: { query: "integrationKey=mqjo" } });
      assert.deepEqual(ids(sandbox.body), [connections[0]]);
    },
    "create-connection path:companyId": async () => {
      const [x, y] = [await scratchCompany("Connect X"), await scratchCompany("Connect Y")];
      const created = await api("POST", "/companies/{companyId}/connections", { params: { companyId: x.id }, body: { platformKey: "mqjo" } });
      assert.equal(created.status, 200);
      const listOf = async (companyId: string) => ids((await api("GET", "/companies/{companyId}/connections", { params: { companyId } })).body);
      assert.deepEqual(await listOf(x.id), [created.body.id]);
      assert.deepEqual(await listOf(y.id), []);
      assert.equal(await status("POST", "/companies/{companyId}/connections", { companyId: MISSING }, { platformKey: "mqjo" }), 404);
    },
    "get-connection path:companyId": async () => {
      const path = "/companies/{companyId}/connections/{connectionId}";
      assert.equal((await lists("GET", path, { params: { companyId: company.alpha, connectionId: connections[0]! } })).status, 200);
      assert.equal((await lists("GET", path, { params: { companyId: company.bravo, connectionId: connections[0]! } })).status, 404, "another company's connection");
    },
    "get-connection path:connectionId": async () => {
      const path = "/companies/{companyId}/connections/{connectionId}";
      for (const connectionId of connections) assert.equal((await lists("GET", path, { params: { companyId: company.alpha, connectionId } })).body.id, connectionId);
      assert.equal((await lists("GET", path, { params: { companyId: company.alpha, connectionId: MISSING } })).status, 404);
    },
    "delete-connection path:companyId": async () => {
      const [x, y] = [await scratchCompany("Disconnect X", 1), await scratchCompany("Disconnect Y")];
      const params = { companyId: y.id, connectionId: x.connections[0]! };
      assert.equal(await status("DELETE", "/companies/{companyId}/connections/{connectionId}", params), 404);
      assert.equal(await status("GET", "/companies/{companyId}/connections/{connectionId}", { ...params, companyId: x.id }), 200, "left alone");
    },
    "delete-connection path:connectionId": async () => {
      const x = await scratchCompany("Disconnect Z", 2);
      const [first, second] = x.connections as [string, string];
      assert.equal(await status("DELETE", "/companies/{companyId}/connections/{connectionId}", { companyId: x.id, connectionId: first }), 200, "the contract answers 200");
      assert.equal(await status("GET", "/companies/{companyId}/connections/{connectionId}", { companyId: x.id, connectionId: first }), 404);
      assert.equal(await status("GET", "/companies/{companyId}/connections/{connectionId}", { companyId: x.id, connectionId: second }), 200);
    },
    "update-connection-authorization path:companyId": async () => {
      const [x, y] = [await scratchCompany("Authorize X", 1), await scratchCompany("Authorize Y")];
      const path = "/companies/{companyId}/connections/{connectionId}/authorization";
      const credentials = { username: "u", password: "p" };
      assert.equal(await status("PUT", path, { companyId: y.id, connectionId: x.connections[0]! }, credentials), 404);
      assert.equal((await api("PUT", path, { params: { companyId: x.id, connectionId: x.connections[0]! }, body: credentials })).body.status, "Linked");
    },
    "update-connection-authorization path:connectionId": async () => {
      const x = await scratchCompany("Authorize Z", 2);
      const [first, second] = x.connections as [string, string];
      const linked = await api("PUT", "/companies/{companyId}/connections/{connectionId}/authorization", {
        params: { companyId: x.id, connectionId: second },
        body: { username: "u", password: "p" },
      });
      assert.equal(linked.body.id, second);
      assert.equal(linked.body.status, "Linked");
      const untouched = await api("GET", "/companies/{companyId}/connections/{connectionId}", { params: { companyId: x.id, connectionId: first } });
      assert.equal(untouched.body.status, "PendingAuth");
    },
    "unlink-connection path:companyId": async () => {
      const [x, y] = [await scratchCompany("Unlink X", 1), await scratchCompany("Unlink Y")];
      const params = { companyId: y.id, connectionId: x.connections[0]! };
      assert.equal(await status("PATCH", "/companies/{companyId}/connections/{connectionId}", params, { status: "Unlinked" }), 404);
      const kept = await api("GET", "/companies/{companyId}/connections/{connectionId}", { params: { ...params, companyId: x.id } });
      assert.equal(kept.body.status, "PendingAuth");
    },
    "unlink-connection path:connectionId": async () => {
      const x = await scratchCompany("Unlink Z", 2);
      const [first, second] = x.connections as [string, string];
      for (const connectionId of [first, second]) {
        await api("PUT", "/companies/{companyId}/connections/{connectionId}/authorization", { params: { companyId: x.id, connectionId }, body: { username: "u", password: "p" } });
      }
      const unlinked = await api("PATCH", "/companies/{companyId}/connections/{connectionId}", { params: { companyId: x.id, connectionId: first }, body: { status: "Unlinked" } });
      assert.equal(unlinked.body.id, first);
      assert.equal(unlinked.body.status, "Unlinked");
      const other = await api("GET", "/companies/{companyId}/connections/{connectionId}", { params: { companyId: x.id, connectionId: second } });
      assert.equal(other.body.status, "Linked");
    },

    "get-company-access-token path:companyId": async () => {
      for (const id of [company.alpha, company.bravo]) {
        assert.equal(subjectOf((await lists("GET", "/companies/{companyId}/accessToken", { params: { companyId: id } })).body.accessToken), id);
      }
      assert.equal((await lists("GET", "/companies/{companyId}/accessToken", { params: { companyId: MISSING } })).status, 404);
    },
    "get-connection-management-access-token path:companyId": async () => {
      const path = "/companies/{companyId}/connectionManagement/accessToken";
      for (const id of [company.alpha, company.bravo]) assert.equal(subjectOf((await lists("GET", path, { params: { companyId: id } })).body.accessToken), id);
      assert.equal((await lists("GET", path, { params: { companyId: MISSING } })).status, 404);
    },

    "list-integrations query:page": integrationList.page,
    "list-integrations query:pageSize": integrationList.pageSize,
    "list-integrations query:orderBy": () => integrationList.orderBy("name"),
    "list-integrations query:query": async () => {
      const res = await api("GET", "/integrations", { query: { query: "key=gbol" } });
      assert.deepEqual(res.body.results.map((r: { key: string }) => r.key), ["gbol"]);
      assert.equal((await api("GET", "/integrations", { query: { query: "secret=1" } })).status, 400);
    },
    "get-integration path:platformKey": async () => {
      for (const key of ["gbol", "mqjo"]) assert.equal((await api("GET", "/integrations/{platformKey}", { params: { platformKey: key } })).body.key, key);
      assert.equal(await status("GET", "/integrations/{platformKey}", { platformKey: "zzzz" }), 404);
    },
    "get-integrations-branding path:platformKey": async () => {
      for (const key of ["gbol", "mqjo"]) {
        const integration = (await api("GET", "/integrations/{platformKey}", { params: { platformKey: key } })).body;
        const branding = (await api("GET", "/integrations/{platformKey}/branding", { params: { platformKey: key } })).body;
        assert.equal(branding.sourceId, integration.sourceId, key);
      }
      assert.equal(await status("GET", "/integrations/{platformKey}/branding", { platformKey: "zzzz" }), 404);
    },

    "delete-webhook-consumer path:webhookId": async () => {
      const create = async () => (await api("POST", "/webhooks", { body: { url: "http://127.0.0.1:9/hook", eventTypes: ["company.created"] } })).body.id as string;
      const [first, second] = [await create(), await create()];
      assert.equal(await status("DELETE", "/webhooks/{webhookId}", { webhookId: first }), 204);
      const listed = ids((await api("GET", "/webhooks")).body);
      assert.ok(!listed.includes(first) && listed.includes(second), listed.join(" "));
      assert.equal(await status("DELETE", "/webhooks/{webhookId}", { webhookId: MISSING }), 404);
    },
    "delete-api-key path:apiKeyId": async () => {
      const create = async () => (await api("POST", "/apiKeys", { body: { name: "walk" } })).body.id as string;
      const [first, second] = [await create(), await create()];
      assert.equal(await status("DELETE", "/apiKeys/{apiKeyId}", { apiKeyId: first }), 204);
      const listed = ids((await api("GET", "/apiKeys")).body);
      assert.ok(!listed.includes(first) && listed.includes(second), listed.join(" "));
      assert.equal(await status("DELETE", "/apiKeys/{apiKeyId}", { apiKeyId: MISSING }), 404);
    },
  };

  it("honours every path and query parameter the contract declares for each operation it serves", async () => {
    const contract = contractOperations();
    const own = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { operationId?: string; parameters?: Parameter[] }>> };
    const served: Array<{ operation: Operation; ownParameters: Parameter[] }> = [];
    for (const methods of Object.values(own.paths)) {
      for (const op of Object.values(methods)) {
        const operation = op.operationId ? contract.get(op.operationId) : undefined;
        if (operation) served.push({ operation, ownParameters: op.parameters ?? [] });
      }
    }
    assert.ok(served.length >= 25, `only ${served.length} contract operations served`);

    const unchecked: string[] = [];
    const checked = new Set<string>();
    for (const { operation, ownParameters } of served) {
      for (const parameter of operation.parameters) {
        const key = `${operation.operationId} ${parameter.in}:${parameter.name}`;
        assert.ok(
          ownParameters.some((p) => p.name === parameter.name && p.in === parameter.in),
          `${operation.method} ${operation.path}: the server's /openapi.json does not declare ${parameter.in} parameter ${parameter.name}`,
        );
        const check = checks[key];
        if (!check) {
          unchecked.push(key);
          continue;
        }
        await check();
        checked.add(key);
      }
    }
    assert.deepEqual(unchecked, [], "declared parameters nothing proves the server honours");
    assert.deepEqual(Object.keys(checks).filter((key) => !checked.has(key)), [], "checks of parameters the contract no longer declares");
  });
});
