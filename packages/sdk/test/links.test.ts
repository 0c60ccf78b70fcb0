// List results carry the contract's `_links` as `links`, the name both official clients give
// it (`res.links.next`), against the real server: companies, connections, integrations, and
// through the standalone functions. `_links` still reads the same object.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTestServer, type TestServer } from "@codat/test-kit/server";
import { CodatPlatform, CodatPlatformCore } from "../src/index.js";
import { companiesList } from "../src/funcs/index.js";

let server: TestServer;
let sdk: CodatPlatform;
let companyId: string;

before(async () => {
  server = await startTestServer();
  sdk = new CodatPlatform({ authHeader: server.authHeader, serverURL: server.url });
  for (const name of ["Links One", "Links Two", "Links Three"]) companyId = (await sdk.companies.create({ name })).id;
  for (let i = 0; i < 2; i++) await sdk.connections.create({ companyId, requestBody: { platformKey: "mqjo" } });
});
after(() => server.close());

test("companies.list: links.self, links.current and links.next on a first page; links.previous on the next", async () => {
  const first = await sdk.companies.list({ pageSize: 2 });
  assert.equal(first.totalResults, 3);
  assert.ok(first.links.self.href && first.links.current.href);
  assert.ok(first.links.next?.href, "a first page of two links to the next");
  assert.equal(first.links.previous, undefined);
  const second = await sdk.companies.list({ pageSize: 2, page: 2 });
  assert.ok(second.links.previous?.href, "the second page links back");
  assert.equal(second.links.next, undefined, "and is the last");
});

test("connections.list and integrations.list have links too", async () => {
  const connections = await sdk.connections.list({ companyId, pageSize: 1 });
  assert.ok(connections.links.next?.href);
  const integrations = await sdk.integrations.list({ pageSize: 1 });
  assert.ok(integrations.links.self.href);
});

test("the value looks like the official clients': `links` printed and serialised, `_links` still readable", async () => {
  const page = await sdk.companies.list({ pageSize: 1 });
  assert.equal(page._links, page.links, "the same object under the contract's name");
  const json = JSON.parse(JSON.stringify(page)) as Record<string, unknown>;
  assert.deepEqual(Object.keys(json).sort(), ["links", "pageNumber", "pageSize", "results", "totalResults"]);
});

test("standalone functions return the same shape", async () => {
  const result = await companiesList(new CodatPlatformCore({ authHeader: server.authHeader, serverURL: server.url }), { pageSize: 1 });
  assert.ok(result.ok);
  assert.ok(result.value.links.next?.href);
});
