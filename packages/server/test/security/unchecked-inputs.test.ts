// Inputs that would reach the database out of its range answer a 400 ErrorMessage naming the
// field, and change nothing: a page number whose offset overflows 64 bits, and the NUL
// character (PostgreSQL cannot store it in text) in a query, a name, a description, a tag,
// a key name, an origin or a webhook field. On both databases.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { forEachDialect } from "@codat/test-kit/dialects";
import { startTestServer, type TestServer } from "@codat/test-kit/server";
import { errorMessageProblem } from "./helpers/errors.js";
import { databaseFingerprint } from "./helpers/snapshot.js";

interface Case {
  method: string;
  path: string;
  body?: unknown;
  /** The validation item the 400 must name. */
  field: string;
}

forEachDialect("out-of-range and NUL inputs", (dialect) => {
  let server: TestServer;
  let companyId: string;
  let token: string;

  before(async () => {
    server = await startTestServer({ dialect });
    const headers = { authorization: server.authHeader, "content-type": "application/json" };
    const company = await fetch(`${server.url}/companies`, { method: "POST", headers, body: JSON.stringify({ name: "Target" }) });
    companyId = ((await company.json()) as { id: string }).id;
    const issued = await fetch(`${server.url}/companies/${companyId}/connectionManagement/accessToken`, { headers });
    token = ((await issued.json()) as { accessToken: string }).accessToken;
  });
  after(async () => server?.close());

  async function expect400(c: Case, authorization: string): Promise<void> {
    const res = await fetch(`${server.url}${c.path}`, {
      method: c.method,
      headers: { authorization, ...(c.body === undefined ? {} : { "content-type": "application/json" }) },
      ...(c.body === undefined ? {} : { body: JSON.stringify(c.body) }),
    });
    const text = await res.text();
    assert.equal(res.status, 400, `${c.method} ${c.path}: ${text}`);
    assert.equal(errorMessageProblem(400, text, res.headers.get("x-correlation-id") ?? undefined), undefined, text);
    const items = (JSON.parse(text) as { validation: { errors: Array<{ itemId: string }> } }).validation.errors;
    assert.ok(items.some((item) => item.itemId === c.field), `${c.method} ${c.path} names ${c.field}: ${text}`);
  }

  it("refuses page numbers past the contract's int32, with an API key and with a bearer token", async () => {
    for (const page of ["100000000000000000", "2147483648", "9223372036854775808"]) {
      await expect400({ method: "GET", path: `/companies?page=${page}`, field: "query.page" }, server.authHeader);
      await expect400({ method: "GET", path: `/companies/${companyId}/connections?page=${page}`, field: "query.page" }, `Bearer ${token}`);
      await expect400({ method: "GET", path: `/integrations?page=${page}`, field: "query.page" }, server.authHeader);
    }
    // The largest page the contract allows is answered, empty.
    const res = await fetch(`${server.url}/companies?page=2147483647&pageSize=5000`, { headers: { authorization: server.authHeader } });
    assert.equal(res.status, 200);
    assert.deepEqual(((await res.json()) as { results: unknown[] }).results, []);
  });

  it("refuses the NUL character wherever text reaches the database, and changes nothing", async () => {
    const before = await databaseFingerprint(server.db);
    const cases: Case[] = [
      { method: "GET", path: `/companies?query=${encodeURIComponent("name=a\u0000b")}`, field: "query.query" },
      { method: "GET", path: `/companies?orderBy=${encodeURIComponent("name\u0000")}`, field: "query.orderBy" },
      { method: "POST", path: "/companies", body: { name: "a\u0000b" }, field: "body.name" },
      { method: "POST", path: "/companies", body: { name: "ok", description: "evil\u0000" }, field: "body.description" },
      { method: "POST", path: "/companies", body: { name: "ok", tags: { region: "eu\u0000" } }, field: "body.tags.region" },
      { method: "PATCH", path: `/companies/${companyId}`, body: { description: "\u0000" }, field: "body.description" },
      { method: "PUT", path: `/companies/${companyId}`, body: { name: "x\u0000" }, field: "body.name" },
      { method: "POST", path: "/apiKeys", body: { name: "key\u0000name" }, field: "body.name" },
      { method: "POST", path: "/corsSettings", body: { allowedOrigins: ["https://a.example\u0000"] }, field: "body.allowedOrigins.0" },
      { method: "POST", path: `/companies/${companyId}/connections`, body: { platformKey: "gbol\u0000" }, field: "body.platformKey" },
    ];
    for (const c of cases) await expect400(c, server.authHeader);
    await expect400(
      { method: "GET", path: `/companies/${companyId}/connections?query=${encodeURIComponent("status=\u0000")}`, field: "query.query" },
      `Bearer ${token}`,
    );
    assert.equal(await databaseFingerprint(server.db), before);
  });
});
